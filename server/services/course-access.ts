/**
 * Access to one course. Visible to the unit's therapists and lead (anyone else: 404). Work on it
 * — and reading it without a stated reason — is for the course's therapists and the unit lead;
 * another therapist of the unit is refused, and the attempt is logged as denied.
 */
import { ForbiddenError, NotFoundError } from '../http/errors';
import { type CourseRow, findCourseWithTherapists } from '../storage/course-repository';
import type { Database } from '../storage/database';
import type { UnitRole } from '../storage/schema';
import { clinicalRole } from './access';
import { courseFacts, recordAccess } from './audit-service';
import type { Actor } from './auth-service';

export interface VisibleCourse {
  course: CourseRow;
  role: UnitRole;
  /** The actor is one of the course's therapists. */
  own: boolean;
  therapists: string[];
}

export async function visibleCourse(
  db: Database,
  actor: Actor,
  courseId: string,
): Promise<VisibleCourse> {
  const found = await findCourseWithTherapists(db, courseId);
  const role = found ? clinicalRole(actor, found.course.unit_id) : null;
  if (!found || !role) throw new NotFoundError('No such course');
  const { course, therapists } = found;
  return { course, role, own: therapists.includes(actor.userId), therapists };
}

/** Logs the refused attempt, then refuses. */
export async function denyCourse(
  db: Database,
  actor: Actor,
  { course, role }: Pick<VisibleCourse, 'course' | 'role'>,
  action: string,
  now: Date,
  refusal: { code: string; message: string },
): Promise<never> {
  await db
    .transaction()
    .execute((trx) =>
      recordAccess(trx, actor, courseFacts(course, role, action, { outcome: 'denied' }), now),
    );
  throw new ForbiddenError(refusal.code, refusal.message);
}

export async function courseForWork(
  db: Database,
  actor: Actor,
  courseId: string,
  action: string,
  now: Date,
): Promise<{ course: CourseRow; role: UnitRole }> {
  const visible = await visibleCourse(db, actor, courseId);
  if (visible.role === 'therapist' && !visible.own) {
    await denyCourse(db, actor, visible, action, now, {
      code: 'not_on_course',
      message: 'Only the course’s therapists and the unit lead can do this',
    });
  }
  return { course: visible.course, role: visible.role };
}

/**
 * A course to read: its therapists and the unit lead freely; another therapist of the unit only
 * with a stated reason (refused and logged without one). Returns the reason to log, if any.
 */
export async function readableCourse(
  db: Database,
  actor: Actor,
  courseId: string,
  reason: string | undefined,
  action: string,
  now: Date,
): Promise<VisibleCourse & { reason: string | null }> {
  const visible = await visibleCourse(db, actor, courseId);
  const stated = reason?.trim() || undefined;
  const needsReason = visible.role === 'therapist' && !visible.own;
  if (needsReason && !stated) {
    await denyCourse(db, actor, visible, action, now, {
      code: 'reason_required',
      message: 'This course is not on your caseload: state a reason (X-Access-Reason) to open it',
    });
  }
  return { ...visible, reason: needsReason ? (stated ?? null) : null };
}
