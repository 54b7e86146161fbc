import type { Database } from './database';
import type { StaffSessionsTable } from './schema';

export type StaffSessionRow = StaffSessionsTable;

export async function insertStaffSession(db: Database, row: StaffSessionRow): Promise<void> {
  await db.insertInto('staff_sessions').values(row).execute();
}

export async function findStaffSession(
  db: Database,
  tokenHash: string,
): Promise<StaffSessionRow | undefined> {
  return db
    .selectFrom('staff_sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchStaffSession(
  db: Database,
  tokenHash: string,
  lastSeenAt: string,
): Promise<void> {
  await db
    .updateTable('staff_sessions')
    .set({ last_seen_at: lastSeenAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteStaffSession(db: Database, tokenHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteStaffSessionsOfUser(db: Database, userId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('user_id', '=', userId).execute();
}
