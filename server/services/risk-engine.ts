/**
 * Keeps each course's stored drop-out risk current: the pure rule set (instruments/signals) run
 * over the course's time line from the database. Called inside the transaction that brings new
 * data (a response, a contact, a change of level of care, an end), and by a daily sweep for the
 * signals that time alone raises (a gap in contacts, a transition window closing).
 */
import {
  assessRisk,
  dueInstruments,
  type RiskAssessment,
  type RiskConfig,
  type SignalTimeline,
  type TimelineResponse,
} from '../../instruments';
import { type CourseRow, lockCourseRow } from '../storage/course-repository';
import { readCourseTimeline } from '../storage/course-timeline-repository';
import type { Database } from '../storage/database';
import type { TimelineRow } from '../storage/form-repository';
import type { PlanItemRow } from '../storage/plan-repository';
import {
  findCourseRisk,
  listActiveCourseIds,
  listCompletedOutcomeScores,
  replaceCourseRiskIfUnchanged,
  upsertCourseRisk,
  upsertUnitOutcomeBasis,
} from '../storage/risk-repository';

export const LEVEL_RANK = { grey: 0, green: 1, yellow: 2, red: 3 } as const;

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

export function timelineResponse(row: TimelineRow): TimelineResponse {
  const score = JSON.parse(row.score) as Pick<TimelineResponse, 'scores' | 'interpretation'>;
  return {
    instrumentId: row.instrument_id,
    version: row.instrument_version,
    answeredAt: row.answered_at,
    status: row.score_status,
    scores: score.scores ?? {},
    interpretation: score.interpretation ?? {},
    answers: JSON.parse(row.answers) as Record<string, number | null>,
  };
}

export interface CourseTimelineData {
  course: CourseRow;
  timeline: SignalTimeline;
  rows: TimelineRow[];
  /** The course's measurement plan, in order. */
  plan: PlanItemRow[];
  unitSeries: number[][];
}

export function createRiskEngine(config: RiskConfig) {
  async function load(db: Database, courseId: string): Promise<CourseTimelineData | undefined> {
    const read = await readCourseTimeline(db, courseId);
    if (!read) return undefined;
    const { course, responses: rows } = read;
    return {
      course,
      rows,
      plan: read.plan,
      unitSeries: read.unitBasis ? (JSON.parse(read.unitBasis.series) as number[][]) : [],
      timeline: {
        startDate: course.start_date,
        responses: rows.map(timelineResponse),
        contacts: read.contacts.map((c) => ({ kind: c.kind, date: c.date })),
        episodes: read.episodes.map((e) => ({
          levelOfCare: e.level_of_care,
          startDate: e.start_date,
          endDate: e.end_date,
        })),
      },
    };
  }

  /**
   * Recomputes and stores one course's risk as of `now`. A `background` recompute (the clock
   * moved on, no new data) yields to a request that stored a recompute meanwhile: on PostgreSQL
   * that request's new data may be committed after this one read the course, and another
   * instance may be sweeping too.
   */
  async function refresh(
    db: Database,
    courseId: string,
    now: Date,
    options: { background?: boolean } = {},
  ): Promise<void> {
    // A request's recompute waits for another one on the same course to commit, and reads it.
    if (!options.background) await lockCourseRow(db, courseId);
    // Read before the course's data: a change between the two shows here as a newer row.
    const stored = options.background
      ? ((await findCourseRisk(db, courseId))?.computed_at ?? null)
      : undefined;
    const data = await load(db, courseId);
    if (!data) return;
    const { course } = data;
    const result = assessRisk(data.timeline, dateOf(now), {
      config,
      unitSeries: data.unitSeries,
    });
    const lastAnswered: Record<string, string> = {};
    for (const r of data.rows) {
      const previous = lastAnswered[r.instrument_id];
      if (!previous || r.answered_at > previous) lastAnswered[r.instrument_id] = r.answered_at;
    }
    const due = dueInstruments(
      data.plan.map((i) => ({
        instrumentId: i.instrument_id,
        schedule: i.schedule,
        intervalWeeks: i.interval_weeks,
      })),
      {
        today: dateOf(now),
        startDate: course.start_date,
        plannedEndDate: course.planned_end_date,
        endDate: course.end_date,
        lastAnswered,
      },
    ).map((d) => d.instrumentId);
    const row = {
      course_id: courseId,
      unit_id: course.unit_id,
      rule_set: result.ruleSet,
      level: result.level,
      level_rank: LEVEL_RANK[result.level],
      score: result.score,
      safety: result.safety ? 1 : 0,
      signals: JSON.stringify(result.signals),
      last_measurement_at: result.lastMeasurementAt,
      last_answered: JSON.stringify(lastAnswered),
      due: JSON.stringify(due),
      reasons: JSON.stringify(
        result.signals.map((s) => ({ code: s.code, weight: s.weight, explanation: s.explanation })),
      ),
      computed_at: now.toISOString(),
    };
    if (stored === undefined) await upsertCourseRisk(db, row);
    else await replaceCourseRiskIfUnchanged(db, row, stored);
  }

  return {
    config,
    load,
    refresh,

    /** The course's risk now, computed afresh (not stored). */
    assess(data: CourseTimelineData, asOf: string): RiskAssessment {
      return assessRisk(data.timeline, asOf, { config, unitSeries: data.unitSeries });
    },

    /**
     * Re-reads the unit's completed courses into the basis of its own expected trajectory
     * (after a course ends as completed).
     */
    async refreshUnitBasis(db: Database, unitId: string, now: Date): Promise<number> {
      const rows = await listCompletedOutcomeScores(db, unitId);
      const byCourse = new Map<string, number[]>();
      for (const row of rows) {
        const total = (JSON.parse(row.score) as { scores?: { total?: number | null } }).scores
          ?.total;
        if (typeof total !== 'number') continue;
        const series = byCourse.get(row.course_id) ?? [];
        series.push(total);
        byCourse.set(row.course_id, series);
      }
      const series = [...byCourse.values()];
      await upsertUnitOutcomeBasis(db, {
        unit_id: unitId,
        series: JSON.stringify(series),
        n: series.length,
        computed_at: now.toISOString(),
      });
      return series.length;
    },

    /**
     * Recomputes, each in its own transaction, the listed courses whose stored risk is missing or
     * from before today (what the clock alone raises). Returns whether any was recomputed, so the
     * caller knows to read them again.
     */
    async refreshOutdated(
      db: Database,
      rows: readonly { courseId: string; computedAt: string | null }[],
      now: Date,
    ): Promise<boolean> {
      const today = dateOf(now);
      const outdated = rows.filter((r) => !r.computedAt || r.computedAt.slice(0, 10) < today);
      for (const row of outdated) {
        await db
          .transaction()
          .execute((trx) => refresh(trx, row.courseId, now, { background: true }));
      }
      return outdated.length > 0;
    },

    /** Recomputes every active course whose stored risk is from before today. */
    async sweep(db: Database, now: Date, unitIds?: readonly string[]): Promise<number> {
      const stale = await listActiveCourseIds(db, {
        computedBefore: `${dateOf(now)}T00:00:00.000Z`,
        ...(unitIds ? { unitIds } : {}),
      });
      for (const courseId of stale) {
        await db.transaction().execute((trx) => refresh(trx, courseId, now, { background: true }));
      }
      return stale.length;
    },
  };
}

export type RiskEngine = ReturnType<typeof createRiskEngine>;
