/**
 * A fictional clinic with a known history, for the unit-report tests: one unit per report
 * (drop-out, fidelity, outcomes) with courses, contacts and responses whose figures are worked
 * out by hand in test/api/reports.api.test.ts, a practice unit, and the staff who read them.
 * Built through the API where it can be; history the API cannot backdate (responses answered
 * months ago) goes through the same storeResponse the API uses, with the past as its clock.
 */
import { randomUUID } from 'node:crypto';
import { builtInRegistry } from '../../instruments';
import { storeResponse } from '../../server/services/response-store';
import { createOrganisation } from '../../server/services/staff-service';
import { postJson, type TestApp } from './app';
import { fictionalUnits, moveToDay, staffMember } from './clinic';

const registry = builtInRegistry();
type Form = 'session-outcome' | 'session-alliance';
type Course = { id: string; patientId: string };

/** The app's clock when the clinic is built; `buildReportClinic` moves it to 2026-04-20. */
export const REPORT_CLINIC_START = new Date('2026-03-03T08:00:00Z');

export interface ReportClinic {
  units: { dropout: string; fidelity: string; outcomes: string; practice: string; other: string };
  /** Staff user ids by name: lead, ada, bo (therapists at Fidelity), otherLead, root. */
  staff: Record<string, string>;
  /** Session cookies by name, current at the end of the build. */
  cookies: Record<string, string>;
}

/**
 * A month of fidelity figures as the report returns it, from the counts worked out by hand:
 * [sessions, with outcome, with alliance], [started, with intake], [ended, with discharge],
 * [evaluations due, on time]; each share is left null when its denominator is 0.
 */
export const fidelityMonth = (
  month: string,
  [sessions, outcome, alliance]: [number, number, number],
  [started, intake]: [number, number],
  [ended, discharge]: [number, number],
  [due, onTime]: [number, number],
) => ({
  month,
  sessions,
  sessionsWithOutcome: outcome,
  outcomeShare: sessions ? outcome / sessions : null,
  sessionsWithAlliance: alliance,
  allianceShare: sessions ? alliance / sessions : null,
  coursesStarted: started,
  coursesWithIntake: intake,
  intakeShare: started ? intake / started : null,
  coursesEnded: ended,
  coursesWithDischarge: discharge,
  dischargeShare: ended ? discharge / ended : null,
  evaluationsDue: due,
  evaluationsOnTime: onTime,
  evaluationShare: due ? onTime / due : null,
});

/** Four one-decimal items that add up to `total`. */
function answersFor(total: number) {
  const each = Math.floor((total / 4) * 10) / 10;
  const last = Math.round((total - 3 * each) * 10) / 10;
  return { '1': each, '2': each, '3': each, '4': last };
}

function definitionOf(form: Form) {
  const definition = registry.get(form);
  if (!definition) throw new Error(`test setup: no ${form}`);
  return definition;
}

