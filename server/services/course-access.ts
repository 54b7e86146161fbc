/**
 * Access to one course for work on it: the course's therapists and the unit's lead. Another
 * therapist of the unit is refused (and the attempt logged); anyone else gets 404.
 */
import { ForbiddenError, NotFoundError } from '../http/errors';
import { type CourseRow, findCourseById, listCourseTherapists } from '../storage/course-repository';
import type { Database } from '../storage/database';
import type { UnitRole } from '../storage/schema';
import { clinicalRole } from './access';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';

export async function courseForWork(
  db: Database,
  actor: Actor,
  courseId: string,
  action: string,
  now: Date,
): Promise<{ course: CourseRow; role: UnitRole }> {
  const course = await findCourseById(db, courseId);
  const role = course ? clinicalRole(actor, course.unit_id) : null;
  if (!course || !role) throw new NotFoundError('No such course');
  if (role === 'therapist' && !(await listCourseTherapists(db, courseId)).includes(actor.userId)) {
    await db.transaction().execute((trx) =>
      recordAccess(
        trx,
        actor,
        {
          action,
          unitId: course.unit_id,
          role,
          patientId: course.patient_id,
          courseId,
          outcome: 'denied',
        },
        now,
      ),
    );
    throw new ForbiddenError(
      'not_on_course',
      'Only the course’s therapists and the unit lead can do this',
    );
  }
  return { course, role };
}
