/**
 * Audit events for every read and write of patient data, and the check that the chain is whole.
 */
import {
  appendAuditEvent,
  auditHash,
  GENESIS_HASH,
  listAuditEvents,
  readAuditChainHead,
} from '../storage/audit-repository';
import type { Database } from '../storage/database';
import type { Actor } from './auth-service';

export interface AccessFacts {
  action: string;
  unitId: string | null;
  role: string | null;
  patientId?: string | null;
  courseId?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  outcome: 'allowed' | 'denied';
  reason?: string | null;
  /** Where from; defaults to the actor's client. */
  client?: string | null;
}

/** `actor` is null for a patient in their own form session (role "patient"). */
export function recordAccess(
  trx: Database,
  actor: Actor | null,
  facts: AccessFacts,
  now: Date,
): Promise<void> {
  return appendAuditEvent(trx, {
    at: now.toISOString(),
    user_id: actor?.userId ?? null,
    role: facts.role,
    unit_id: facts.unitId,
    action: facts.action,
    patient_id: facts.patientId ?? null,
    course_id: facts.courseId ?? null,
    object_type: facts.objectType ?? null,
    object_id: facts.objectId ?? null,
    outcome: facts.outcome,
    reason: facts.reason ?? null,
    client: facts.client ?? actor?.client ?? null,
  });
}

export interface ChainCheck {
  ok: boolean;
  events: number;
  /** The first event whose hash or link does not match. */
  brokenAt?: number;
}

/**
 * Recomputes every hash in order; any edited, removed or inserted event breaks the chain. The
 * walk ends where the chain's head says the last event is, so events removed from the end (or
 * added after it without moving the head) break it too.
 */
export async function verifyAuditChain(db: Database): Promise<ChainCheck> {
  const head = await readAuditChainHead(db);
  let previous = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await listAuditEvents(db, { afterSeq: expectedSeq - 1, limit: 1000 });
    if (page.length === 0) {
      if (head && (head.seq !== count || head.hash !== previous)) {
        const brokenAt = head.seq === count ? count : Math.min(head.seq, count) + 1;
        return { ok: false, events: count, brokenAt };
      }
      return { ok: true, events: count };
    }
    for (const event of page) {
      const { hash, ...rest } = event;
      if (event.seq !== expectedSeq || event.prev_hash !== previous || auditHash(rest) !== hash) {
        return { ok: false, events: count, brokenAt: expectedSeq };
      }
      previous = hash;
      expectedSeq++;
      count++;
    }
  }
}

/** The audit queries bound to a database and a clock, as the routes use them. */
export function createAuditQueries(db: Database) {
  return {
    verify: () => verifyAuditChain(db),
  };
}

export type AuditQueries = ReturnType<typeof createAuditQueries>;

/** The facts of an access to one course: its unit and patient, and the actor's role there. */
export function courseFacts(
  course: { id: string; unit_id: string; patient_id: string },
  role: string,
  action: string,
  more: {
    object?: [type: string, id: string];
    outcome?: 'allowed' | 'denied';
    reason?: string | null;
  } = {},
): AccessFacts {
  return {
    action,
    unitId: course.unit_id,
    role,
    patientId: course.patient_id,
    courseId: course.id,
    objectType: more.object?.[0] ?? null,
    objectId: more.object?.[1] ?? null,
    outcome: more.outcome ?? 'allowed',
    reason: more.reason ?? null,
  };
}
