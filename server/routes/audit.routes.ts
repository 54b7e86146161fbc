/**
 * The audit trail: access reports (a patient's access history, a user's accesses, the unit
 * lead's weekly review) as JSON or CSV, and the chain check for admins. Who may read which is
 * the access-report service's business.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type CsvValue, csvAttachment, toCsv } from '../http/csv';
import type { ActorEnv } from '../http/require-actor';
import { id, unitParam } from '../http/schemas';
import { validate } from '../http/validate';
import type { AccessEvent, AccessReportService } from '../services/access-report-service';
import type { AuditQueries } from '../services/audit-service';
import { requireSystemAdmin } from '../services/auth-service';
import { isoWeekIssue } from '../services/iso-week';

const format = z.enum(['json', 'csv']).default('json');
const instant = z.string().datetime({ offset: true, message: 'an ISO 8601 date-time' });
const week = z
  .string()
  .superRefine((text, ctx) => {
    const issue = isoWeekIssue(text);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  })
  .optional();

const HEADER = [
  'seq',
  'at',
  'user_id',
  'user_name',
  'role',
  'unit_id',
  'action',
  'what',
  'patient_code',
  'course_id',
  'outcome',
  'reason',
  'outside_caseload',
];

function csvRows(events: readonly AccessEvent[]): CsvValue[][] {
  return events.map((e) => [
    e.seq,
    e.at,
    e.userId,
    e.userName,
    e.role,
    e.unitId,
    e.action,
    e.what.nb,
    e.patientCode,
    e.courseId,
    e.outcome,
    e.reason,
    e.outsideCaseload,
  ]);
}

export function patientAuditRoutes(access: AccessReportService) {
  return new Hono<ActorEnv>().get(
    '/:patientId/access-log',
    validate('param', z.object({ patientId: id })),
    validate('query', z.object({ format }).strict()),
    async (c) => {
      const history = await access.patientHistory(c.var.actor, c.req.valid('param').patientId);
      if (c.req.valid('query').format === 'json') return c.json(history);
      const name = `kor-tilgangslogg-${history.patient.id}-${history.generatedAt.slice(0, 10)}.csv`;
      return csvAttachment(c, name, toCsv(HEADER, csvRows(history.events)));
    },
  );
}

export function userAuditRoutes(access: AccessReportService) {
  return new Hono<ActorEnv>().get(
    '/:userId/access-log',
    validate('param', z.object({ userId: id })),
    validate(
      'query',
      z.object({ from: instant.optional(), to: instant.optional(), format }).strict(),
    ),
    async (c) => {
      const { format: as, ...period } = c.req.valid('query');
      const report = await access.userAccesses(c.var.actor, c.req.valid('param').userId, period);
      if (as === 'json') return c.json(report);
      const name = `kor-tilganger-${report.user.id}-${report.generatedAt.slice(0, 10)}.csv`;
      return csvAttachment(c, name, toCsv(HEADER, csvRows(report.events)));
    },
  );
}

export function unitAccessReportRoutes(access: AccessReportService) {
  return new Hono<ActorEnv>().get(
    '/:unitId/access-report',
    validate('param', unitParam),
    validate('query', z.object({ week, format }).strict()),
    async (c) => {
      const { week: which, format: as } = c.req.valid('query');
      const report = await access.unitWeek(c.var.actor, c.req.valid('param').unitId, which);
      if (as === 'json') return c.json(report);
      const name = `kor-tilgangskontroll-${report.unitId}-${report.week}.csv`;
      return csvAttachment(c, name, toCsv(HEADER, csvRows(report.events)));
    },
  );
}

/** Global admins only; to anyone else the route does not exist. */
export function adminAuditRoutes(audit: AuditQueries) {
  return new Hono<ActorEnv>().get('/verify', async (c) => {
    requireSystemAdmin(c.var.actor);
    return c.json(await audit.verify());
  });
}
