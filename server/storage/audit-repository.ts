/**
 * The audit log: append-only rows chained by hash. Appends are serialised (one writer on SQLite,
 * an advisory lock on PostgreSQL) so the chain has no forks.
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import { lockCourseRow } from './course-repository';
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
    // The course's row lock first, as a risk recompute takes it: one order, no deadlock.
    if (event.course_id) await lockCourseRow(trx, event.course_id);
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
