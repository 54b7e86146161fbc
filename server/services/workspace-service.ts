/**
 * The therapist's workspace: the caseload ordered by drop-out risk, one course's trends with its
 * signals and expected trajectory, its GAS goals, and the unit's calibration report. Access and
 * audit as everywhere: every read of patient data writes one audit event.
 */
import {
  type CalibrationCase,
  calibrate,
  estimateTrajectory,
  outcomeSeries,
  type RiskLevel,
  RULE_SET,
  type Signal,
  signalHistory,
} from '../../instruments';
import { NotFoundError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import { findOrganisationById } from '../storage/organisation-repository';
import {
  listCaseload,
  listEndedCourses,
  listGoals,
  replaceGoals,
} from '../storage/risk-repository';
import type { LevelOfCare } from '../storage/schema';
import { clinicalRole, clinicalUnits } from './access';
import { courseFacts, recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { courseForWork, readableCourse } from './course-access';
import type { RiskEngine } from './risk-engine';

const DAY = 86_400_000;
const dateOf = (d: Date) => d.toISOString().slice(0, 10);
const minusDays = (date: string, days: number) =>
  new Date(Date.parse(date) - days * DAY).toISOString().slice(0, 10);

export interface GoalInput {
  text: string;
  weight: number;
}

const isUnit = async (db: Database, id: string) =>
  (await findOrganisationById(db, id))?.kind === 'unit';

export function createWorkspaceService(db: Database, risk: RiskEngine, clock: () => Date) {
  const inTransaction = <T>(work: (trx: Database) => Promise<T>) => db.transaction().execute(work);

  return {
    /**
     * Active courses, riskiest first: the actor's own (`mine`) or, for a unit lead, the unit's.
     * Risk older than today is recomputed first, so time-raised signals are current.
     */
    async caseload(
      actor: Actor,
      filter: { scope: 'mine' | 'unit'; unitId?: string; levelOfCare?: LevelOfCare },
    ) {
      if (filter.unitId && clinicalRole(actor, filter.unitId) === null)
        throw new NotFoundError('No such unit');
      if (
        filter.scope === 'unit' &&
        (!filter.unitId || clinicalRole(actor, filter.unitId) !== 'unit_lead')
      )
        throw new NotFoundError('No such unit');
      const units = filter.unitId ? [filter.unitId] : clinicalUnits(actor);
      const now = clock();
      // A practice unit's synthetic courses show only when it is asked for by its id.
      const query = {
        unitIds: units,
        includePractice: filter.unitId !== undefined,
        ...(filter.scope === 'mine' ? { therapistId: actor.userId } : {}),
        ...(filter.levelOfCare ? { levelOfCare: filter.levelOfCare } : {}),
      };
      let rows = await listCaseload(db, query);
      const outdated = rows.map((r) => ({ courseId: r.id, computedAt: r.computed_at }));
      if (await risk.refreshOutdated(db, outdated, now)) rows = await listCaseload(db, query);
      await inTransaction((trx) =>
        recordAccess(
          trx,
          actor,
          {
            action: `caseload.${filter.scope}`,
            unitId: filter.unitId ?? null,
            role: filter.scope === 'unit' ? 'unit_lead' : 'therapist',
            objectType: 'caseload',
            objectId: String(rows.length),
            outcome: 'allowed',
          },
          now,
        ),
      );
      return rows.map((r) => {
        const due = r.due ? (JSON.parse(r.due) as string[]) : [];
        const reasons = r.reasons
          ? (JSON.parse(r.reasons) as Pick<Signal, 'code' | 'weight' | 'explanation'>[])
          : [];
        return {
          id: r.id,
          patientId: r.patient_id,
          patientCode: r.patient_code,
          unitId: r.unit_id,
          unitName: r.unit_name,
          startDate: r.start_date,
          plannedEndDate: r.planned_end_date,
          levelOfCare: r.level_of_care,
          risk: {
            level: (r.level ?? 'grey') as RiskLevel,
            score: r.score ?? 0,
            safety: r.safety === 1,
            signals: reasons,
          },
          lastMeasurementAt: r.last_measurement_at,
          due,
        };
      });
    },

    /** One course's scores over time, its signals now and when they fired, and its goals. */
    async trends(actor: Actor, courseId: string, reason: string | undefined) {
      const now = clock();
      const {
        course,
        role,
        reason: logged,
      } = await readableCourse(db, actor, courseId, reason, 'trends.read', now);
      const data = await risk.load(db, courseId);
      if (!data) throw new NotFoundError('No such course');
      const asOf = course.end_date && course.end_date < dateOf(now) ? course.end_date : dateOf(now);
      const current = risk.assess(data, asOf);
      const outcomes = outcomeSeries(data.timeline);
      const intake = outcomes[0];
      const expected =
        intake === undefined
          ? null
          : estimateTrajectory(intake, data.unitSeries, {
              sessions: Math.max(12, outcomes.length + 4),
            });
      const goals = await listGoals(db, courseId);
      await inTransaction((trx) =>
        recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'trends.read', {
            object: ['course', course.id],
            reason: logged,
          }),
          now,
        ),
      );
      // The time line holds every response already parsed, in the rows' order.
      const series: Record<string, unknown[]> = {};
      data.rows.forEach((row, index) => {
        const parsed = data.timeline.responses[index];
        if (!parsed) return;
        const list = series[row.instrument_id] ?? [];
        list.push({
          id: row.id,
          answeredAt: row.answered_at,
          version: row.instrument_version,
          status: row.score_status,
          respondent: row.respondent,
          scores: parsed.scores,
          interpretation: parsed.interpretation,
          answers: parsed.answers,
        });
        series[row.instrument_id] = list;
      });
      return {
        courseId,
        asOf,
        ruleSet: RULE_SET,
        risk: current,
        history: signalHistory(data.timeline, {
          config: risk.config,
          unitSeries: data.unitSeries,
        }),
        expected,
        thresholds: {
          outcomeCutoff: 25,
          allianceCutoff: risk.config.allianceCutoff,
        },
        series,
        goals: goals.map((g) => ({ position: g.position, text: g.text, weight: g.weight })),
      };
    },

    /** Replaces the course's GAS goals (at most six, g1…g6 in order). */
    async setGoals(actor: Actor, courseId: string, goals: readonly GoalInput[]) {
      const now = clock();
      const { course, role } = await courseForWork(db, actor, courseId, 'goals.update', now);
      if (goals.length && goals.every((g) => g.weight === 0)) {
        throw new UnprocessableError(
          'invalid_weights',
          'At least one goal needs a weight above 0',
          [{ path: ['goals'], message: 'all weights are 0' }],
        );
      }
      const stamp = now.toISOString();
      await inTransaction(async (trx) => {
        await replaceGoals(
          trx,
          courseId,
          goals.map((g, index) => ({
            course_id: courseId,
            position: index + 1,
            text: g.text.trim(),
            weight: g.weight,
            created_at: stamp,
          })),
        );
        await recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'goals.update', { object: ['goals', courseId] }),
          now,
        );
      });
      return {
        goals: goals.map((g, index) => ({
          position: index + 1,
          text: g.text.trim(),
          weight: g.weight,
        })),
      };
    },

    /**
     * How well the light predicted the end: for each ended course (completed or dropped out),
     * its level 1–8 weeks before the end, recomputed from the data known then.
     */
    async calibration(actor: Actor, unitId: string) {
      const lead = clinicalRole(actor, unitId) === 'unit_lead';
      if (!lead && (actor.globalRole !== 'admin' || !(await isUnit(db, unitId))))
        throw new NotFoundError('No such unit');
      const now = clock();
      const ended = await listEndedCourses(db, unitId);
      const cases: CalibrationCase[] = [];
      for (const course of ended) {
        if (course.end_type !== 'completed' && course.end_type !== 'dropped_out') continue;
        const data = await risk.load(db, course.id);
        if (!data || !course.end_date) continue;
        const levelByWeeksBefore: Partial<Record<number, RiskLevel>> = {};
        for (let weeks = 1; weeks <= 8; weeks++) {
          const asOf = minusDays(course.end_date, weeks * 7);
          if (asOf < course.start_date) break;
          levelByWeeksBefore[weeks] = risk.assess(data, asOf).level;
        }
        cases.push({ endType: course.end_type, levelByWeeksBefore });
      }
      await inTransaction((trx) =>
        recordAccess(
          trx,
          actor,
          {
            action: 'report.calibration',
            unitId,
            role: lead ? 'unit_lead' : 'admin',
            objectType: 'report',
            objectId: 'calibration',
            outcome: 'allowed',
          },
          now,
        ),
      );
      return {
        unitId,
        ruleSet: RULE_SET,
        courses: cases.length,
        droppedOut: cases.filter((c) => c.endType === 'dropped_out').length,
        completed: cases.filter((c) => c.endType === 'completed').length,
        rows: calibrate(cases),
      };
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
