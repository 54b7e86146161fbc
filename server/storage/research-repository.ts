/**
 * The rows a research export is made of: courses of the chosen units that overlap the period,
 * their patients and levels of care, and their responses answered in the period. Only the
 * columns an export may hold are read — never codes, goals, notes or who entered what.
 */
import type { Database } from './database';
import type { ResearchExportsTable } from './schema';

export type ResearchExportRow = ResearchExportsTable;

export async function insertResearchExport(db: Database, row: ResearchExportRow): Promise<void> {
  await db.insertInto('research_exports').values(row).execute();
}

export async function findResearchExport(
  db: Database,
  id: string,
): Promise<ResearchExportRow | undefined> {
  return db.selectFrom('research_exports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listResearchExports(db: Database, limit: number) {
  return db
    .selectFrom('research_exports as x')
    .innerJoin('users as u', 'u.id', 'x.created_by')
    .select([
      'x.id',
      'x.created_at',
      'x.purpose',
      'x.unit_ids',
      'x.period_from',
      'x.period_to',
      'u.display_name as created_by_name',
    ])
    .orderBy('x.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Clinical units among `ids` (practice units and other organisation kinds left out). */
export async function listClinicalUnits(db: Database, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'is_demo'])
    .where('id', 'in', [...ids])
    .where('kind', '=', 'unit')
    .where('is_practice', '=', 0)
    .execute();
}

export async function listResearchCourses(
  db: Database,
  unitIds: readonly string[],
  period: { from: string; to: string },
) {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('treatment_courses as c')
    .innerJoin('patients as p', 'p.id', 'c.patient_id')
    .select([
      'c.id',
      'c.unit_id',
      'c.patient_id',
      'c.start_date',
      'c.planned_end_date',
      'c.end_date',
      'c.end_type',
      'p.birth_year',
      'p.sex',
    ])
    .where('c.unit_id', 'in', [...unitIds])
    .where('c.start_date', '<=', period.to)
    .where((eb) => eb.or([eb('c.end_date', 'is', null), eb('c.end_date', '>=', period.from)]))
    .orderBy('c.start_date')
    .orderBy('c.id')
    .execute();
}

export async function listResearchEpisodes(db: Database, courseIds: readonly string[]) {
  if (courseIds.length === 0) return [];
  return db
    .selectFrom('episodes')
    .select(['course_id', 'level_of_care', 'start_date', 'end_date'])
    .where('course_id', 'in', [...courseIds])
    .orderBy('course_id')
    .orderBy('start_date')
    .execute();
}

/** Responses answered in [from, to] (dates, inclusive), in time order. */
export async function listResearchResponses(
  db: Database,
  courseIds: readonly string[],
  period: { from: string; to: string },
) {
  if (courseIds.length === 0) return [];
  return db
    .selectFrom('responses')
    .select([
      'id',
      'course_id',
      'instrument_id',
      'instrument_version',
      'answered_at',
      'respondent',
      'score_status',
      'score',
      'answers',
    ])
    .where('course_id', 'in', [...courseIds])
    .where('answered_at', '>=', `${period.from}T00:00:00.000Z`)
    .where('answered_at', '<', nextDay(period.to))
    .orderBy('answered_at')
    .orderBy('id')
    .execute();
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString();
}

/** Every clinical unit (not practice units), with the organisation it sits under, by name. */
export async function listAllClinicalUnits(db: Database) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisations as parent', 'parent.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.is_demo', 'parent.name as parent_name'])
    .where('o.kind', '=', 'unit')
    .where('o.is_practice', '=', 0)
    .orderBy('parent.name')
    .orderBy('o.name')
    .execute();
}
