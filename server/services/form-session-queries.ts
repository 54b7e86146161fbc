/**
 * The therapist's view of a course's form sessions: which are waiting for the patient, which
 * are in progress, completed, ended unfinished (the patient stopped or the tablet went idle) or
 * expired — and withdrawing one that should no longer be used (a code given to the wrong person).
 */
import { ConflictError, NotFoundError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  type FormSessionRow,
  findFormSessionById,
  listFormSessionsOfCourse,
  updateFormSession,
} from '../storage/form-repository';
import { courseFacts, recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { courseForWork } from './course-access';

export type ShownStatus =
  | 'waiting'
  | 'in_progress'
  | 'completed'
  | 'ended_unfinished'
  | 'expired'
  | 'revoked';

/** What a session's stored status means now. */
export function shownStatus(s: FormSessionRow, now: string): ShownStatus {
  switch (s.status) {
    case 'open':
      return s.expires_at <= now ? 'expired' : 'waiting';
    case 'in_progress':
      return s.patient_token_expires_at && s.patient_token_expires_at <= now
        ? 'ended_unfinished'
        : 'in_progress';
    default:
      return s.status;
  }
}

export function createFormSessionQueries(db: Database, clock: () => Date) {
  return {
    async list(actor: Actor, courseId: string) {
      const now = clock();
      const { course, role } = await courseForWork(db, actor, courseId, 'form_sessions.read', now);
      const rows = await listFormSessionsOfCourse(db, courseId, 20);
      await db.transaction().execute((trx) =>
        recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'form_sessions.read', {
            object: ['form_sessions', String(rows.length)],
          }),
          now,
        ),
      );
      const stamp = now.toISOString();
      return rows.map((s) => ({
        id: s.id,
        channel: s.channel,
        instruments: (JSON.parse(s.instruments) as { id: string }[]).map((i) => i.id),
        answered: s.answered,
        status: shownStatus(s, stamp),
        createdAt: s.created_at,
        expiresAt: s.expires_at,
        completedAt: s.completed_at,
      }));
    },

    /** Withdraws a session: its code, link and patient token stop working at once. */
    async revoke(actor: Actor, courseId: string, sessionId: string) {
      const now = clock();
      const { course, role } = await courseForWork(db, actor, courseId, 'form_session.revoke', now);
      const session = await findFormSessionById(db, sessionId);
      if (!session || session.course_id !== courseId)
        throw new NotFoundError('No such form session');
      const stamp = now.toISOString();
      const status = shownStatus(session, stamp);
      if (status !== 'waiting' && status !== 'in_progress')
        throw new ConflictError(
          'not_active',
          `The form session is already ${status.replace('_', ' ')}`,
        );
      await db.transaction().execute(async (trx) => {
        await updateFormSession(trx, sessionId, {
          status: 'revoked',
          expires_at: stamp,
          ...(session.patient_token_hash ? { patient_token_expires_at: stamp } : {}),
        });
        await recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'form_session.revoke', { object: ['form_session', sessionId] }),
          now,
        );
      });
      return { id: sessionId, status: 'revoked' as const };
    },
  };
}

export type FormSessionQueries = ReturnType<typeof createFormSessionQueries>;
