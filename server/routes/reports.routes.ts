/**
 * A unit's reports — drop-out indicator, implementation fidelity, outcome summary — as JSON or as
 * a CSV download. Who may read them, and the audit event, are the report service's business.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type CsvValue, csvAttachment, toCsv } from '../http/csv';
import type { ActorEnv } from '../http/require-actor';
import { isoDate, unitParam } from '../http/schemas';
import { validate } from '../http/validate';
import { isCalendarDate, periodIssues } from '../services/report-periods';
import type {
  DropoutReport,
  FidelityReport,
  OutcomesReport,
  ReportService,
} from '../services/report-service';

const day = isoDate.refine(isCalendarDate, 'not a calendar date');
const period = {
  from: day.optional(),
  to: day.optional(),
  format: z.enum(['json', 'csv']).default('json'),
};
function checkPeriod(q: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (q.from === undefined || q.to === undefined) return;
  for (const issue of periodIssues(q.from, q.to)) ctx.addIssue({ code: 'custom', ...issue });
}
const periodQuery = z.object(period).superRefine(checkPeriod);
const dropoutQuery = z
  .object({
    ...period,
    transferredCounts: z
      .enum(['true', 'false'], { message: 'true or false' })
      .default('false')
      .transform((v) => v === 'true'),
  })
  .superRefine(checkPeriod);

type Table = [header: string[], rows: CsvValue[][]];

function dropoutTable(r: DropoutReport): Table {
  return [
    [
      'quarter',
      'from',
      'to',
      'ended',
      'dropped_out',
      'transferred',
      'completed',
      'other',
      'numerator',
      'denominator',
      'indicator',
      'transferred_counts',
    ],
    r.quarters.map((q) => [
      q.quarter,
      q.from,
      q.to,
      q.ended,
      q.droppedOut,
      q.transferred,
      q.completed,
      q.other,
      q.numerator,
      q.denominator,
      q.indicator,
      r.definition.transferredCounts,
    ]),
  ];
}

function fidelityTable(r: FidelityReport): Table {
  const figures = (m: FidelityReport['unit'][number]): CsvValue[] => [
    m.month,
    m.sessions,
    m.sessionsWithOutcome,
    m.outcomeShare,
    m.sessionsWithAlliance,
    m.allianceShare,
    m.coursesStarted,
    m.coursesWithIntake,
    m.intakeShare,
    m.coursesEnded,
    m.coursesWithDischarge,
    m.dischargeShare,
    m.evaluationsDue,
    m.evaluationsOnTime,
    m.evaluationShare,
  ];
  return [
    [
      'scope',
      'therapist_id',
      'therapist_name',
      'month',
      'sessions',
      'sessions_with_outcome',
      'outcome_share',
      'sessions_with_alliance',
      'alliance_share',
      'courses_started',
      'courses_with_intake',
      'intake_share',
      'courses_ended',
      'courses_with_discharge',
      'discharge_share',
      'evaluations_due',
      'evaluations_on_time',
      'evaluation_share',
    ],
    [
      ...r.unit.map((m) => ['unit', null, null, ...figures(m)]),
      ...r.therapists.flatMap((t) =>
        t.months.map((m) => ['therapist', t.therapistId, t.therapistName, ...figures(m)]),
      ),
    ],
  ];
}

function outcomesTable(r: OutcomesReport): Table {
  const figures = (g: OutcomesReport['total']): CsvValue[] => [
    g.n,
    g.improved,
    g.deteriorated,
    g.unchanged,
    g.clinicallySignificant,
    g.improvedShare,
    g.deterioratedShare,
    g.unchangedShare,
    g.clinicallySignificantShare,
  ];
  return [
    [
      'end_type',
      'n',
      'improved',
      'deteriorated',
      'unchanged',
      'clinically_significant',
      'improved_share',
      'deteriorated_share',
      'unchanged_share',
      'clinically_significant_share',
    ],
    [['all', ...figures(r.total)], ...r.byEndType.map((g) => [g.endType, ...figures(g)])],
  ];
}

const filename = (kind: string, r: { unitId: string; from: string; to: string }) =>
  `kor-${kind}-${r.unitId}-${r.from}-${r.to}.csv`;

export function unitReportRoutes(reports: ReportService) {
  return new Hono<ActorEnv>()
    .get(
      '/:unitId/reports/dropout',
      validate('param', unitParam),
      validate('query', dropoutQuery),
      async (c) => {
        const { format, ...query } = c.req.valid('query');
        const report = await reports.dropout(c.var.actor, c.req.valid('param').unitId, query);
        if (format === 'json') return c.json(report);
        return csvAttachment(c, filename('dropout', report), toCsv(...dropoutTable(report)));
      },
    )
    .get(
      '/:unitId/reports/fidelity',
      validate('param', unitParam),
      validate('query', periodQuery),
      async (c) => {
        const { format, ...query } = c.req.valid('query');
        const report = await reports.fidelity(c.var.actor, c.req.valid('param').unitId, query);
        if (format === 'json') return c.json(report);
        return csvAttachment(c, filename('fidelity', report), toCsv(...fidelityTable(report)));
      },
    )
    .get(
      '/:unitId/reports/outcomes',
      validate('param', unitParam),
      validate('query', periodQuery),
      async (c) => {
        const { format, ...query } = c.req.valid('query');
        const report = await reports.outcomes(c.var.actor, c.req.valid('param').unitId, query);
        if (format === 'json') return c.json(report);
        return csvAttachment(c, filename('outcomes', report), toCsv(...outcomesTable(report)));
      },
    );
}
