import type { Database } from './database';
import type { OidcLoginsTable } from './schema';

export type OidcLoginRow = OidcLoginsTable;

export async function insertOidcLogin(db: Database, row: OidcLoginRow): Promise<void> {
  await db.insertInto('oidc_logins').values(row).execute();
}

/**
 * Takes a pending login out: returns it and deletes it, or undefined when there is none (unknown
 * state, or another request took it first). A login can be taken once.
 */
export async function takeOidcLogin(
  db: Database,
  stateHash: string,
): Promise<OidcLoginRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('oidc_logins')
      .selectAll()
      .where('state_hash', '=', stateHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const deleted = await trx
      .deleteFrom('oidc_logins')
      .where('state_hash', '=', stateHash)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows) === 1 ? row : undefined;
  });
}

export async function deleteExpiredOidcLogins(db: Database, now: string): Promise<void> {
  await db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
}
