/**
 * Practice units of training courses and their cases (synthetic courses, one per pattern), and
 * who may work in a practice unit: its therapist memberships and the cases' therapists are kept
 * equal to the training course's trainers and registered staff participants.
 */
import type { Database } from './database';
import type { CourseRiskTable, PracticeCasesTable, PracticeUnitsTable } from './schema';

export type PracticeUnitRow = PracticeUnitsTable;
export type PracticeCaseRow = PracticeCasesTable;

export async function insertPracticeUnit(db: Database, row: PracticeUnitRow): Promise<void> {
  await db.insertInto('practice_units').values(row).execute();
}

export async function findPracticeUnitByTrainingCourse(
  db: Database,
  trainingCourseId: string,
): Promise<(PracticeUnitRow & { unit_name: string }) | undefined> {
  return db
    .selectFrom('practice_units as pu')
    .innerJoin('organisations as o', 'o.id', 'pu.unit_id')
    .selectAll('pu')
    .select('o.name as unit_name')
    .where('pu.training_course_id', '=', trainingCourseId)
    .executeTakeFirst();
}

export async function insertPracticeCase(db: Database, row: PracticeCaseRow): Promise<void> {
  await db.insertInto('practice_cases').values(row).execute();
}

export interface PracticeCaseListRow {
  id: string;
  position: number;
  pattern: PracticeCaseRow['pattern'];
  course_id: string;
  patient_code: string;
  level: CourseRiskTable['level'] | null;
  reasons: string | null;
  computed_at: string | null;
}

/** A practice unit's cases in position order, with their stored risk. */
export async function listPracticeCasesOfUnit(
  db: Database,
  unitId: string,
): Promise<PracticeCaseListRow[]> {
  return db
    .selectFrom('practice_cases as pc')
    .innerJoin('treatment_courses as c', 'c.id', 'pc.course_id')
    .innerJoin('patients as p', 'p.id', 'c.patient_id')
    .leftJoin('course_risk as r', 'r.course_id', 'pc.course_id')
    .select([
      'pc.id',
      'pc.position',
      'pc.pattern',
      'pc.course_id',
      'p.code as patient_code',
      'r.level',
      'r.reasons',
      'r.computed_at',
    ])
    .where('pc.unit_id', '=', unitId)
    .orderBy('pc.position')
    .execute();
}

/** The trainers of a training course and its registered (not cancelled) staff participants. */
export async function listPracticeUserIds(
  db: Database,
  trainingCourseId: string,
): Promise<string[]> {
  const trainers = await db
    .selectFrom('training_course_trainers')
    .select('user_id')
    .where('course_id', '=', trainingCourseId)
    .execute();
  const participants = await db
    .selectFrom('training_participants')
    .select('user_id')
    .where('course_id', '=', trainingCourseId)
    .where('status', '=', 'registered')
    .where('user_id', 'is not', null)
    .execute();
  const ids = [...trainers, ...participants].flatMap((r) => (r.user_id ? [r.user_id] : []));
  return [...new Set(ids)].sort();
}

/** Therapist memberships of the practice unit: exactly `userIds` (added and removed). */
export async function syncPracticeMemberships(
  db: Database,
  unitId: string,
  userIds: readonly string[],
  stamp: string,
): Promise<void> {
  let stale = db
    .deleteFrom('memberships')
    .where('unit_id', '=', unitId)
    .where('role', '=', 'therapist');
  if (userIds.length) stale = stale.where('user_id', 'not in', [...userIds]);
  await stale.execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('memberships')
    .values(
      userIds.map((user_id) => ({
        user_id,
        unit_id: unitId,
        role: 'therapist' as const,
        created_at: stamp,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The therapists of every case of the practice unit: exactly `userIds` (added and removed). */
export async function syncPracticeCourseTherapists(
  db: Database,
  unitId: string,
  userIds: readonly string[],
  stamp: string,
): Promise<void> {
  const cases = await db
    .selectFrom('practice_cases')
    .select('course_id')
    .where('unit_id', '=', unitId)
    .execute();
  const courseIds = cases.map((c) => c.course_id);
  if (courseIds.length === 0) return;
  let stale = db.deleteFrom('course_therapists').where('course_id', 'in', courseIds);
  if (userIds.length) stale = stale.where('user_id', 'not in', [...userIds]);
  await stale.execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('course_therapists')
    .values(
      courseIds.flatMap((course_id) =>
        userIds.map((user_id) => ({ course_id, user_id, created_at: stamp })),
      ),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}