/** Builds the clinic on an app created with `start: REPORT_CLINIC_START`. */
export async function buildReportClinic(t: TestApp): Promise<ReportClinic> {
  let now = REPORT_CLINIC_START;
  const staff: Record<string, string> = {};
  const cookies: Record<string, string> = {};

  async function call(method: string, path: string, body?: unknown) {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookies.lead ?? '' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`test setup: ${path} → ${res.status}`);
    return json;
  }

  /** Moves the clock to 09:00 UTC on `date`; staff log in again (sessions time out). */
  async function setDay(date: string) {
    now = await moveToDay(t, now, date, cookies);
  }

  async function course(
    unitId: string,
    code: string,
    startDate: string,
    therapists: string[] = [],
  ) {
    const patient = await call('POST', `/units/${unitId}/patients`, { code });
    const created = await call('POST', '/courses', {
      patientId: patient.id,
      startDate,
      levelOfCare: 'outpatient',
      therapistIds: therapists.map((name) => staff[name]),
    });
    return { id: created.id as string, patientId: patient.id as string };
  }
  const end = (courseId: string, type: string, date: string) =>
    call('POST', `/courses/${courseId}/end`, { type, date });
  const contact = (courseId: string, kind: string, date: string) =>
    call('POST', `/courses/${courseId}/contacts`, { kind, date });

  /** A kiosk form session today: the patient exchanges the code and fills in the forms. */
  async function measure(courseId: string, forms: Form[]) {
    const session = await call('POST', `/courses/${courseId}/form-sessions`, {
      instruments: forms,
      channel: 'kiosk',
    });
    const exchanged = await postJson(t.app, '/api/v1/patient/exchange', { code: session.code });
    const { token } = (await exchanged.json()) as { token: string };
    for (const form of forms) {
      const body = {
        instrument: form,
        version: definitionOf(form).version,
        answers: answersFor(30),
        language: 'nb',
      };
      const res = await postJson(t.app, '/api/v1/patient/responses', body, {
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': randomUUID(),
      });
      if (res.status !== 201) throw new Error(`test setup: submit ${form} → ${res.status}`);
    }
  }

  /** A scored session-outcome answered at 10:00 UTC on `date`. */
  async function pastOutcome(c: Course, unitId: string, date: string, total: number) {
    await storeResponse(
      t.db,
      {
        courseId: c.id,
        unitId,
        patientId: c.patientId,
        formSessionId: null,
        definition: definitionOf('session-outcome'),
        answers: answersFor(total),
        language: 'nb',
        respondent: 'patient',
        actor: null,
        role: 'patient',
        idempotencyKey: randomUUID(),
      },
      new Date(`${date}T10:00:00Z`),
    );
  }

  const setup = new Date('2026-03-01T08:00:00Z');
  const [dropout, fidelity, outcomes, other] = (await fictionalUnits(
    t,
    ['Dropout', 'Fidelity', 'Outcomes', 'Other'],
    setup,
  )) as [string, string, string, string];
  const { parent_id: trust } = await t.db
    .selectFrom('organisations')
    .select('parent_id')
    .where('id', '=', dropout)
    .executeTakeFirstOrThrow();
  const practice = (
    await createOrganisation(
      t.db,
      { kind: 'unit', name: 'Practice', parentId: trust, isPractice: true },
      setup,
    )
  ).id;
  const units = { dropout, fidelity, outcomes, practice, other };
  const leads = [dropout, fidelity, outcomes, practice].map((unitId) => ({
    unitId,
    role: 'unit_lead' as const,
  }));
  const people = [
    ['lead', leads, null],
    ['ada', [{ unitId: fidelity, role: 'therapist' as const }], null],
    ['bo', [{ unitId: fidelity, role: 'therapist' as const }], null],
    ['otherLead', [{ unitId: other, role: 'unit_lead' as const }], null],
    ['root', [], 'admin' as const],
  ] as const;
  for (const [name, memberships, globalRole] of people) {
    const member = await staffMember(t, name, { memberships: [...memberships], globalRole }, setup);
    cookies[name] = member.cookie;
    staff[name] = member.id;
  }

  // Drop-out unit: four ends in 2025-Q4, four in 2026-Q1, one either side, one still active.
  const ends = [
    ['dropped_out', '2025-09-30'],
    ['dropped_out', '2025-10-15'],
    ['dropped_out', '2025-11-20'],
    ['transferred', '2025-12-01'],
    ['completed', '2025-12-31'],
    ['completed', '2026-01-10'],
    ['completed', '2026-02-14'],
    ['other', '2026-03-01'],
    ['dropped_out', '2026-03-31'],
    ['transferred', '2026-04-01'],
  ] as const;
  for (const [index, [type, date]] of ends.entries()) {
    await end((await course(dropout, `D-${index}`, '2025-06-01')).id, type, date);
  }
  await course(dropout, 'D-active', '2025-06-01');

  // Outcome unit, for Q1 2026: session-outcome totals by answer date.
  const series: { code: string; totals: Record<string, number>; end?: [string, string] }[] = [
    // reliably improved and across the cut-off: clinically significant
    { code: 'O-1', totals: { '2026-01-05': 18, '2026-02-01': 23, '2026-03-01': 26 } },
    // reliably improved, still below 25
    {
      code: 'O-2',
      totals: { '2026-01-05': 18, '2026-02-20': 23 },
      end: ['completed', '2026-03-20'],
    },
    // reliably deteriorated
    {
      code: 'O-3',
      totals: { '2026-01-05': 30, '2026-02-20': 24 },
      end: ['dropped_out', '2026-03-25'],
    },
    // unchanged; transferred after the period, so still active at its end
    {
      code: 'O-4',
      totals: { '2026-01-05': 20, '2026-03-10': 22 },
      end: ['transferred', '2026-04-05'],
    },
    // exactly 5 points, and exactly at the cut-off
    { code: 'O-5', totals: { '2026-01-12': 20, '2026-03-31': 25 } },
    // one response only: left out
    { code: 'O-6', totals: { '2026-02-01': 10 } },
    // last response before the period: left out
    { code: 'O-7', totals: { '2025-11-01': 10, '2025-12-15': 30 } },
    // the response after the period does not count: 20 → 22, unchanged
    { code: 'O-8', totals: { '2026-01-05': 20, '2026-02-01': 22, '2026-04-10': 35 } },
  ];
  for (const s of series) {
    const c = await course(outcomes, s.code, '2025-12-01');
    for (const [date, total] of Object.entries(s.totals))
      await pastOutcome(c, outcomes, date, total);
    if (s.end) await end(c.id, ...s.end);
  }

  // Practice unit: data that would show in every report, if it counted.
  const p = await course(practice, 'P-1', '2026-03-01');
  await contact(p.id, 'session', '2026-03-02');
  await pastOutcome(p, practice, '2026-03-02', 15);
  await pastOutcome(p, practice, '2026-03-09', 30);
  await end(p.id, 'dropped_out', '2026-03-10');

  // Fidelity unit, March–April 2026, measured through the API as the days go by: C1 (ada) from
  // January; C2 (ada + bo) 5 March – 20 April, dropped out; C3 (bo) from 20 March; C4 (no
  // therapist) December – 28 April, completed.
  const c1 = await course(fidelity, 'F-1', '2026-01-10', ['ada']);
  const c2 = await course(fidelity, 'F-2', '2026-03-05', ['ada', 'bo']);
  const c3 = await course(fidelity, 'F-3', '2026-03-20', ['bo']);
  const c4 = await course(fidelity, 'F-4', '2025-12-01');
  const contacts: [Course, string, string][] = [
    [c1, 'evaluation', '2026-02-20'],
    [c1, 'session', '2026-03-03'],
    [c1, 'session', '2026-03-10'],
    [c1, 'session', '2026-03-17'],
    [c1, 'no_show', '2026-03-24'],
    [c1, 'evaluation', '2026-04-14'],
    [c2, 'session', '2026-03-05'],
    [c2, 'session', '2026-04-02'],
    [c3, 'session', '2026-04-10'],
    [c4, 'session', '2026-04-20'],
  ];
  for (const [c, kind, date] of contacts) await contact(c.id, kind, date);
  const measured: [string, Course, Form[]][] = [
    ['2026-03-03', c1, ['session-outcome', 'session-alliance']],
    ['2026-03-05', c2, ['session-outcome', 'session-alliance']],
    ['2026-03-10', c1, ['session-outcome']],
    ['2026-04-02', c2, ['session-alliance']],
    ['2026-04-10', c3, ['session-outcome']],
    ['2026-04-20', c4, ['session-outcome']],
  ];
  for (const [date, c, forms] of measured) {
    await setDay(date);
    await measure(c.id, forms);
  }
  await end(c2.id, 'dropped_out', '2026-04-20');
  await end(c4.id, 'completed', '2026-04-28');
  return { units, staff, cookies };
}
