/**
 * Unit reports on every engine, over the fictional clinic of test/support/report-clinic.ts whose
 * figures are worked out by hand below: the drop-out indicator per quarter (with and without
 * transfers), fidelity per therapist and month with its denominators, the outcome summary — as
 * JSON and CSV. Plus who may read them, bad queries, practice data left out, and the audit.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { engines } from '../support/databases';
import {
  buildReportClinic,
  fidelityMonth as month,
  REPORT_CLINIC_START,
  type ReportClinic,
} from '../support/report-clinic';

describe.each(engines())('unit reports on $name', (engine) => {
  let t: TestApp;
  let clinic: ReportClinic;
  const units = () => clinic.units;

  const request = (who: string, path: string) =>
    t.app.request(`/api/v1${path}`, { headers: { Cookie: clinic.cookies[who] ?? '' } });
  async function report(who: string, unitId: string, kind: string, query = '') {
    const res = await request(who, `/units/${unitId}/reports/${kind}${query}`);
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  }

  beforeAll(async () => {
    t = await createTestApp({ engine, start: REPORT_CLINIC_START });
    clinic = await buildReportClinic(t);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const Q4_2025_TO_Q1_2026 = '?from=2025-10-01&to=2026-03-31';

  it('counts drop-outs per quarter; a transfer is left out, or counted as a drop-out', async () => {
    const without = await report('lead', units().dropout, 'dropout', Q4_2025_TO_Q1_2026);
    expect(without.status).toBe(200);
    expect(without.body).toEqual({
      unitId: units().dropout,
      from: '2025-10-01',
      to: '2026-03-31',
      definition: { transferredCounts: false },
      quarters: [
        {
          quarter: '2025-Q4',
          from: '2025-10-01',
          to: '2025-12-31',
          ended: 4,
          droppedOut: 2,
          transferred: 1,
          completed: 1,
          other: 0,
          numerator: 2,
          denominator: 3,
          indicator: 2 / 3,
        },
        {
          quarter: '2026-Q1',
          from: '2026-01-01',
          to: '2026-03-31',
          ended: 4,
          droppedOut: 1,
          transferred: 0,
          completed: 2,
          other: 1,
          numerator: 1,
          denominator: 4,
          indicator: 0.25,
        },
      ],
      total: {
        ended: 8,
        droppedOut: 3,
        transferred: 1,
        completed: 3,
        other: 1,
        numerator: 3,
        denominator: 7,
        indicator: 3 / 7,
      },
    });
    const counted = await report(
      'lead',
      units().dropout,
      'dropout',
      `${Q4_2025_TO_Q1_2026}&transferredCounts=true`,
    );
    expect(counted.body.definition).toEqual({ transferredCounts: true });
    expect(
      counted.body.quarters.map((q: any) => [q.quarter, q.numerator, q.denominator, q.indicator]),
    ).toEqual([
      ['2025-Q4', 3, 4, 0.75],
      ['2026-Q1', 1, 4, 0.25],
    ]);
    expect(counted.body.total).toMatchObject({ numerator: 4, denominator: 8, indicator: 0.5 });
  });

  it('clips quarters to the period and gives no indicator for a quarter without ends', async () => {
    const { body } = await report(
      'lead',
      units().dropout,
      'dropout',
      '?from=2025-11-16&to=2026-04-01&transferredCounts=true',
    );
    expect(body.quarters.map((q: any) => [q.quarter, q.from, q.to, q.ended, q.indicator])).toEqual([
      ['2025-Q4', '2025-11-16', '2025-12-31', 3, 2 / 3],
      ['2026-Q1', '2026-01-01', '2026-03-31', 4, 0.25],
      ['2026-Q2', '2026-04-01', '2026-04-01', 1, 1],
    ]);
    const empty = await report(
      'lead',
      units().dropout,
      'dropout',
      '?from=2024-01-01&to=2024-03-31',
    );
    expect(empty.body.quarters).toEqual([
      expect.objectContaining({ quarter: '2024-Q1', ended: 0, denominator: 0, indicator: null }),
    ]);
  });

  it('reports fidelity per month for the unit and per therapist, with the denominators', async () => {
    const { status, body } = await report(
      'lead',
      units().fidelity,
      'fidelity',
      '?from=2026-03-01&to=2026-04-30',
    );
    expect(status).toBe(200);
    expect(body.definition).toEqual({
      intakeWindowDays: 14,
      dischargeWindowDays: 14,
      evaluationDueAfterWeeks: 6,
      evaluationWindowWeeks: 7,
    });
    expect(body.unit).toEqual([
      month('2026-03', [4, 3, 2], [2, 1], [0, 0], [2, 1]),
      month('2026-04', [4, 2, 1], [0, 0], [2, 1], [1, 1]),
    ]);
    expect(body.therapists).toEqual([
      {
        therapistId: clinic.staff.ada,
        therapistName: 'ada',
        months: [
          month('2026-03', [4, 3, 2], [1, 1], [0, 0], [1, 1]),
          month('2026-04', [2, 0, 1], [0, 0], [1, 0], [1, 1]),
        ],
      },
      {
        therapistId: clinic.staff.bo,
        therapistName: 'bo',
        months: [
          month('2026-03', [1, 1, 1], [2, 1], [0, 0], [0, 0]),
          month('2026-04', [2, 1, 1], [0, 0], [1, 0], [0, 0]),
        ],
      },
      {
        therapistId: null,
        therapistName: null,
        months: [
          month('2026-03', [0, 0, 0], [0, 0], [0, 0], [1, 0]),
          month('2026-04', [1, 1, 0], [0, 0], [1, 1], [0, 0]),
        ],
      },
    ]);
  });

  it('a partial last month is measured up to the end of the period', async () => {
    // On 10 March C1 had had an evaluation within seven weeks (20 February) and C4 none; C2
    // and C3 were younger than six weeks.
    const { body } = await report(
      'lead',
      units().fidelity,
      'fidelity',
      '?from=2026-03-01&to=2026-03-10',
    );
    expect(body.unit).toEqual([
      expect.objectContaining({
        month: '2026-03',
        sessions: 3,
        sessionsWithOutcome: 3,
        coursesStarted: 1,
        coursesWithIntake: 1,
        evaluationsDue: 2,
        evaluationsOnTime: 1,
      }),
    ]);
  });

  it('summarises reliable and clinically significant change, also by end type', async () => {
    const { status, body } = await report(
      'lead',
      units().outcomes,
      'outcomes',
      '?from=2026-01-01&to=2026-03-31',
    );
    expect(status).toBe(200);
    expect(body.definition).toEqual({
      instrument: 'session-outcome',
      minResponses: 2,
      reliableChangePoints: 5,
      clinicalCutoff: 25,
      rciVerified: false,
    });
    const group = (n: number, improved: number, deteriorated: number, significant: number) => ({
      n,
      improved,
      deteriorated,
      unchanged: n - improved - deteriorated,
      clinicallySignificant: significant,
      improvedShare: n ? improved / n : null,
      deterioratedShare: n ? deteriorated / n : null,
      unchangedShare: n ? (n - improved - deteriorated) / n : null,
      clinicallySignificantShare: n ? significant / n : null,
    });
    expect(body.total).toEqual(group(6, 3, 1, 2));
    expect(body.byEndType).toEqual([
      { endType: 'completed', ...group(1, 1, 0, 0) },
      { endType: 'dropped_out', ...group(1, 0, 1, 0) },
      { endType: 'transferred', ...group(0, 0, 0, 0) },
      { endType: 'other', ...group(0, 0, 0, 0) },
      { endType: 'active', ...group(4, 2, 0, 2) },
    ]);
  });

  it('defaults to twelve calendar months up to today', async () => {
    const { body } = await report('lead', units().dropout, 'dropout');
    const today = '2026-04-20';
    expect([body.from, body.to]).toEqual(['2025-05-01', today]);
    expect(body.definition).toEqual({ transferredCounts: false });
    expect(body.quarters.map((q: any) => q.quarter)).toEqual([
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
    ]);
    expect(body.total.ended).toBe(10);
    const onlyTo = await report('lead', units().dropout, 'dropout', '?to=2025-12-31');
    expect([onlyTo.body.from, onlyTo.body.to]).toEqual(['2025-01-01', '2025-12-31']);
  });

  it('sends CSV with a header row and one row per quarter, month or group', async () => {
    const res = await request(
      'lead',
      `/units/${units().dropout}/reports/dropout${Q4_2025_TO_Q1_2026}&format=csv`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="kor-dropout-${units().dropout}-2025-10-01-2026-03-31.csv"`,
    );
    expect((await res.text()).split('\r\n')).toEqual([
      'quarter,from,to,ended,dropped_out,transferred,completed,other,numerator,denominator,indicator,transferred_counts',
      `2025-Q4,2025-10-01,2025-12-31,4,2,1,1,0,2,3,${2 / 3},false`,
      '2026-Q1,2026-01-01,2026-03-31,4,1,0,2,1,1,4,0.25,false',
      '',
    ]);

    const fidelity = await request(
      'lead',
      `/units/${units().fidelity}/reports/fidelity?from=2026-03-01&to=2026-04-30&format=csv`,
    );
    expect(fidelity.headers.get('content-disposition')).toContain(
      `kor-fidelity-${units().fidelity}-2026-03-01-2026-04-30.csv`,
    );
    const lines = (await fidelity.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'scope,therapist_id,therapist_name,month,sessions,sessions_with_outcome,outcome_share,sessions_with_alliance,alliance_share,courses_started,courses_with_intake,intake_share,courses_ended,courses_with_discharge,discharge_share,evaluations_due,evaluations_on_time,evaluation_share',
    );
    expect(lines).toContain('unit,,,2026-03,4,3,0.75,2,0.5,2,1,0.5,0,0,,2,1,0.5');
    expect(lines).toContain(
      `therapist,${clinic.staff.bo},bo,2026-04,2,1,0.5,1,0.5,0,0,,1,0,0,0,0,`,
    );
    expect(lines).toHaveLength(1 + 2 + 6);

    const outcomes = await request(
      'lead',
      `/units/${units().outcomes}/reports/outcomes?from=2026-01-01&to=2026-03-31&format=csv`,
    );
    const rows = (await outcomes.text()).trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'end_type,n,improved,deteriorated,unchanged,clinically_significant,improved_share,deteriorated_share,unchanged_share,clinically_significant_share',
    );
    expect(rows[1]).toBe(`all,6,3,1,2,2,0.5,${1 / 6},${1 / 3},${1 / 3}`);
    expect(rows).toContain('transferred,0,0,0,0,0,,,,');
  });

  it('is for the unit lead and global administrators only; anyone else gets 404', async () => {
    const path = '?from=2026-03-01&to=2026-04-30';
    for (const kind of ['dropout', 'fidelity', 'outcomes']) {
      expect((await report('ada', units().fidelity, kind, path)).status).toBe(404);
      expect((await report('otherLead', units().fidelity, kind, path)).status).toBe(404);
      expect((await report('lead', randomUUID(), kind, path)).status).toBe(404);
      expect((await report('root', randomUUID(), kind, path)).status).toBe(404);
    }
    const therapist = await report('ada', units().fidelity, 'fidelity', path);
    expect(therapist.body.error).toEqual({ code: 'not_found', message: 'No such unit' });
    const admin = await report('root', units().fidelity, 'fidelity', path);
    expect(admin.status).toBe(200);
    expect(admin.body.unit[0].sessions).toBe(4);
  });

  it('refuses a bad query with an error that names the field', async () => {
    const cases: [string, number, string][] = [
      ['?from=2026-03-01&to=2026-02-28', 400, 'query.to'],
      ['?from=2026-02-30&to=2026-03-31', 400, 'query.from'],
      ['?from=1.3.2026', 400, 'query.from'],
      ['?to=2026-3-1', 400, 'query.to'],
      ['?from=2020-01-01&to=2025-01-01', 400, 'query.to'],
      ['?format=xml', 400, 'query.format'],
      ['?transferredCounts=yes', 400, 'query.transferredCounts'],
      // `to` defaults to today (2026-04-20): a later `from` is the field at fault
      ['?from=2027-01-01', 422, 'from'],
    ];
    for (const [query, status, field] of cases) {
      const res = await report('lead', units().dropout, 'dropout', query);
      expect(res.status, query).toBe(status);
      expect(res.body.error.message, query).toContain(`${field}:`);
      expect(res.body.error.issues[0].path.join('.'), query).toBe(field);
    }
    const ok = await report('lead', units().dropout, 'dropout', '?from=2021-01-01&to=2025-12-31');
    expect(ok.status).toBe(200);
  });

  it('never counts a practice unit’s courses', async () => {
    const period = '?from=2026-01-01&to=2026-06-30&transferredCounts=true';
    const dropout = await report('lead', units().practice, 'dropout', period);
    expect(dropout.status).toBe(200);
    expect(dropout.body.total).toMatchObject({ ended: 0, droppedOut: 0, indicator: null });
    const fidelity = await report('root', units().practice, 'fidelity', period);
    expect(fidelity.body.therapists).toEqual([]);
    expect(
      fidelity.body.unit.every((m: any) => m.sessions + m.coursesStarted + m.coursesEnded === 0),
    ).toBe(true);
    const outcomes = await report('lead', units().practice, 'outcomes', period);
    expect(outcomes.body.total.n).toBe(0);
  });

  it('writes one audit event per report read, naming no patient', async () => {
    const events = () =>
      t.db
        .selectFrom('audit_events')
        .select(['action', 'unit_id', 'role', 'patient_id', 'course_id', 'object_id', 'user_id'])
        .where('action', 'like', 'report.%')
        .orderBy('seq')
        .execute();
    const before = (await events()).length;
    await report('lead', units().dropout, 'dropout', '?from=2026-01-01&to=2026-03-31');
    await report('lead', units().fidelity, 'fidelity', '?from=2026-01-01&to=2026-03-31&format=csv');
    await report('root', units().outcomes, 'outcomes', '?from=2026-01-01&to=2026-03-31');
    await report('ada', units().fidelity, 'fidelity');
    expect((await events()).slice(before)).toEqual([
      {
        action: 'report.dropout',
        unit_id: units().dropout,
        role: 'unit_lead',
        patient_id: null,
        course_id: null,
        object_id: '2026-01-01/2026-03-31',
        user_id: clinic.staff.lead,
      },
      {
        action: 'report.fidelity',
        unit_id: units().fidelity,
        role: 'unit_lead',
        patient_id: null,
        course_id: null,
        object_id: '2026-01-01/2026-03-31',
        user_id: clinic.staff.lead,
      },
      {
        action: 'report.outcomes',
        unit_id: units().outcomes,
        role: 'admin',
        patient_id: null,
        course_id: null,
        object_id: '2026-01-01/2026-03-31',
        user_id: clinic.staff.root,
      },
    ]);
  });
});
