/**
 * The audit log: append-only rows chained by hash. Appends are serialised (one writer on SQLite,
 * the chain head's row lock inside COMMIT on PostgreSQL) so the chain has no forks.
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Database } from './database';
import type { AuditEventsTable } from './schema';

export type AuditEventRow = AuditEventsTable;
export type NewAuditEvent = Omit<AuditEventRow, 'seq' | 'prev_hash' | 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event in the order the hash covers them (after seq). */
const HASHED_FIELDS = [
  'at',
  'user_id',
  'role',
  'unit_id',
  'action',
  'patient_id',
  'course_id',
  'object_type',
  'object_id',
  'outcome',
  'reason',
  'client',
] as const satisfies readonly (keyof NewAuditEvent)[];

/** The hash of an event: SHA-256 over the previous hash and the event's fields, in a fixed order. */
export function auditHash(event: Omit<AuditEventRow, 'hash'>): string {
  const fields = [event.seq, ...HASHED_FIELDS.map((field) => event[field])];
  return createHash('sha256').update(event.prev_hash).update(JSON.stringify(fields)).digest('hex');
}

/**
 * A lone UTF-16 surrogate cannot be stored as UTF-8: the database would keep U+FFFD while the
 * hash covered the surrogate, and the chain check would then report an untouched event as edited.
 * Replacing it before hashing and storing keeps what is hashed and what is stored the same.
 */
function wellFormed(event: NewAuditEvent): NewAuditEvent {
  const out = { ...event };
  for (const field of HASHED_FIELDS) {
    const value = out[field];
    if (typeof value === 'string') {
      (out as Record<string, unknown>)[field] = value.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
    }
  }
  return out;
}

/**
 * Appends within the caller's transaction, so the event commits or rolls back with the change.
 *
 * On PostgreSQL the event goes into `audit_pending` and is chained when the transaction commits,
 * by the trigger of migration 0015: the chain's lock (the head row) is held only inside COMMIT,
 * and the hash is computed by the database over the same fields as `auditHash`, which the chain
 * check recomputes. On SQLite, with one writer at a time, the head is moved on here.
 */
export async function appendAuditEvent(trx: Database, input: NewAuditEvent): Promise<void> {
  const event = wellFormed(input);
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await trx.insertInto('audit_pending').values(event).execute();
    return;
  }
  const head = await trx
    .updateTable('audit_chain_head')
    .set((eb) => ({ seq: eb('seq', '+', 1), prev_hash: eb.ref('hash') }))
    .where('id', '=', 1)
    .returning(['seq', 'prev_hash'])
    .executeTakeFirstOrThrow();
  const partial = { ...event, seq: Number(head.seq), prev_hash: head.prev_hash };
  const hash = auditHash(partial);
  await trx
    .insertInto('audit_events')
    .values({ ...partial, hash })
    .execute();
  await trx.updateTable('audit_chain_head').set({ hash }).where('id', '=', 1).execute();
}

/** The chain's head as stored: the last event's number and hash. */
export async function readAuditChainHead(
  db: Database,
): Promise<{ seq: number; hash: string } | undefined> {
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : undefined;
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

/** An audit event as an access report shows it: with the user's name and the patient's code. */
export interface AccessEventRow extends AuditEventRow {
  user_name: string | null;
  patient_code: string | null;
  /**
   * 1 when a therapist touched a patient they are not therapist for on any course (now): an
   * access outside their own caseload.
   */
  outside_caseload: number;
}

export interface AccessEventFilter {
  patientId?: string;
  userId?: string;
  /** Only events in these units (a unit lead's view of a user). */
  unitIds?: readonly string[];
  unitId?: string;
  /** [from, to) as ISO instants. */
  from?: string;
  to?: string;
  /** Only accesses outside the user's caseload, with a stated reason, or refused. */
  exceptionsOnly?: boolean;
  limit: number;
}

export async function listAccessEvents(
  db: Database,
  filter: AccessEventFilter,
): Promise<AccessEventRow[]> {
  const outside = sql<number>`case when e.role = 'therapist' and e.patient_id is not null and not exists (
      select 1 from course_therapists ct
      join treatment_courses tc on tc.id = ct.course_id
      where tc.patient_id = e.patient_id and ct.user_id = e.user_id
    ) then 1 else 0 end`;
  let query = db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .leftJoin('patients as p', 'p.id', 'e.patient_id')
    .selectAll('e')
    .select([
      'u.display_name as user_name',
      'p.code as patient_code',
      outside.as('outside_caseload'),
    ])
    .orderBy('e.seq')
    .limit(filter.limit);
  if (filter.patientId) query = query.where('e.patient_id', '=', filter.patientId);
  if (filter.userId) query = query.where('e.user_id', '=', filter.userId);
  if (filter.unitId) query = query.where('e.unit_id', '=', filter.unitId);
  if (filter.unitIds) {
    const ids = [...filter.unitIds];
    if (ids.length === 0) return [];
    query = query.where('e.unit_id', 'in', ids);
  }
  if (filter.from) query = query.where('e.at', '>=', filter.from);
  if (filter.to) query = query.where('e.at', '<', filter.to);
  if (filter.exceptionsOnly)
    query = query.where((eb) =>
      eb.or([eb('e.reason', 'is not', null), eb('e.outcome', '=', 'denied'), eb(outside, '=', 1)]),
    );
  const rows = await query.execute();
  return rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    outside_caseload: Number(r.outside_caseload),
  }));
}
