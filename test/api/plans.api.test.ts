/**
 * Measurement plans end to end: a unit template, copied to a course, adjusted, and the forms due
 * on a day, which follow the course's answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

describe.each(engines())('measurement plans on $name', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let unitId = '';
  let courseId = '';

  const call = async (
    who: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        Cookie: cookies[who] ?? '',
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };

  beforeAll(async () => {
    t = await createTestApp({ engine, start: new Date('2026-03-02T08:00:00Z') });
    const now = new Date('2026-03-01T08:00:00Z');
    [unitId] = (await fictionalUnits(t, ['U'], now)) as [string];
    for (const [name, role] of [
      ['lead', 'unit_lead'],
      ['ther', 'therapist'],
    ] as const) {
      cookies[name] = (await staffMember(t, name, { memberships: [{ unitId, role }] }, now)).cookie;
    }
    const patient = await call('ther', 'POST', `/units/${unitId}/patients`, { code: 'PLAN-1' });
    courseId = (
      await call('ther', 'POST', '/courses', {
        patientId: patient.body.id,
        startDate: '2026-03-02',
        plannedEndDate: '2026-06-01',
        levelOfCare: 'outpatient',
      })
    ).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a unit lead makes a template; a therapist copies it to the course and sees what is due', async () => {
    const template = await call('lead', 'POST', `/units/${unitId}/plan-templates`, {
      name: 'Poliklinikk standard',
      items: [
        { instrument: 'audit', schedule: 'intake' },
        { instrument: 'session-outcome', schedule: 'every_session' },
        { instrument: 'session-alliance', schedule: 'every_session' },
        { instrument: 'hscl-25', schedule: 'every_n_weeks', intervalWeeks: 6 },
        { instrument: 'psq-18', schedule: 'discharge' },
      ],
    });
    expect(template.status).toBe(201);
    expect(
      (
        await call('ther', 'POST', `/units/${unitId}/plan-templates`, {
          name: 'X',
          items: [{ instrument: 'audit', schedule: 'intake' }],
        })
      ).status,
    ).toBe(404);
    const copied = await call('ther', 'PUT', `/courses/${courseId}/plan`, {
      templateId: template.body.id,
    });
    expect(copied.status).toBe(200);
    expect(copied.body.items).toHaveLength(5);
    const due = await call('ther', 'GET', `/courses/${courseId}/due`);
    expect(due.body.date).toBe('2026-03-02');
    expect(due.body.due.map((d: { instrument: string }) => d.instrument)).toEqual([
      'audit',
      'session-outcome',
      'session-alliance',
      'hscl-25',
    ]);
  });

  it('answers take forms off the list; the discharge form comes in the last two weeks', async () => {
    await call(
      'ther',
      'POST',
      `/courses/${courseId}/responses`,
      { instrument: 'gaf', answers: { symptom: 50, function: 50 }, language: 'nb' },
      { 'Idempotency-Key': 'plan-gaf-00001' },
    );
    const session = await call('ther', 'POST', `/courses/${courseId}/form-sessions`, {
      instruments: ['audit', 'session-outcome'],
      channel: 'kiosk',
    });
    const { token } = (await (
      await t.app.request('/api/v1/patient/exchange', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: session.body.code }),
      })
    ).json()) as { token: string };
    for (const [instrument, answers] of [
      ['audit', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), 0]))],
      ['session-outcome', { '1': 5, '2': 5, '3': 5, '4': 5 }],
    ] as const) {
      const res = await t.app.request('/api/v1/patient/responses', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': `plan-${instrument}`,
        },
        body: JSON.stringify({ instrument, version: '1.0.0', answers, language: 'nb' }),
      });
      expect(res.status).toBe(201);
    }
    const today = await call('ther', 'GET', `/courses/${courseId}/due`);
    expect(today.body.due.map((d: { instrument: string }) => d.instrument)).toEqual([
      'session-alliance',
      'hscl-25',
    ]);
    const later = await call('ther', 'GET', `/courses/${courseId}/due?date=2026-05-20`);
    expect(later.body.due.map((d: { instrument: string }) => d.instrument)).toEqual([
      'session-outcome',
      'session-alliance',
      'hscl-25',
      'psq-18',
    ]);
  });

  it('rejects unknown instruments and intervals without every_n_weeks, naming the item', async () => {
    const unknown = await call('ther', 'PUT', `/courses/${courseId}/plan`, {
      items: [{ instrument: 'ors', schedule: 'intake' }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.issues[0].path).toEqual(['items', 0, 'instrument']);
    const interval = await call('ther', 'PUT', `/courses/${courseId}/plan`, {
      items: [{ instrument: 'audit', schedule: 'intake', intervalWeeks: 4 }],
    });
    expect(interval.status).toBe(422);
    const bad = await call('ther', 'GET', `/courses/${courseId}/due?date=tomorrow`);
    expect(bad.status).toBe(400);
  });
});
