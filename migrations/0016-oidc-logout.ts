import type { Kysely } from 'kysely';

/**
 * Logout at the OpenID Connect provider too: a session that began there keeps the provider's ID
 * token, which KOR sends back as `id_token_hint` when the user logs out (HelseID asks for it).
 * Gone with the session; NULL for a login with a password.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('staff_sessions').addColumn('oidc_id_token', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('staff_sessions').dropColumn('oidc_id_token').execute();
}
