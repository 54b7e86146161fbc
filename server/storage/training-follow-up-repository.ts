/**
 * The queries behind the trainers' implementation follow-up: which units a trainer supports,
 * and per unit its trainers, its trained clinicians and the courses that reached it. Practice
 * units never count. Dates are ISO text, so ranges mean the same on SQLite and PostgreSQL.
 */
import type { Database } from './database';
import { runOrCreatedBy, type TrainingCourseRow } from './training-repository';

export interface FollowUpUnitRow {
  id: string;
  name: string;
  isDemo: boolean;
}

/** Units (kind unit, never practice units), by name: every one, or those with the given ids. */
export async function listFollowUpUnits(
  db: Database,
  ids?: readonly string[],
): Promise<FollowUpUnitRow[]> {
  if (ids && ids.length === 0) return [];
  let query = db
    .selectFrom('organisations')
    .select(['id', 'name', 'is_demo'])
    .where('kind', '=', 'unit')
    .where('is_practice', '=', 0)
    .orderBy('name')
    .orderBy('id');
  if (ids) query = query.where('id', 'in', ids);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, isDemo: r.is_demo === 1 }));
}

/**
 * The units a trainer's courses reach: the host units of the courses they run or created, and
 * the units of those courses' registered participants.
 */
export async function listUnitsOfTrainerCourses(db: Database, userId: string): Promise<string[]> {
  const courses = db.selectFrom('training_courses as c').where(runOrCreatedBy(userId));
  const hosts = await courses.select('c.unit_id').where('c.unit_id', 'is not', null).execute();
  const participants = await courses
    .innerJoin('training_participants as p', 'p.course_id', 'c.id')
    .select('p.unit_id')
    .where('p.status', '=', 'registered')
    .where('p.unit_id', 'is not', null)
    .execute();
  return [...new Set([...hosts, ...participants].flatMap((r) => (r.unit_id ? [r.unit_id] : [])))];
}

export interface UnitTrainerRow {
  /** The trainer record, or null for a trainer by membership only (never certified in KOR). */
  id: string | null;
  userId: string | null;
  unitId: string;
  name: string;
  certifiedAt: string | null;
}

/**
 * Trainers of the given units: trainer records whose unit it is, and active staff users with a
 * trainer membership at it who have no trainer record there (trainers appointed before KOR).
 */
export async function listTrainersOfUnits(
  db: Database,
  unitIds: readonly string[],
): Promise<UnitTrainerRow[]> {
  if (unitIds.length === 0) return [];
  const records = await db
    .selectFrom('trainers')
    .select(['id', 'user_id', 'unit_id', 'name', 'certified_at'])
    .where('unit_id', 'in', unitIds)
    .execute();
  const members = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as userId', 'u.display_name as name', 'm.unit_id as unitId'])
    .where('m.role', '=', 'trainer')
    .where('m.unit_id', 'in', unitIds)
    .where('u.is_active', '=', 1)
    .execute();
  const recorded = new Set(records.map((r) => `${r.unit_id}/${r.user_id}`));
  return [
    ...records.flatMap((r) =>
      r.unit_id
        ? [
            {
              id: r.id,
              userId: r.user_id,
              unitId: r.unit_id,
              name: r.name,
              certifiedAt: r.certified_at,
            },
          ]
        : [],
    ),
    ...members
      .filter((m) => !recorded.has(`${m.unitId}/${m.userId}`))
      .map((m) => ({
        id: null,
        userId: m.userId,
        unitId: m.unitId,
        name: m.name,
        certifiedAt: null,
      })),
  ];
}

/** Participants from the given units who completed a course (one row per registration). */
export async function listCompletedParticipantsOfUnits(
  db: Database,
  unitIds: readonly string[],
): Promise<{ id: string; unitId: string; userId: string | null; email: string | null }[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('training_participants')
    .select(['id', 'unit_id', 'user_id', 'email'])
    .where('unit_id', 'in', unitIds)
    .where('status', '=', 'registered')
    .where('completed', '=', 1)
    .execute();
  return rows.flatMap((r) =>
    r.unit_id ? [{ id: r.id, unitId: r.unit_id, userId: r.user_id, email: r.email }] : [],
  );
}

/**
 * Courses (not cancelled) running at some time in the period that were hosted by one of the
 * units or had a registered participant from it: one row per unit and course.
 */
export async function listCoursesReachingUnits(
  db: Database,
  unitIds: readonly string[],
  period: { from: string; to: string },
): Promise<{ unitId: string; course: TrainingCourseRow }[]> {
  if (unitIds.length === 0) return [];
  const inPeriod = db
    .selectFrom('training_courses as c')
    .selectAll('c')
    .where('c.status', '<>', 'cancelled')
    .where('c.start_date', '<=', period.to)
    .where('c.end_date', '>=', period.from);
  const [hosted, attended] = await Promise.all([
    inPeriod.where('c.unit_id', 'in', unitIds).execute(),
    inPeriod
      .innerJoin('training_participants as p', 'p.course_id', 'c.id')
      .select('p.unit_id as participant_unit_id')
      .distinct()
      .where('p.unit_id', 'in', unitIds)
      .where('p.status', '=', 'registered')
      .execute(),
  ]);
  const seen = new Set<string>();
  const result: { unitId: string; course: TrainingCourseRow }[] = [];
  const add = (unitId: string | null, course: TrainingCourseRow) => {
    if (!unitId || seen.has(`${unitId} ${course.id}`)) return;
    seen.add(`${unitId} ${course.id}`);
    result.push({ unitId, course });
  };
  for (const c of hosted) add(c.unit_id, c);
  for (const { participant_unit_id, ...c } of attended) add(participant_unit_id, c);
  return result.sort(
    (a, b) =>
      a.course.start_date.localeCompare(b.course.start_date) ||
      a.course.title.localeCompare(b.course.title, 'nb') ||
      a.course.id.localeCompare(b.course.id),
  );
}
