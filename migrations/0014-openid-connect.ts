import type { Kysely } from 'kysely';

/**
 * Staff login through OpenID Connect. `users.external_id` holds the value of the configured
 * claim (for example HelseID's `helseid://claims/identity/pid_pseudonym`) when users are matched
 * by a claim other than e-mail; it is unique. `oidc_logins` holds a login between the redirect to
 * the provider and its return — in the database, so that the instance receiving the return need
 * not be the one that sent the user away. A row is used once and expires after ten minutes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('external_id', 'text').execute();
  await db.schema
    .createIndex('users_external_id')
    .unique()
    .on('users')
    .column('external_id')
    .execute();
  await db.schema
    .createTable('oidc_logins')
    /** sha256 of the `state` sent to the provider. */
    .addColumn('state_hash', 'text', (col) => col.primaryKey())
    /** sha256 of the random value in the browser's binding cookie. */
    .addColumn('browser_hash', 'text', (col) => col.notNull())
    .addColumn('nonce', 'text', (col) => col.notNull())
    .addColumn('code_verifier', 'text', (col) => col.notNull())
    /** Where in KOR to go after login: a relative path. */
    .addColumn('return_to', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_logins').execute();
  await db.schema.dropIndex('users_external_id').execute();
  await db.schema.alterTable('users').dropColumn('external_id').execute();
}
