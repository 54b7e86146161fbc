/**
 * Patients and treatment courses on every engine: who may see what (own course, stated reason,
 * unit lead, other unit = 404), one audit event per access, and a tamper-evident audit chain.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

describe.each(engines())('clinical core on $name', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const units: Record<'A' | 'B', string> = { A: '', B: '' };
  const users: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ engine });
    const now = new Date('2026-03-01T08:00:00Z');
    [units.A, units.B] = (await fictionalUnits(t, ['Enhet A', 'Enhet B'], now)) as [string, string];
    const people = [
      ['leadA', [{ unitId: units.A, role: 'unit_lead' }], null],
      ['therA1', [{ unitId: units.A, role: 'therapist' }], null],
      ['therA2', [{ unitId: units.A, role: 'therapist' }], null],
      ['therB', [{ unitId: units.B, role: 'therapist' }], null],
      ['adminA', [{ unitId: units.A, role: 'admin' }], null],
      ['trainerA', [{ unitId: units.A, role: 'trainer' }], null],
      ['root', [], 'admin'],
    ] as const;
    for (const [name, memberships, globalRole] of people) {
      const member = await staffMember(t, name, { memberships: [...memberships], globalRole }, now);
      users[name] = member.id;
      cookies[name] = member.cookie;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  async function call(
    who: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(who ? { Cookie: cookies[who] ?? '' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  }
  const auditCount = async () =>
    Number(
      (await sql<{ n: string | number }>`select count(*) as n from audit_events`.execute(t.db))
        .rows[0]?.n,
    );

  let patientId = '';
  let courseId = '';

  it('a therapist registers a patient by pseudonym code, never an 11-digit number', async () => {
    const created = await call('therA1', 'POST', `/units/${units.A}/patients`, {
      code: 'ØST-0042',
      birthYear: 1988,
      sex: 'female',
    });
    expect(created.status).toBe(201);
    patientId = created.body.id;
    const nationalId = await call('therA1', 'POST', `/units/${units.A}/patients`, {
      code: '010190 12345',
    });
    expect(nationalId.status).toBe(422);
    expect(nationalId.body.error.issues[0].path).toEqual(['code']);
    expect(
      (await call('therA1', 'POST', `/units/${units.A}/patients`, { code: 'ØST-0042' })).status,
    ).toBe(409);
    expect(
      (await call('therB', 'POST', `/units/${units.A}/patients`, { code: 'X-1' })).status,
    ).toBe(404);
    expect(
      (await call('adminA', 'POST', `/units/${units.A}/patients`, { code: 'X-2' })).status,
    ).toBe(404);
    expect((await call(null, 'POST', `/units/${units.A}/patients`, { code: 'X-3' })).status).toBe(
      401,
    );
  });

  it('opens a course with its first episode; the creating therapist is on it', async () => {
    const created = await call('therA1', 'POST', '/courses', {
      patientId,
      startDate: '2026-03-01',
      plannedDurationWeeks: 12,
      levelOfCare: 'inpatient',
      goals: ['Stabil bolig'],
    });
    expect(created.status).toBe(201);
    courseId = created.body.id;
    expect(created.body.therapistIds).toEqual([users.therA1]);
    expect(
      (
        await call('therB', 'POST', '/courses', {
          patientId,
          startDate: '2026-03-01',
          levelOfCare: 'outpatient',
        })
      ).status,
    ).toBe(404);
    const badTherapist = await call('leadA', 'POST', '/courses', {
      patientId,
      startDate: '2026-03-01',
      levelOfCare: 'outpatient',
      therapistIds: [users.therB],
    });
    expect(badTherapist.status).toBe(422);
    const badDate = await call('therA1', 'POST', '/courses', {
      patientId,
      startDate: '1. mars',
      levelOfCare: 'outpatient',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.message).toContain('startDate');
  });

  it('own course: open; other course in the unit: only with a stated reason; other unit: 404', async () => {
    const own = await call('therA1', 'GET', `/courses/${courseId}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      patient: { code: 'ØST-0042', birthYear: 1988 },
      goals: ['Stabil bolig'],
      episodes: [{ levelOfCare: 'inpatient' }],
    });
    const noReason = await call('therA2', 'GET', `/courses/${courseId}`);
    expect(noReason.status).toBe(403);
    expect(noReason.body.error.code).toBe('reason_required');
    expect(
      (
        await call('therA2', 'GET', `/courses/${courseId}`, undefined, {
          'X-Access-Reason': 'Vakt: pasienten ringte',
        })
      ).status,
    ).toBe(200);
    expect((await call('leadA', 'GET', `/courses/${courseId}`)).status).toBe(200);
    for (const who of ['therB', 'adminA', 'trainerA', 'root'])
      expect((await call(who, 'GET', `/courses/${courseId}`)).status).toBe(404);
    expect((await call(null, 'GET', `/courses/${courseId}`)).status).toBe(401);
  });

  it('caseloads: mine for therapists, the unit for its lead', async () => {
    const mine = await call('therA1', 'GET', '/courses');
    expect(mine.body.courses.map((c: { id: string }) => c.id)).toEqual([courseId]);
    expect((await call('therA2', 'GET', '/courses')).body.courses).toEqual([]);
    expect(
      (await call('leadA', 'GET', `/courses?scope=unit&unitId=${units.A}`)).body.courses,
    ).toHaveLength(1);
    expect((await call('therA1', 'GET', `/courses?scope=unit&unitId=${units.A}`)).status).toBe(404);
    expect((await call('therB', 'GET', '/courses')).body.courses).toEqual([]);
  });

  it('contacts are recorded by the course’s therapist or the unit lead', async () => {
    expect(
      (
        await call('therA1', 'POST', `/courses/${courseId}/contacts`, {
          kind: 'no_show',
          date: '2026-03-08',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('therA2', 'POST', `/courses/${courseId}/contacts`, {
          kind: 'session',
          date: '2026-03-09',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('therB', 'POST', `/courses/${courseId}/contacts`, {
          kind: 'session',
          date: '2026-03-09',
        })
      ).status,
    ).toBe(404);
    const bad = await call('therA1', 'POST', `/courses/${courseId}/contacts`, {
      kind: 'phone',
      date: '2026-03-09',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('kind');
  });

  it('a change of level of care opens a new episode; the end closes the course once', async () => {
    const transfer = await call('therA1', 'POST', `/courses/${courseId}/episodes`, {
      levelOfCare: 'outpatient',
      startDate: '2026-04-01',
    });
    expect(transfer.status).toBe(201);
    const early = await call('therA1', 'POST', `/courses/${courseId}/episodes`, {
      levelOfCare: 'ambulant',
      startDate: '2026-02-01',
    });
    expect(early.status).toBe(422);
    expect(
      (
        await call('therA2', 'POST', `/courses/${courseId}/end`, {
          type: 'completed',
          date: '2026-05-01',
        })
      ).status,
    ).toBe(403);
    const course = await call('therA1', 'GET', `/courses/${courseId}`);
    expect(course.body.episodes.map((e: any) => [e.levelOfCare, e.startDate, e.endDate])).toEqual([
      ['inpatient', '2026-03-01', '2026-04-01'],
      ['outpatient', '2026-04-01', null],
    ]);
  });

  it('every allowed read and write of patient data writes exactly one audit event', async () => {
    const cases: [string, string, string, unknown?, Record<string, string>?][] = [
      ['therA1', 'GET', `/courses/${courseId}`],
      ['leadA', 'GET', `/courses/${courseId}`],
      ['therA2', 'GET', `/courses/${courseId}`, undefined, { 'X-Access-Reason': 'Kollega syk' }],
      ['therA1', 'POST', `/units/${units.A}/patients/search`, { code: 'ØST-0042' }],
      ['therA1', 'POST', `/courses/${courseId}/contacts`, { kind: 'session', date: '2026-03-10' }],
      ['therA1', 'GET', '/courses'],
      ['leadA', 'GET', `/courses?scope=unit&unitId=${units.A}`],
      ['therA1', 'POST', `/units/${units.A}/patients`, { code: 'AUDIT-1' }],
      [
        'therA1',
        'POST',
        `/courses/${courseId}/form-sessions`,
        { instruments: ['session-outcome'], channel: 'home' },
      ],
      [
        'therA1',
        'POST',
        `/courses/${courseId}/responses`,
        { instrument: 'gaf', answers: { symptom: 55 }, language: 'nb' },
        { 'Idempotency-Key': 'audit-count-gaf-1' },
      ],
      ['therA1', 'GET', `/courses/${courseId}/responses`],
      [
        'therA1',
        'PUT',
        `/courses/${courseId}/plan`,
        { items: [{ instrument: 'session-outcome', schedule: 'every_session' }] },
      ],
      ['therA1', 'GET', `/courses/${courseId}/due`],
      [
        'therA1',
        'POST',
        `/courses/${courseId}/episodes`,
        { levelOfCare: 'ambulant', startDate: '2026-04-15' },
      ],
      ['leadA', 'GET', `/patients/${patientId}/access-log`],
    ];
    for (const [who, method, path, body, headers] of cases) {
      const before = await auditCount();
      const res = await call(who, method, path, body, headers);
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
      expect(await auditCount(), `${method} ${path}`).toBe(before + 1);
    }
  });

  it('a denied attempt in the unit is logged as denied; a cross-unit probe reveals nothing', async () => {
    const before = await auditCount();
    await call('therA2', 'GET', `/courses/${courseId}`);
    const last = (
      await t.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(1).execute()
    )[0];
    expect(last).toMatchObject({ action: 'course.read', outcome: 'denied', user_id: users.therA2 });
    expect(await auditCount()).toBe(before + 1);
  });

  it('ends a course with its type, once, and it leaves the caseload', async () => {
    const badType = await call('therA1', 'POST', `/courses/${courseId}/end`, {
      type: 'finished',
      date: '2026-05-01',
    });
    expect(badType.status).toBe(400);
    const ended = await call('therA1', 'POST', `/courses/${courseId}/end`, {
      type: 'dropped_out',
      date: '2026-05-01',
      note: 'Møtte ikke etter overgang',
    });
    expect(ended.status).toBe(200);
    expect(
      (
        await call('therA1', 'POST', `/courses/${courseId}/end`, {
          type: 'completed',
          date: '2026-05-02',
        })
      ).status,
    ).toBe(409);
    expect((await call('therA1', 'GET', '/courses')).body.courses).toEqual([]);
    const course = await call('therA1', 'GET', `/courses/${courseId}`);
    expect(course.body.end).toEqual({
      type: 'dropped_out',
      date: '2026-05-01',
      note: 'Møtte ikke etter overgang',
    });
    expect(course.body.episodes.every((e: any) => e.endDate !== null)).toBe(true);
  });

  it('the unit lead exports a patient’s access history, with stated reasons', async () => {
    const log = await call('leadA', 'GET', `/patients/${patientId}/access-log`);
    expect(log.status).toBe(200);
    expect(
      log.body.events.some(
        (e: { reason: string | null; userId: string }) =>
          e.reason === 'Vakt: pasienten ringte' && e.userId === users.therA2,
      ),
    ).toBe(true);
    expect((await call('therA1', 'GET', `/patients/${patientId}/access-log`)).status).toBe(403);
    expect((await call('therB', 'GET', `/patients/${patientId}/access-log`)).status).toBe(404);
  });

  it('concurrent writes keep one unbroken chain', async () => {
    const before = await auditCount();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(i % 2 ? 'leadA' : 'therA1', 'POST', `/units/${units.A}/patients`, {
          code: `PAR-${i}`,
        }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(await auditCount()).toBe(before + 12);
    expect((await call('root', 'GET', '/audit/verify')).body).toMatchObject({ ok: true });
  });

  it('the audit chain verifies, and detects an edited or removed event', async () => {
    expect((await call('therA1', 'GET', '/audit/verify')).status).toBe(404);
    const ok = await call('root', 'GET', '/audit/verify');
    expect(ok.body).toMatchObject({ ok: true });
    expect(ok.body.events).toBeGreaterThan(10);
    await sql`update audit_events set reason = 'edited' where seq = 3`.execute(t.db);
    expect((await call('root', 'GET', '/audit/verify')).body).toMatchObject({
      ok: false,
      brokenAt: 3,
    });
    await sql`update audit_events set reason = null where seq = 3`.execute(t.db);
    expect((await call('root', 'GET', '/audit/verify')).body.ok).toBe(true);
    await sql`delete from audit_events where seq = 5`.execute(t.db);
    expect((await call('root', 'GET', '/audit/verify')).body).toMatchObject({
      ok: false,
      brokenAt: 5,
    });
  });
});
