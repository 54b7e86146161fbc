import type { Kysely } from 'kysely';

/**
 * A patient's submit reads the responses of its form session, inside the write transaction
 * (is this form already answered? was it the last one?) and again for what remains. Without an
 * index that read scans every response of the installation while holding the write lock: 0.3 s
 * at half a million responses on SQLite, and every other write waits for it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('responses_form_session')
    .on('responses')
    .column('form_session_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('responses_form_session').execute();
}
