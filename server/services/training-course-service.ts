/**
 * Training courses: list, create, read and change, with access control and one audit event per
 * write (actions `training.*`, never a patient).
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  findTrainingCourseById,
  insertTrainingCourse,
  listTrainingCourses,
  lockTrainingCourse,
  replaceTrainingCourseTrainers,
  type TrainingCourseRow,
  updateTrainingCourse,
} from '../storage/training-repository';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { syncPracticeAccess } from './practice-service';
import { ensureTrainerForUser } from './trainer-records';
import {
  editableTrainingCourse,
  regionOf,
  requireTrainingReader,
  requireTrainingWriter,
  trainingFacts,
  visibleTrainingCourse,
} from './training-access';
import {
  applyChanges,
  type CourseChanges,
  type CourseFields,
  checkChanges,
  checkCourse,
  checkTrainers,
  newEvaluationCode,
} from './training-course-rules';
import { courseDetail, courseSummaries } from './training-views';

export function createTrainingCourseService(db: Database, clock: () => Date) {
  const inTransaction = <T>(work: (trx: Database) => Promise<T>) => db.transaction().execute(work);

  return {
    async list(actor: Actor) {
      const access = requireTrainingReader(actor);
      const rows = await listTrainingCourses(db, access.seesAll ? {} : { userId: actor.userId });
      return { courses: await courseSummaries(db, rows) };
    },

    async get(actor: Actor, courseId: string) {
      const { course } = await visibleTrainingCourse(db, actor, courseId);
      return courseDetail(db, course);
    },

    async create(actor: Actor, input: CourseFields) {
      const access = requireTrainingWriter(actor);
      const trainerIds = [...new Set(input.trainerIds ?? [actor.userId])];
      const unitId = input.unitId ?? null;
      const regionId = input.regionId ?? (await regionOf(db, unitId));
      await checkCourse(db, { ...input, regionId: input.regionId ?? null, unitId });
      await checkTrainers(db, trainerIds);
      const course = await inTransaction(async (trx) => {
        const now = clock();
        const stamp = now.toISOString();
        const row: TrainingCourseRow = {
          id: randomUUID(),
          kind: input.kind,
          title: input.title,
          start_date: input.startDate,
          end_date: input.endDate,
          days: input.days,
          place: input.place ?? null,
          digital: input.digital ? 1 : 0,
          capacity: input.capacity,
          fee_nok: input.feeNok,
          status: 'planned',
          region_id: regionId,
          unit_id: unitId,
          evaluation_code: await newEvaluationCode(trx),
          created_by: actor.userId,
          created_at: stamp,
          updated_at: stamp,
        };
        await insertTrainingCourse(trx, row, trainerIds);
        for (const id of trainerIds) await ensureTrainerForUser(trx, id, now);
        await recordAccess(
          trx,
          actor,
          trainingFacts(access, 'training.course.create', unitId, ['training_course', row.id]),
          now,
        );
        return row;
      });
      return courseDetail(db, course);
    },

    async update(actor: Actor, courseId: string, changes: CourseChanges) {
      const { access } = await editableTrainingCourse(db, actor, courseId);
      const fields = Object.keys(changes).filter(
        (k) => changes[k as keyof CourseChanges] !== undefined,
      );
      if (changes.trainerIds) await checkTrainers(db, changes.trainerIds);
      const updated = await inTransaction(async (trx) => {
        await lockTrainingCourse(trx, courseId);
        const course = await findTrainingCourseById(trx, courseId);
        if (!course) throw new NotFoundError('No such training course');
        if (fields.length === 0) return course;
        await checkChanges(trx, course, changes, fields);
        const now = clock();
        const row = applyChanges(course, changes, now);
        if (changes.unitId !== undefined && changes.regionId === undefined && !row.region_id) {
          row.region_id = await regionOf(trx, row.unit_id);
        }
        await checkCourse(trx, {
          startDate: row.start_date,
          endDate: row.end_date,
          days: row.days,
          regionId: row.region_id,
          unitId: row.unit_id,
        });
        const { id: _, created_at: __, created_by: ___, ...set } = row;
        await updateTrainingCourse(trx, course.id, set);
        if (changes.trainerIds) {
          const trainerIds = [...new Set(changes.trainerIds)];
          await replaceTrainingCourseTrainers(trx, course.id, trainerIds);
          for (const id of trainerIds) await ensureTrainerForUser(trx, id, now);
        }
        await syncPracticeAccess(trx, course.id, now);
        await recordAccess(
          trx,
          actor,
          trainingFacts(access, 'training.course.update', row.unit_id, [
            'training_course',
            course.id,
          ]),
          now,
        );
        return row;
      });
      return courseDetail(db, updated);
    },
  };
}

export type TrainingCourseService = ReturnType<typeof createTrainingCourseService>;
