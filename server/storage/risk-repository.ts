/**
 * Stored drop-out risk per course, the unit's outcome basis for its expected trajectory, GAS
 * goals, and the caseload query that reads them in one go.
 */
import type { Database } from './database';
import type {
  CourseGoalsTable,
  CourseRiskTable,
  EndType,
  LevelOfCare,
  UnitOutcomeBasisTable,
} from './schema';

export type CourseRiskRow = CourseRiskTable;
export type GoalRow = CourseGoalsTable;

export async function upsertCourseRisk(db: Database, row: CourseRiskRow): Promise<void> {
  const { course_id: _, ...changes } = row;
  await db
    .insertInto('course_risk')
    .values(row)
    .onConflict((oc) => oc.column('course_id').doUpdateSet(changes))
    .execute();
}

/**
 * Stores a risk recomputed in the background (no new data behind it) unless the stored row
 * changed since `computedAt` was read — null: there was none. A request that brought new data
 * and stored its own recompute meanwhile is newer, and stays. Returns whether it was stored.
 */
export async function replaceCourseRiskIfUnchanged(
  db: Database,
  row: CourseRiskRow,
  computedAt: string | null,
): Promise<boolean> {
  const { course_id: courseId, ...changes } = row;
  if (computedAt === null) {
    const inserted = await db
      .insertInto('course_risk')
      .values(row)
      .onConflict((oc) => oc.column('course_id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const updated = await db
    .updateTable('course_risk')
    .set(changes)
    .where('course_id', '=', courseId)
    .where('computed_at', '=', computedAt)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export async function findCourseRisk(
  db: Database,
  courseId: string,
): Promise<CourseRiskRow | undefined> {
  return db
    .selectFrom('course_risk')
    .selectAll()
    .where('course_id', '=', courseId)
    .executeTakeFirst();
}

export async function findUnitOutcomeBasis(
  db: Database,
  unitId: string,
): Promise<UnitOutcomeBasisTable | undefined> {
  return db
    .selectFrom('unit_outcome_basis')
    .selectAll()
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}

export async function upsertUnitOutcomeBasis(
  db: Database,
  row: UnitOutcomeBasisTable,
): Promise<void> {
  const { unit_id: _, ...changes } = row;
  await db
    .insertInto('unit_outcome_basis')
    .values(row)
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(changes))
    .execute();
}

/** Session-outcome totals of a unit's completed courses, per course in answer order. */
export async function listCompletedOutcomeScores(
  db: Database,
  unitId: string,
): Promise<{ course_id: string; score: string }[]> {
  return db
    .selectFrom('responses as r')
    .innerJoin('treatment_courses as c', 'c.id', 'r.course_id')
    .select(['r.course_id', 'r.score'])
    .where('c.unit_id', '=', unitId)
    .where('c.end_type', '=', 'completed')
    .where('r.instrument_id', '=', 'session-outcome')
    .where('r.score_status', '=', 'scored')
    .orderBy('r.course_id')
    .orderBy('r.answered_at')
    .execute();
}

/** Active courses (not ended) of the given units, optionally only `unitIds` holding stale risk. */
export async function listActiveCourseIds(
  db: Database,
  filter: { computedBefore?: string; unitIds?: readonly string[] } = {},
): Promise<string[]> {
  let query = db
    .selectFrom('treatment_courses as c')
    .leftJoin('course_risk as r', 'r.course_id', 'c.id')
    .select('c.id')
    .where('c.end_date', 'is', null);
  if (filter.unitIds)
    query = query.where('c.unit_id', 'in', filter.unitIds.length ? [...filter.unitIds] : ['']);
  if (filter.computedBefore) {
    const before = filter.computedBefore;
    query = query.where((eb) =>
      eb.or([eb('r.computed_at', 'is', null), eb('r.computed_at', '<', before)]),
    );
  }
  return (await query.execute()).map((r) => r.id);
}

export interface CaseloadRow {
  id: string;
  patient_id: string;
  patient_code: string;
  unit_id: string;
  unit_name: string;
  start_date: string;
  planned_end_date: string | null;
  level_of_care: LevelOfCare | null;
  level: CourseRiskRow['level'] | null;
  level_rank: number | null;
  score: number | null;
  safety: number | null;
  reasons: string | null;
  last_measurement_at: string | null;
  due: string | null;
  computed_at: string | null;
}

/**
 * Active courses with their stored risk, ordered for the caseload: safety first, then red to
 * grey, then by risk score, then the longest-running first. Practice units' synthetic courses
 * are left out unless `includePractice` (a caseload asked for by the practice unit's id).
 */
export async function listCaseload(
  db: Database,
  filter: {
    unitIds: readonly string[];
    therapistId?: string;
    levelOfCare?: LevelOfCare;
    includePractice?: boolean;
  },
): Promise<CaseloadRow[]> {
  let query = db
    .selectFrom('treatment_courses as c')
    .innerJoin('patients as p', 'p.id', 'c.patient_id')
    .innerJoin('organisations as o', 'o.id', 'c.unit_id')
    .leftJoin('course_risk as r', 'r.course_id', 'c.id')
    .leftJoin('episodes as e', (join) =>
      join.onRef('e.course_id', '=', 'c.id').on('e.end_date', 'is', null),
    )
    .select([
      'c.id',
      'c.patient_id',
      'p.code as patient_code',
      'c.unit_id',
      'o.name as unit_name',
      'c.start_date',
      'c.planned_end_date',
      'e.level_of_care',
      'r.level',
      'r.level_rank',
      'r.score',
      'r.safety',
      'r.reasons',
      'r.last_measurement_at',
      'r.due',
      'r.computed_at',
    ])
    .where('c.end_date', 'is', null)
    .where('c.unit_id', 'in', filter.unitIds.length ? [...filter.unitIds] : [''])
    .orderBy('r.safety', 'desc')
    .orderBy('r.level_rank', 'desc')
    .orderBy('r.score', 'desc')
    .orderBy('c.start_date')
    .orderBy('c.id');
  if (filter.levelOfCare) query = query.where('e.level_of_care', '=', filter.levelOfCare);
  if (!filter.includePractice) query = query.where('o.is_practice', '=', 0);
  if (filter.therapistId) {
    const therapistId = filter.therapistId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('course_therapists as ct')
          .select('ct.course_id')
          .whereRef('ct.course_id', '=', 'c.id')
          .where('ct.user_id', '=', therapistId),
      ),
    );
  }
  return query.execute();
}

export async function listGoals(db: Database, courseId: string): Promise<GoalRow[]> {
  return db
    .selectFrom('course_goals')
    .selectAll()
    .where('course_id', '=', courseId)
    .orderBy('position')
    .execute();
}

export async function replaceGoals(
  db: Database,
  courseId: string,
  goals: readonly GoalRow[],
): Promise<void> {
  await db.deleteFrom('course_goals').where('course_id', '=', courseId).execute();
  if (goals.length)
    await db
      .insertInto('course_goals')
      .values([...goals])
      .execute();
}

/** Ended courses of a unit, for the calibration report; never those of a practice unit. */
export async function listEndedCourses(
  db: Database,
  unitId: string,
): Promise<
  { id: string; start_date: string; end_date: string | null; end_type: EndType | null }[]
> {
  return db
    .selectFrom('treatment_courses as c')
    .innerJoin('organisations as o', 'o.id', 'c.unit_id')
    .select(['c.id', 'c.start_date', 'c.end_date', 'c.end_type'])
    .where('c.unit_id', '=', unitId)
    .where('o.is_practice', '=', 0)
    .where('c.end_date', 'is not', null)
    .orderBy('c.end_date')
    .orderBy('c.id')
    .execute();
}
