/**
 * Everything a course's drop-out risk is computed from, read together: the course, its responses
 * (time line columns only), contacts, episodes, measurement plan, and its unit's outcome basis.
 * Every submit reads this. On PostgreSQL it is two statements — the responses as rows, the rest
 * in one (json_agg per list) — instead of six: each statement there is a round trip, and a
 * submit's round trips are most of its time. (The responses as json_agg too cost more than the
 * round trip saved: they carry each answer and score as JSON text.) On SQLite, where a statement
 * costs microseconds, it is the six plain queries.
 */
import { PostgresAdapter, sql } from 'kysely';
import {
  type ContactRow,
  type CourseRow,
  type EpisodeRow,
  findCourseById,
  listContacts,
  listEpisodes,
} from './course-repository';
import type { Database } from './database';
import { listTimelineOfCourse, type TimelineRow } from './form-repository';
import { listPlanItems, type PlanItemRow } from './plan-repository';
import { findUnitOutcomeBasis } from './risk-repository';
import type { UnitOutcomeBasisTable } from './schema';

export interface CourseTimelineRows {
  course: CourseRow;
  /** In answer order. */
  responses: TimelineRow[];
  /** By date. */
  contacts: ContactRow[];
  /** By start date, then as recorded. */
  episodes: EpisodeRow[];
  /** The course's own measurement plan, in order. */
  plan: PlanItemRow[];
  unitBasis: UnitOutcomeBasisTable | undefined;
}

interface PostgresTimelineRow {
  course: CourseRow;
  contacts: ContactRow[];
  episodes: EpisodeRow[];
  plan: PlanItemRow[];
  unit_basis: UnitOutcomeBasisTable | null;
}

/**
 * These tables' columns are text and integer, so json_agg's values are the JavaScript values
 * the plain queries give. The orders are those of listTimelineOfCourse, listContacts,
 * listEpisodes and listPlanItems.
 */
async function readOnPostgres(db: Database, courseId: string) {
  const { rows } = await sql<PostgresTimelineRow>`
    select row_to_json(c) as course,
      (select coalesce(json_agg(x order by x.date), '[]'::json)
         from contacts x where x.course_id = c.id) as contacts,
      (select coalesce(json_agg(e order by e.start_date, e.created_at), '[]'::json)
         from episodes e where e.course_id = c.id) as episodes,
      (select coalesce(json_agg(p order by p.position), '[]'::json)
         from plan_items p where p.owner_kind = 'course' and p.owner_id = c.id) as plan,
      (select row_to_json(b) from unit_outcome_basis b where b.unit_id = c.unit_id) as unit_basis
    from treatment_courses c
    where c.id = ${courseId}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    course: row.course,
    responses: await listTimelineOfCourse(db, courseId),
    contacts: row.contacts,
    episodes: row.episodes,
    plan: row.plan,
    unitBasis: row.unit_basis ?? undefined,
  };
}

async function readOnSqlite(db: Database, courseId: string) {
  const course = await findCourseById(db, courseId);
  if (!course) return undefined;
  return {
    course,
    responses: await listTimelineOfCourse(db, courseId),
    contacts: await listContacts(db, courseId),
    episodes: await listEpisodes(db, courseId),
    plan: await listPlanItems(db, 'course', courseId),
    unitBasis: await findUnitOutcomeBasis(db, course.unit_id),
  };
}

export function readCourseTimeline(
  db: Database,
  courseId: string,
): Promise<CourseTimelineRows | undefined> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? readOnPostgres(db, courseId)
    : readOnSqlite(db, courseId);
}
