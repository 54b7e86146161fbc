/**
 * Access reports, on every engine: a patient's access history (who, when, why — JSON and CSV),
 * everything one user accessed, and the unit lead's weekly review of accesses outside a user's
 * own caseload, with a stated reason, or refused. Each read of a report is audited too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, moveToDay, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

describe.each(engines())('access reports on $name', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const users: Record<string, string> = {};
  let unitA = '';
  let patientId = '';
  let courseId = '';
  let now = new Date();

  afterEach(async () => {
    await t?.close();
  });

  function call(who: string, path: string, headers: Record<string, string> = {}) {
    return t.app.request(`/api/v1${path}`, { headers: { Cookie: cookies[who] ?? '', ...headers } });
  }
  const json = async (res: Response) => (await res.json()) as any;

  /** Monday 2 March 2026 (week 10): therOwn's course; therOther looks in, refused then with a reason. */
  async function setup() {
    now = new Date('2026-03-02T08:00:00Z');
    t = await createTestApp({ engine, start: now });
    const [a, b] = (await fictionalUnits(t, ['Enhet A', 'Enhet B'], now)) as [string, string];
    unitA = a;
    const people = [
      ['therOwn', [{ unitId: a, role: 'therapist' }], null],
      ['therOther', [{ unitId: a, role: 'therapist' }], null],
      ['leadA', [{ unitId: a, role: 'unit_lead' }], null],
      ['leadB', [{ unitId: b, role: 'unit_lead' }], null],
      ['root', [], 'admin'],
    ] as const;
    for (const [name, memberships, globalRole] of people) {
      const member = await staffMember(t, name, { memberships: [...memberships], globalRole }, now);
      cookies[name] = member.cookie;
      users[name] = member.id;
    }
    const post = (who: string, path: string, body: unknown) =>
      t.app.request(`/api/v1${path}`, {
        method: 'POST',
        headers: { Cookie: cookies[who] ?? '', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    patientId = (await json(await post('therOwn', `/units/${a}/patients`, { code: 'TILG-1' }))).id;
    courseId = (
      await json(
        await post('therOwn', '/courses', {
          patientId,
          startDate: '2026-03-02',
          levelOfCare: 'outpatient',
        }),
      )
    ).id;
    expect((await call('therOwn', `/courses/${courseId}`)).status).toBe(200);
    expect((await call('therOther', `/courses/${courseId}`)).status).toBe(403);
    const opened = await call('therOther', `/courses/${courseId}`, {
      'X-Access-Reason': 'Vakt: pasienten ringte',
    });
    expect(opened.status).toBe(200);
  }

  it('gives the unit lead a patient’s access history with names, reasons and what was done', async () => {
    await setup();
    const res = await call('leadA', `/patients/${patientId}/access-log`);
    expect(res.status).toBe(200);
    const history = await json(res);
    expect(history.patient).toMatchObject({ id: patientId, code: 'TILG-1' });
    expect(history.truncated).toBe(false);
    const other = history.events.filter((e: any) => e.userId === users.therOther);
    expect(other.map((e: any) => [e.outcome, e.reason, e.userName, e.what.nb])).toEqual([
      ['denied', null, 'therOther', 'Åpnet behandlingsforløpet'],
      ['allowed', 'Vakt: pasienten ringte', 'therOther', 'Åpnet behandlingsforløpet'],
    ]);
    expect(other.every((e: any) => e.outsideCaseload)).toBe(true);
    const own = history.events.filter((e: any) => e.userId === users.therOwn);
    expect(own.map((e: any) => e.action)).toEqual([
      'patient.create',
      'course.create',
      'course.read',
    ]);
    expect(own.some((e: any) => e.outsideCaseload)).toBe(false);
    // The export itself is in the history it hands over.
    expect(history.events.at(-1)).toMatchObject({
      action: 'patient.access_log.read',
      userId: users.leadA,
      role: 'unit_lead',
      roleText: { nb: 'enhetsleder', en: 'unit lead' },
    });

    const csv = await call('leadA', `/patients/${patientId}/access-log?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('kor-tilgangslogg-');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,at,user_id,user_name,role,unit_id,action,what,patient_code,course_id,outcome,reason,outside_caseload',
    );
    expect(lines).toHaveLength(history.events.length + 2); // header, the events, this export
    expect(lines.some((l) => l.includes('Vakt: pasienten ringte') && l.includes('denied'))).toBe(
      false,
    );
    expect(lines.some((l) => l.includes('Vakt: pasienten ringte') && l.endsWith(',true'))).toBe(
      true,
    );

    expect((await call('therOwn', `/patients/${patientId}/access-log`)).status).toBe(403);
    expect((await call('leadB', `/patients/${patientId}/access-log`)).status).toBe(404);
    const bad = await call('leadA', `/patients/${patientId}/access-log?format=pdf`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await json(bad))).toContain('format');
  });

  it('gives the unit lead the week’s accesses outside the caseload, with reasons, and refused', async () => {
    await setup();
    // A week later, the lead reads last week's review (the default) and this week's.
    now = await moveToDay(t, now, '2026-03-09', cookies);
    const res = await call('leadA', `/units/${unitA}/access-report`);
    expect(res.status).toBe(200);
    const report = await json(res);
    expect(report).toMatchObject({
      week: '2026-W10',
      firstDay: '2026-03-02',
      lastDay: '2026-03-08',
      from: '2026-03-01T23:00:00.000Z',
      to: '2026-03-08T23:00:00.000Z',
      counts: { events: 2, outsideCaseload: 2, withReason: 1, denied: 1 },
    });
    expect(report.events.map((e: any) => [e.userId, e.patientCode, e.outcome, e.reason])).toEqual([
      [users.therOther, 'TILG-1', 'denied', null],
      [users.therOther, 'TILG-1', 'allowed', 'Vakt: pasienten ringte'],
    ]);
    const thisWeek = await json(await call('leadA', `/units/${unitA}/access-report?week=2026-W11`));
    expect(thisWeek.counts.events).toBe(0);

    const csv = await call('leadA', `/units/${unitA}/access-report?week=2026-W10&format=csv`);
    expect(csv.headers.get('content-disposition')).toContain('2026-W10');
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(3);

    for (const [week, message] of [
      ['2025-W53', '2025 has no week 53'],
      ['2026-10', 'an ISO week like 2026-W49'],
    ]) {
      const bad = await call('leadA', `/units/${unitA}/access-report?week=${week}`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await json(bad))).toContain(message);
    }
    expect((await call('therOwn', `/units/${unitA}/access-report`)).status).toBe(404);
    expect((await call('leadB', `/units/${unitA}/access-report`)).status).toBe(404);

    const reads = await t.db
      .selectFrom('audit_events')
      .select(['object_id', 'user_id'])
      .where('action', '=', 'unit.access_report.read')
      .orderBy('seq')
      .execute();
    expect(reads).toEqual([
      { object_id: '2026-W10', user_id: users.leadA },
      { object_id: '2026-W11', user_id: users.leadA },
      { object_id: '2026-W10', user_id: users.leadA },
    ]);
  });

  it('shows a user everything they accessed, and their unit lead the same within the unit', async () => {
    await setup();
    const own = await json(await call('therOther', `/users/${users.therOther}/access-log`));
    expect(own.user).toEqual({ id: users.therOther, name: 'therOther' });
    expect(own.scope).toEqual({ units: 'all' });
    expect(own.events.map((e: any) => [e.action, e.outcome, e.patientCode])).toEqual([
      ['course.read', 'denied', 'TILG-1'],
      ['course.read', 'allowed', 'TILG-1'],
      // Reading one's own log is an access too, and in it.
      ['user.access_log.read', 'allowed', null],
    ]);
    const byLead = await json(await call('leadA', `/users/${users.therOther}/access-log`));
    expect(byLead.scope).toEqual({ units: [unitA] });
    // Only what happened in the lead's unit: not the user's own read of their log.
    expect(byLead.events.map((e: any) => e.action)).toEqual(['course.read', 'course.read']);
    const byAdmin = await json(await call('root', `/users/${users.therOther}/access-log`));
    expect(byAdmin.events.map((e: any) => e.action)).toEqual([
      'course.read',
      'course.read',
      'user.access_log.read',
    ]);
    const window = await json(
      await call(
        'root',
        `/users/${users.therOther}/access-log?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z`,
      ),
    );
    expect(window.events).toEqual([]);
    expect((await call('leadB', `/users/${users.therOther}/access-log`)).status).toBe(404);
    expect((await call('therOwn', `/users/${users.therOther}/access-log`)).status).toBe(404);
    const bad = await call('root', `/users/${users.therOther}/access-log?from=yesterday`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await json(bad))).toContain('from');
  });
});
