/**
 * The queries behind a unit's reports. Every query starts from `reportableCourses`: the unit's
 * own courses, never those of a practice unit (synthetic trainee data must not reach a report).
 * Dates are ISO text, so ranges are plain string comparisons that mean the same on SQLite and
 * PostgreSQL; grouping by month and quarter is done by the caller, in TypeScript.
 */
import type { Database } from './database';
import type { ContactKind, EndType } from './schema';

export interface Period {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  to: string;
}

function reportableCourses(db: Database, unitId: string) {
  return db
    .selectFrom('treatment_courses as c')
    .innerJoin('organisations as o', 'o.id', 'c.unit_id')
    .where('c.unit_id', '=', unitId)
    .where('o.is_practice', '=', 0);
}

/** The day after `date` (YYYY-MM-DD): timestamps of the last day are before it. */
function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Courses of the unit that ended within the period. */
export async function listEndedCourses(
  db: Database,
  unitId: string,
  period: Period,
): Promise<{ id: string; endType: EndType; endDate: string }[]> {
  const rows = await reportableCourses(db, unitId)
    .select(['c.id', 'c.end_type', 'c.end_date'])
    .where('c.end_type', 'is not', null)
    .where('c.end_date', '>=', period.from)
    .where('c.end_date', '<=', period.to)
    .orderBy('c.end_date')
    .execute();
  return rows.flatMap((r) =>
    r.end_type && r.end_date ? [{ id: r.id, endType: r.end_type, endDate: r.end_date }] : [],
  );
}

export interface CourseTherapistRow {
  courseId: string;
  startDate: string;
  endDate: string | null;
  /** null for a course without therapists (one row then). */
  therapistId: string | null;
  therapistName: string | null;
}

/** Courses running at some time in the period, one row per course and therapist. */
export async function listCoursesWithTherapists(
  db: Database,
  unitId: string,
  period: Period,
): Promise<CourseTherapistRow[]> {
  const rows = await reportableCourses(db, unitId)
    .leftJoin('course_therapists as ct', 'ct.course_id', 'c.id')
    .leftJoin('users as u', 'u.id', 'ct.user_id')
    .select(['c.id', 'c.start_date', 'c.end_date', 'u.id as therapist_id', 'u.display_name'])
    .where('c.start_date', '<=', period.to)
    .where((eb) => eb.or([eb('c.end_date', 'is', null), eb('c.end_date', '>=', period.from)]))
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    courseId: r.id,
    startDate: r.start_date,
    endDate: r.end_date,
    therapistId: r.therapist_id,
    therapistName: r.display_name,
  }));
}

/** Sessions and evaluation meetings of the unit's courses dated within the period. */
export async function listSessionContacts(
  db: Database,
  unitId: string,
  period: Period,
): Promise<{ courseId: string; kind: ContactKind; date: string }[]> {
  const rows = await reportableCourses(db, unitId)
    .innerJoin('contacts as k', 'k.course_id', 'c.id')
    .select(['k.course_id', 'k.kind', 'k.date'])
    .where('k.kind', 'in', ['session', 'evaluation'])
    .where('k.date', '>=', period.from)
    .where('k.date', '<=', period.to)
    .orderBy('k.date')
    .execute();
  return rows.map((r) => ({ courseId: r.course_id, kind: r.kind, date: r.date }));
}

/** Every response (any instrument, scored or not) of the unit's courses answered in the period. */
export async function listResponseDates(
  db: Database,
  unitId: string,
  period: Period,
): Promise<{ courseId: string; instrumentId: string; date: string }[]> {
  const rows = await reportableCourses(db, unitId)
    .innerJoin('responses as r', 'r.course_id', 'c.id')
    .select(['r.course_id', 'r.instrument_id', 'r.answered_at'])
    .where('r.answered_at', '>=', period.from)
    .where('r.answered_at', '<', dayAfter(period.to))
    .execute();
  return rows.map((r) => ({
    courseId: r.course_id,
    instrumentId: r.instrument_id,
    date: r.answered_at.slice(0, 10),
  }));
}

export interface OutcomeSeries {
  courseId: string;
  /** How the course had ended by the end of the period; null while it was still running. */
  endType: EndType | null;
  count: number;
  first: { date: string; total: number };
  last: { date: string; total: number };
}

function totalOf(score: string): number | null {
  const total = (JSON.parse(score) as { scores?: Record<string, unknown> }).scores?.total;
  return typeof total === 'number' && Number.isFinite(total) ? total : null;
}

/**
 * First and last scored total of an instrument per course, over the responses answered up to the
 * end of the period, for courses with at least one such response within the period. Counting
 * only what was there at the period's end keeps a past period's report the same when run later.
 */
export async function listFirstAndLastTotals(
  db: Database,
  unitId: string,
  instrumentId: string,
  period: Period,
): Promise<OutcomeSeries[]> {
  const before = dayAfter(period.to);
  const rows = await reportableCourses(db, unitId)
    .innerJoin('responses as r', 'r.course_id', 'c.id')
    .select(['r.course_id', 'r.answered_at', 'r.score', 'c.end_type', 'c.end_date'])
    .where('r.instrument_id', '=', instrumentId)
    .where('r.score_status', '=', 'scored')
    .where('r.answered_at', '<', before)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('responses as w')
          .select('w.id')
          .whereRef('w.course_id', '=', 'c.id')
          .where('w.instrument_id', '=', instrumentId)
          .where('w.score_status', '=', 'scored')
          .where('w.answered_at', '>=', period.from)
          .where('w.answered_at', '<', before),
      ),
    )
    .orderBy('r.course_id')
    .orderBy('r.answered_at')
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  const series = new Map<string, OutcomeSeries>();
  for (const row of rows) {
    const total = totalOf(row.score);
    if (total === null) continue;
    const point = { date: row.answered_at.slice(0, 10), total };
    const known = series.get(row.course_id);
    if (known) {
      known.count++;
      known.last = point;
      continue;
    }
    const ended = row.end_date !== null && row.end_date <= period.to;
    series.set(row.course_id, {
      courseId: row.course_id,
      endType: ended ? row.end_type : null,
      count: 1,
      first: point,
      last: point,
    });
  }
  return [...series.values()];
}
