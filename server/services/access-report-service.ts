/**
 * Access reports from the audit log — who looked at what, when and why:
 *
 * - a patient's access history (the patient's right to know who has accessed their record,
 *   pasientjournalloven § 18 and GDPR art. 15), for the unit lead to hand over, as JSON or CSV;
 * - everything one user has accessed: the user themself, a system administrator, or the lead of
 *   a unit the user works in (then only the events in the units they lead);
 * - the unit lead's weekly review: accesses outside the user's own caseload, every access with a
 *   stated reason and every refused attempt, in one ISO week (Oslo time).
 *
 * Reading an access report is itself an access, and audited.
 */
import { ForbiddenError, NotFoundError } from '../http/errors';
import { type AccessEventRow, listAccessEvents } from '../storage/audit-repository';
import type { Database } from '../storage/database';
import { findPatientById } from '../storage/patient-repository';
import { findUserById, listMemberships } from '../storage/user-repository';
import { clinicalRole, rolesIn } from './access';
import { type AccessFacts, recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { type IsoWeek, isoWeek, previousIsoWeek } from './iso-week';

/** More than any real history; a report that reaches it says so (`truncated`). */
export const ACCESS_REPORT_LIMIT = 20_000;

type Text = { nb: string; en: string };

/** What an action means, in words for a patient. Unknown actions are shown as they are. */
const ACTIONS: Record<string, Text> = {
  'patient.create': { nb: 'Registrerte pasienten', en: 'Registered the patient' },
  'patient.read': { nb: 'Slo opp pasienten', en: 'Looked up the patient' },
  'course.create': { nb: 'Opprettet behandlingsforløp', en: 'Created a treatment course' },
  'course.read': { nb: 'Åpnet behandlingsforløpet', en: 'Opened the treatment course' },
  'course.end': { nb: 'Avsluttet forløpet', en: 'Ended the course' },
  'course.fhir_export': { nb: 'Eksporterte forløpet (FHIR)', en: 'Exported the course (FHIR)' },
  'contact.create': { nb: 'Registrerte en kontakt', en: 'Recorded a contact' },
  'episode.create': { nb: 'Endret behandlingsnivå', en: 'Changed the level of care' },
  'form_session.create': {
    nb: 'Lagde kode eller lenke til skjema',
    en: 'Made a form code or link',
  },
  'form_session.exchange': { nb: 'Pasienten åpnet skjemaene', en: 'The patient opened the forms' },
  'form_session.revoke': { nb: 'Trakk tilbake kode eller lenke', en: 'Revoked a code or link' },
  'form_sessions.read': { nb: 'Så skjemaøkter', en: 'Viewed form sessions' },
  'response.create': { nb: 'Registrerte et svar', en: 'Recorded an answer' },
  'responses.read': { nb: 'Leste svarene', en: 'Read the answers' },
  'trends.read': { nb: 'Så utviklingen og signalene', en: 'Viewed the trend and signals' },
  'plan.read': { nb: 'Så måleplanen', en: 'Viewed the measurement plan' },
  'plan.update': { nb: 'Endret måleplanen', en: 'Changed the measurement plan' },
  'goals.update': { nb: 'Endret målene', en: 'Changed the goals' },
  'patient.access_log.read': { nb: 'Leste tilgangsloggen', en: 'Read the access log' },
};

export function actionText(action: string): Text {
  const known = ACTIONS[action];
  if (known) return known;
  if (action.startsWith('form_session.close'))
    return { nb: 'Skjemaøkten ble lukket', en: 'The form session was closed' };
  return { nb: action, en: action };
}

const ROLES: Record<string, Text> = {
  therapist: { nb: 'behandler', en: 'therapist' },
  unit_lead: { nb: 'enhetsleder', en: 'unit lead' },
  admin: { nb: 'systemadministrator', en: 'system administrator' },
  patient: { nb: 'pasienten selv', en: 'the patient' },
};

export interface AccessEvent {
  seq: number;
  at: string;
  userId: string | null;
  /** The staff member's name; null for the patient's own actions. */
  userName: string | null;
  role: string | null;
  roleText: Text | null;
  unitId: string | null;
  action: string;
  what: Text;
  patientId: string | null;
  patientCode: string | null;
  courseId: string | null;
  outcome: 'allowed' | 'denied';
  reason: string | null;
  /** A therapist touched a patient not on their own caseload. */
  outsideCaseload: boolean;
}

function toEvent(e: AccessEventRow): AccessEvent {
  return {
    seq: e.seq,
    at: e.at,
    userId: e.user_id,
    userName: e.user_name,
    role: e.role,
    roleText: e.role ? (ROLES[e.role] ?? { nb: e.role, en: e.role }) : null,
    unitId: e.unit_id,
    action: e.action,
    what: actionText(e.action),
    patientId: e.patient_id,
    patientCode: e.patient_code,
    courseId: e.course_id,
    outcome: e.outcome,
    reason: e.reason,
    outsideCaseload: e.outside_caseload === 1,
  };
}

const events = (rows: AccessEventRow[]) => ({
  events: rows.map(toEvent),
  truncated: rows.length >= ACCESS_REPORT_LIMIT,
});

export function createAccessReportService(db: Database, clock: () => Date) {
  const audit = (actor: Actor, facts: AccessFacts, now: Date) =>
    db.transaction().execute((trx) => recordAccess(trx, actor, facts, now));

  return {
    /** A patient's access history: the unit lead of the patient's unit only. */
    async patientHistory(actor: Actor, patientId: string) {
      const now = clock();
      const patient = await findPatientById(db, patientId);
      const role = patient ? clinicalRole(actor, patient.unit_id) : null;
      if (!patient || role === null) throw new NotFoundError('No such patient');
      const facts = {
        action: 'patient.access_log.read',
        unitId: patient.unit_id,
        role,
        patientId,
      };
      if (role !== 'unit_lead') {
        await audit(actor, { ...facts, outcome: 'denied' }, now);
        throw new ForbiddenError(
          'unit_lead_only',
          'Only a unit lead can export a patient’s access history',
        );
      }
      // The read is logged first, so the history handed over includes this export.
      await audit(actor, { ...facts, outcome: 'allowed' }, now);
      const rows = await listAccessEvents(db, { patientId, limit: ACCESS_REPORT_LIMIT });
      return {
        patient: { id: patient.id, code: patient.code, unitId: patient.unit_id },
        generatedAt: now.toISOString(),
        ...events(rows),
      };
    },

    /**
     * Everything a user accessed. The user themself and system administrators see all of it; the
     * lead of a unit the user belongs to sees the events in the units they lead. Anyone else: 404.
     */
    async userAccesses(actor: Actor, userId: string, period: { from?: string; to?: string }) {
      const now = clock();
      const user = await findUserById(db, userId);
      if (!user) throw new NotFoundError('No such user');
      let unitIds: string[] | undefined;
      let role: string;
      if (actor.userId === userId) role = 'self';
      else if (actor.globalRole === 'admin') role = 'admin';
      else {
        const theirs = new Set((await listMemberships(db, userId)).map((m) => m.unit_id));
        unitIds = actor.memberships
          .filter((m) => m.role === 'unit_lead' && theirs.has(m.unitId))
          .map((m) => m.unitId);
        if (unitIds.length === 0) throw new NotFoundError('No such user');
        role = 'unit_lead';
      }
      await audit(
        actor,
        {
          action: 'user.access_log.read',
          unitId: unitIds?.length === 1 ? (unitIds[0] ?? null) : null,
          role,
          objectType: 'user',
          objectId: userId,
          outcome: 'allowed',
        },
        now,
      );
      const rows = await listAccessEvents(db, {
        userId,
        ...(unitIds ? { unitIds } : {}),
        ...period,
        limit: ACCESS_REPORT_LIMIT,
      });
      return {
        user: { id: user.id, name: user.display_name },
        scope: unitIds ? { units: unitIds } : { units: 'all' as const },
        from: period.from ?? null,
        to: period.to ?? null,
        generatedAt: now.toISOString(),
        ...events(rows),
      };
    },

    /**
     * The unit lead's weekly review: in `week` (default: the last whole week), every access in
     * the unit outside the user's own caseload, with a stated reason, or refused.
     */
    async unitWeek(actor: Actor, unitId: string, week: string | undefined) {
      const now = clock();
      if (!rolesIn(actor, unitId).includes('unit_lead')) throw new NotFoundError('No such unit');
      const period: IsoWeek = isoWeek(week ?? previousIsoWeek(now));
      await audit(
        actor,
        {
          action: 'unit.access_report.read',
          unitId,
          role: 'unit_lead',
          objectType: 'access_report',
          objectId: period.week,
          outcome: 'allowed',
        },
        now,
      );
      const rows = await listAccessEvents(db, {
        unitId,
        from: period.from,
        to: period.to,
        exceptionsOnly: true,
        limit: ACCESS_REPORT_LIMIT,
      });
      const list = rows.map(toEvent);
      return {
        unitId,
        ...period,
        generatedAt: now.toISOString(),
        counts: {
          events: list.length,
          outsideCaseload: list.filter((e) => e.outsideCaseload).length,
          withReason: list.filter((e) => e.reason !== null).length,
          denied: list.filter((e) => e.outcome === 'denied').length,
        },
        events: list,
        truncated: rows.length >= ACCESS_REPORT_LIMIT,
      };
    },
  };
}

export type AccessReportService = ReturnType<typeof createAccessReportService>;
