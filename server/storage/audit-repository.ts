/**
 * The audit log: append-only rows chained by hash. Appends are serialised (one writer on SQLite,
 * an advisory lock on PostgreSQL) so the chain has no forks.
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Database } from './database';
import type { AuditEventsTable } from './schema';

export type AuditEventRow = AuditEventsTable;
export type NewAuditEvent = Omit<AuditEventRow, 'seq' | 'prev_hash' | 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK_KEY = 7_411_001;

/** The hash of an event: SHA-256 over the previous hash and the event's fields, in a fixed order. */
export function auditHash(event: Omit<AuditEventRow, 'hash'>): string {
  const fields = [
    event.seq,
    event.at,
    event.user_id,
    event.role,
    event.unit_id,
    event.action,
    event.patient_id,
    event.course_id,
    event.object_type,
    event.object_id,
    event.outcome,
    event.reason,
    event.client,
  ];
  return createHash('sha256').update(event.prev_hash).update(JSON.stringify(fields)).digest('hex');
}

/** Appends within the caller's transaction, so the event commits or rolls back with the change. */
export async function appendAuditEvent(
  trx: Database,
  event: NewAuditEvent,
): Promise<AuditEventRow> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  }
  const last = await trx
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const partial = {
    ...event,
    seq: Number(last?.seq ?? 0) + 1,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const row: AuditEventRow = { ...partial, hash: auditHash(partial) };
  await trx.insertInto('audit_events').values(row).execute();
  return row;
}

export async function listAuditEvents(
  db: Database,
  filter: { patientId?: string; userId?: string; afterSeq?: number; limit: number },
): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('seq').limit(filter.limit);
  if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  if (filter.afterSeq !== undefined) query = query.where('seq', '>', filter.afterSeq);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}
