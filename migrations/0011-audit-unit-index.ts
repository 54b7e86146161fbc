import type { Kysely } from 'kysely';

/**
 * The unit lead's weekly access report reads one unit's audit events in one week: without an
 * index on (unit_id, at) that is a scan of the whole audit log, which grows with every read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('audit_events_unit_at')
    .on('audit_events')
    .columns(['unit_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_events_unit_at').execute();
}
