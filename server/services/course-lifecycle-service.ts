/**
 * A course's life: a change of level of care (a new episode, possibly at another unit — the
 * transitions where many patients are lost) and its end (completed, dropped out, transferred,
 * other).
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors';
import {
  closeOpenEpisodes,
  insertEpisode,
  listEpisodes,
  updateCourse,
} from '../storage/course-repository';
import type { Database } from '../storage/database';
import { findOrganisationById } from '../storage/organisation-repository';
import type { EndType, LevelOfCare } from '../storage/schema';
import { courseFacts, recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { courseForWork } from './course-access';
import type { RiskEngine } from './risk-engine';

export function createCourseLifecycleService(db: Database, risk: RiskEngine, clock: () => Date) {
  return {
    async changeLevelOfCare(
      actor: Actor,
      courseId: string,
      input: { levelOfCare: LevelOfCare; startDate: string; unitId?: string },
    ) {
      const now = clock();
      const { course, role } = await courseForWork(db, actor, courseId, 'episode.create', now);
      if (course.end_date) throw new ConflictError('course_ended', 'The course has ended');
      const unitId = input.unitId ?? course.unit_id;
      const unit = await findOrganisationById(db, unitId);
      if (unit?.kind !== 'unit') throw new NotFoundError('No such unit');
      const episodes = await listEpisodes(db, courseId);
      if (episodes.some((e) => e.start_date > input.startDate)) {
        throw new UnprocessableError(
          'date_before_episode',
          'The new level of care cannot start before an earlier episode',
          [{ path: ['startDate'], message: 'before an earlier episode' }],
        );
      }
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await closeOpenEpisodes(trx, courseId, input.startDate);
        await insertEpisode(trx, {
          id,
          course_id: courseId,
          unit_id: unitId,
          level_of_care: input.levelOfCare,
          start_date: input.startDate,
          end_date: null,
          created_at: now.toISOString(),
        });
        await recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'episode.create', { object: ['episode', id] }),
          now,
        );
        await risk.refresh(trx, courseId, now);
      });
      return { id, levelOfCare: input.levelOfCare, unitId, startDate: input.startDate };
    },

    async end(
      actor: Actor,
      courseId: string,
      input: { type: EndType; date: string; note?: string },
    ) {
      const now = clock();
      const { course, role } = await courseForWork(db, actor, courseId, 'course.end', now);
      if (course.end_date)
        throw new ConflictError('course_ended', `The course already ended on ${course.end_date}`);
      if (input.date < course.start_date) {
        throw new UnprocessableError(
          'end_before_start',
          'The course cannot end before it started',
          [{ path: ['date'], message: 'before the start date' }],
        );
      }
      await db.transaction().execute(async (trx) => {
        await updateCourse(trx, courseId, {
          end_type: input.type,
          end_date: input.date,
          end_note: input.note ?? null,
          updated_at: now.toISOString(),
        });
        await closeOpenEpisodes(trx, courseId, input.date);
        await recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'course.end', { object: ['course', courseId] }),
          now,
        );
        await risk.refresh(trx, courseId, now);
        // A completed course joins the basis of the unit's own expected trajectory.
        if (input.type === 'completed') await risk.refreshUnitBasis(trx, course.unit_id, now);
      });
      return {
        id: courseId,
        end: { type: input.type, date: input.date, note: input.note ?? null },
      };
    },
  };
}

export type CourseLifecycleService = ReturnType<typeof createCourseLifecycleService>;
