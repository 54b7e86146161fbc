/**
 * The path of issue 3's "done when", on every engine: a therapist creates a form session, the
 * patient exchanges its code, fills in the forms, and the therapist sees the scored responses
 * and the audit trail. Plus the limits: single-use and expiring codes, wrong-code limits,
 * idempotent and concurrent submits, write-only patient sessions.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { FORM_POLICY } from '../../server/services/form-service';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

const MINUTE = 60_000;

describe.each(engines())('form sessions and responses on $name', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let courseId = '';

  afterEach(async () => {
    await t?.close();
  });

  async function setup() {
    await setupOn(await createTestApp({ engine }));
  }

  async function setupOn(app: TestApp) {
    t = app;
    const now = new Date('2026-03-01T08:00:00Z');
    const [unitId] = (await fictionalUnits(t, ['Enhet A'], now)) as [string];
    const unit = { id: unitId };
    for (const name of ['ther1', 'ther2']) {
      cookies[name] = (
        await staffMember(t, name, { memberships: [{ unitId, role: 'therapist' }] }, now)
      ).cookie;
    }
    const patient = await json(
      await call('ther1', 'POST', `/units/${unit.id}/patients`, {
        code: 'PAS-1',
        birthYear: 1990,
        sex: 'male',
      }),
    );
    courseId = (
      await json(
        await call('ther1', 'POST', '/courses', {
          patientId: patient.id,
          startDate: '2026-03-01',
          levelOfCare: 'outpatient',
        }),
      )
    ).id;
  }

  function call(
    who: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(who ? { Cookie: cookies[who] ?? '' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  const json = async (res: Response) => (await res.json()) as any;
  const patientCall = (token: string, method: string, path: string, body?: unknown, key?: string) =>
    call(null, method, `/patient${path}`, body, {
      Authorization: `Bearer ${token}`,
      ...(key ? { 'Idempotency-Key': key } : {}),
    });
  const count = async (table: string) =>
    Number(
      (
        await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(
          t.db,
        )
      ).rows[0]?.n,
    );
  const outcome = {
    instrument: 'session-outcome',
    version: '1.0.0',
    answers: { '1': 6.2, '2': 5.0, '3': 7.1, '4': 5.5 },
    language: 'nb',
  };
  const alliance = {
    instrument: 'session-alliance',
    version: '1.0.0',
    answers: { '1': 9.0, '2': 9.5, '3': 8.0, '4': 9.0 },
    language: 'nb',
  };

  async function kioskSession() {
    const res = await call('ther1', 'POST', `/courses/${courseId}/form-sessions`, {
      instruments: ['session-outcome', 'session-alliance'],
      channel: 'kiosk',
    });
    expect(res.status).toBe(201);
    return json(res);
  }

  it('therapist → code → patient fills in → scored responses and audit trail', async () => {
    await setup();
    const session = await kioskSession();
    expect(session.code).toMatch(/^\d{6}$/);
    const exchanged = await call(null, 'POST', '/patient/exchange', { code: session.code });
    expect(exchanged.status).toBe(200);
    const { token } = await json(exchanged);

    const forms = await json(await patientCall(token, 'GET', '/forms'));
    expect(forms.forms.map((f: { id: string }) => f.id)).toEqual([
      'session-outcome',
      'session-alliance',
    ]);

    const first = await patientCall(token, 'POST', '/responses', outcome, 'key-outcome-0001');
    expect(first.status).toBe(201);
    const firstBody = await json(first);
    expect(firstBody).toMatchObject({
      received: true,
      remaining: ['session-alliance'],
      completed: false,
    });
    expect(firstBody).not.toHaveProperty('score');

    const last = await json(
      await patientCall(token, 'POST', '/responses', alliance, 'key-alliance-0001'),
    );
    expect(last).toMatchObject({ completed: true, remaining: [] });
    // The session has ended: nothing more can be fetched or sent with its token.
    expect((await patientCall(token, 'GET', '/forms')).status).toBe(401);
    expect(
      (await patientCall(token, 'POST', '/responses', outcome, 'key-outcome-0002')).status,
    ).toBe(401);

    const responses = await json(await call('ther1', 'GET', `/courses/${courseId}/responses`));
    expect(responses.responses.map((r: any) => [r.instrument, r.score.scores.total])).toEqual([
      ['session-outcome', 23.8],
      ['session-alliance', 35.5],
    ]);
    expect(responses.responses[1].score.interpretation).toEqual({ allianceConcern: true });
    const actions = (
      await t.db.selectFrom('audit_events').select(['action', 'role']).orderBy('seq').execute()
    ).map((e) => `${e.role}:${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'therapist:form_session.create',
        'patient:form_session.exchange',
        'patient:response.create',
        'therapist:responses.read',
      ]),
    );
  });

  it('records where each access came from (behind a trusted proxy)', async () => {
    await setupOn(await createTestApp({ engine, trustProxy: true }));
    const { code } = await json(
      await call(
        'ther1',
        'POST',
        `/courses/${courseId}/form-sessions`,
        { instruments: ['session-outcome'], channel: 'kiosk' },
        { 'X-Forwarded-For': '192.0.2.10' },
      ),
    );
    const { token } = await json(
      await call(
        null,
        'POST',
        '/patient/exchange',
        { code },
        { 'X-Forwarded-For': '192.0.2.20, 10.0.0.1' },
      ),
    );
    await call(null, 'POST', '/patient/responses', outcome, {
      Authorization: `Bearer ${token}`,
      'Idempotency-Key': 'where-from-0001',
      'X-Forwarded-For': '192.0.2.20',
    });
    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'client'])
      .where('action', 'in', ['form_session.create', 'form_session.exchange', 'response.create'])
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { action: 'form_session.create', client: '192.0.2.10' },
      { action: 'form_session.exchange', client: '192.0.2.20' },
      { action: 'response.create', client: '192.0.2.20' },
    ]);
  });

  it('a replay returns the first result and stores once, also concurrently and after the session ended', async () => {
    await setup();
    const { code } = await kioskSession();
    const { token } = await json(await call(null, 'POST', '/patient/exchange', { code }));
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        patientCall(token, 'POST', '/responses', outcome, 'same-key-123456'),
      ),
    );
    const bodies = await Promise.all(results.map(json));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await count('responses')).toBe(1);
    const reused = await patientCall(
      token,
      'POST',
      '/responses',
      { ...outcome, answers: { ...outcome.answers, '1': 1 } },
      'same-key-123456',
    );
    expect(reused.status).toBe(422);
    const done = await json(
      await patientCall(token, 'POST', '/responses', alliance, 'alliance-key-1'),
    );
    expect(done.completed).toBe(true);
    const replayAfterEnd = await patientCall(
      token,
      'POST',
      '/responses',
      alliance,
      'alliance-key-1',
    );
    expect(replayAfterEnd.status).toBe(200);
    expect((await json(replayAfterEnd)).id).toBe(done.id);
    expect(await count('responses')).toBe(2);
  });

  it('a retry racing the first try of the last form gets its result, not "the session has ended"', async () => {
    await setup();
    // The retry starts a few steps later each time, so that in some round it looks its key up
    // before the first try commits and checks the session after that try ended it (found while
    // building the crash test: a 401 for an answer that was stored).
    const rounds: string[] = [];
    for (let steps = 0; steps < 120; steps += 2) {
      const { link } = await json(
        await call('ther1', 'POST', `/courses/${courseId}/form-sessions`, {
          instruments: ['session-outcome'],
          channel: 'home',
        }),
      );
      const exchanged = await call(null, 'POST', '/patient/exchange', { link: link.slice(3) });
      const { token } = await json(exchanged);
      const key = `race-key-${steps}`;
      const first = patientCall(token, 'POST', '/responses', outcome, key);
      for (let step = 0; step < steps; step++) await Promise.resolve();
      const retry = patientCall(token, 'POST', '/responses', outcome, key);
      const answers = await Promise.all([first, retry]);
      const ids = new Set(await Promise.all(answers.map(async (r) => (await json(r)).id)));
      // Either try may be the one that stores (on PostgreSQL they truly run side by side): one
      // 201, one 200 replay, one id.
      const statuses = answers.map((r) => r.status).sort((a, b) => b - a);
      rounds.push(`${statuses.join('/')} ${ids.size}`);
    }
    expect(new Set(rounds)).toEqual(new Set(['201/200 1']));
    expect(await count('responses')).toBe(rounds.length);
  });

  it('a code is single-use and expires after 15 minutes', async () => {
    await setup();
    const { code } = await kioskSession();
    expect((await call(null, 'POST', '/patient/exchange', { code })).status).toBe(200);
    expect((await call(null, 'POST', '/patient/exchange', { code })).status).toBe(404);
    const second = await kioskSession();
    t.advance((FORM_POLICY.codeMinutes + 1) * MINUTE);
    const expired = await call(null, 'POST', '/patient/exchange', { code: second.code });
    expect(expired.status).toBe(404);
    expect((await json(expired)).error.message).toMatch(/wrong or has expired/);
  });

  it(`stops a client after ${FORM_POLICY.maxWrongCodes} wrong codes, with Retry-After`, async () => {
    await setup();
    const { code } = await kioskSession();
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < FORM_POLICY.maxWrongCodes; i++)
      expect((await call(null, 'POST', '/patient/exchange', { code: wrong })).status).toBe(404);
    const limited = await call(null, 'POST', '/patient/exchange', { code });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(
      String(FORM_POLICY.wrongCodeWindowMinutes * 60),
    );
    expect((await json(limited)).error.message).toMatch(/new code/);
  });

  it('wrong codes lock one device, and a whole address only after many', async () => {
    await setup();
    const { code } = await kioskSession();
    const wrong = code === '000000' ? '000001' : '000000';
    const tryCode = (c: string, device: string) =>
      call(null, 'POST', '/patient/exchange', { code: c, device });
    for (let i = 0; i < FORM_POLICY.maxWrongCodes; i++)
      expect((await tryCode(wrong, 'tablet-aaaa')).status).toBe(404);
    expect((await tryCode(code, 'tablet-aaaa')).status).toBe(429);
    // Another tablet behind the same clinic address still works.
    expect((await tryCode(code, 'tablet-bbbb')).status).toBe(200);
    // A script claiming a new device on every try is stopped by the address limit.
    const used = FORM_POLICY.maxWrongCodes;
    for (let i = used; i < FORM_POLICY.maxWrongCodesPerAddress; i++)
      expect((await tryCode(wrong, `script-${String(i).padStart(4, '0')}`)).status).toBe(404);
    const next = await kioskSession();
    expect((await tryCode(next.code, 'tablet-cccc')).status).toBe(429);
    t.advance((FORM_POLICY.wrongCodeWindowMinutes + 1) * MINUTE);
    const later = await kioskSession();
    expect((await tryCode(later.code, 'tablet-cccc')).status).toBe(200);
  });

  it('a kiosk patient who is slow, or whose tablet was offline for hours, can still send', async () => {
    await setup();
    const { code } = await kioskSession();
    t.advance((FORM_POLICY.codeMinutes - 1) * MINUTE);
    const { token } = await json(await call(null, 'POST', '/patient/exchange', { code }));
    t.advance(20 * 60 * MINUTE);
    expect((await patientCall(token, 'POST', '/responses', outcome, 'late-key-0001')).status).toBe(
      201,
    );
    t.advance(4 * 60 * MINUTE + 1);
    expect((await patientCall(token, 'POST', '/responses', alliance, 'late-key-0002')).status).toBe(
      401,
    );
  });

  it('the therapist sees each session as waiting, in progress, ended unfinished, expired or withdrawn', async () => {
    await setup();
    const statuses = async () =>
      (
        await json(await call('ther1', 'GET', `/courses/${courseId}/form-sessions`))
      ).formSessions.map(
        (s: { status: string; answered: string[] }) => `${s.status}:${s.answered.join('+')}`,
      );
    const first = await kioskSession();
    expect(await statuses()).toEqual(['waiting:']);
    const { token } = await json(
      await call(null, 'POST', '/patient/exchange', { code: first.code }),
    );
    await patientCall(token, 'POST', '/responses', outcome, 'list-key-0001');
    expect(await statuses()).toEqual(['in_progress:session-outcome']);
    await patientCall(token, 'POST', '/close', { reason: 'stopped' });
    expect(await statuses()).toEqual(['ended_unfinished:session-outcome']);

    // A code given to the wrong person is withdrawn: it stops working at once.
    t.advance(MINUTE);
    const second = await kioskSession();
    const revoked = await call(
      'ther1',
      'POST',
      `/courses/${courseId}/form-sessions/${second.id}/revoke`,
      {},
    );
    expect(revoked.status).toBe(200);
    expect((await call(null, 'POST', '/patient/exchange', { code: second.code })).status).toBe(404);
    // Withdrawing twice, or another course's session, is refused clearly.
    const again = await call(
      'ther1',
      'POST',
      `/courses/${courseId}/form-sessions/${second.id}/revoke`,
      {},
    );
    expect(again.status).toBe(409);
    expect((await json(again)).error.message).toContain('already revoked');
    expect(
      (await call('ther2', 'POST', `/courses/${courseId}/form-sessions/${second.id}/revoke`, {}))
        .status,
    ).toBe(403);

    t.advance(MINUTE);
    const third = await kioskSession();
    t.advance(16 * MINUTE);
    expect(await statuses()).toEqual(['expired:', 'revoked:', 'ended_unfinished:session-outcome']);
    expect(third.code).toMatch(/^\d{6}$/);
    const audited = await t.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('action', 'in', ['form_sessions.read', 'form_session.revoke'])
      .execute();
    // The withdrawal, and ther2's refused attempt (not on the course).
    expect(audited.filter((a) => a.action === 'form_session.revoke').map((a) => a.outcome)).toEqual(
      ['allowed', 'denied'],
    );
    expect(audited.filter((a) => a.action === 'form_sessions.read').length).toBeGreaterThan(3);
  });

  it('a course evaluation is never a patient form nor a rating on a course', async () => {
    await setup();
    const session = await call('ther1', 'POST', `/courses/${courseId}/form-sessions`, {
      instruments: ['session-outcome', 'course-evaluation'],
      channel: 'kiosk',
    });
    expect(session.status).toBe(422);
    expect((await json(session)).error.message).toContain('course evaluation, not a patient form');
    const entered = await call(
      'ther1',
      'POST',
      `/courses/${courseId}/responses`,
      {
        instrument: 'course-evaluation',
        answers: { relevance: 8, understandable: 6, structured: 9, action: 7 },
        language: 'nb',
      },
      { 'Idempotency-Key': 'course-eval-0001' },
    );
    expect(entered.status).toBe(422);
    expect((await json(entered)).error.code).toBe('not_clinical');
    expect(await count('form_sessions')).toBe(0);
    expect(await count('responses')).toBe(0);
  });

  it('the page closes its session: the token is refused at once, and the reason is audited', async () => {
    await setup();
    const { code } = await kioskSession();
    const { token } = await json(await call(null, 'POST', '/patient/exchange', { code }));
    await patientCall(token, 'POST', '/responses', outcome, 'close-key-0001');
    const closed = await patientCall(token, 'POST', '/close', { reason: 'idle' });
    expect(closed.status).toBe(200);
    expect((await patientCall(token, 'GET', '/forms')).status).toBe(401);
    expect(
      (await patientCall(token, 'POST', '/responses', alliance, 'close-key-0002')).status,
    ).toBe(401);
    // Closing again is harmless; an unknown token is not.
    expect((await patientCall(token, 'POST', '/close', { reason: 'idle' })).status).toBe(200);
    expect((await patientCall('x'.repeat(43), 'POST', '/close', { reason: 'idle' })).status).toBe(
      401,
    );
    expect((await patientCall(token, 'POST', '/close', { reason: 'bored' })).status).toBe(400);
    // A replay of what was sent before the close still gets its receipt.
    expect((await patientCall(token, 'POST', '/responses', outcome, 'close-key-0001')).status).toBe(
      200,
    );
    const events = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'form_session.close%')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['form_session.close.idle']);
    expect(await count('responses')).toBe(1);
  });

  it('one form is answered once per session, whatever the Idempotency-Key', async () => {
    await setup();
    const { code } = await kioskSession();
    const { token } = await json(await call(null, 'POST', '/patient/exchange', { code }));
    expect((await patientCall(token, 'POST', '/responses', outcome, 'once-key-0001')).status).toBe(
      201,
    );
    const again = await patientCall(token, 'POST', '/responses', outcome, 'once-key-0002');
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('already_answered');
    expect(await count('responses')).toBe(1);
  });

  it('a home link works until the forms are in or it expires', async () => {
    await setup();
    const res = await json(
      await call('ther1', 'POST', `/courses/${courseId}/form-sessions`, {
        instruments: ['session-outcome'],
        channel: 'home',
        expiresInDays: 3,
      }),
    );
    const link = String(res.link).replace('/f/', '');
    expect(link.length).toBeGreaterThanOrEqual(32);
    const a = await json(await call(null, 'POST', '/patient/exchange', { link }));
    const b = await json(await call(null, 'POST', '/patient/exchange', { link }));
    expect(a.token).not.toBe(b.token);
    await patientCall(b.token, 'POST', '/responses', outcome, 'home-key-0001');
    const other = await json(
      await call('ther1', 'POST', `/courses/${courseId}/form-sessions`, {
        instruments: ['session-outcome'],
        channel: 'home',
        expiresInDays: 1,
      }),
    );
    t.advance(25 * 60 * MINUTE);
    expect(
      (
        await call(null, 'POST', '/patient/exchange', {
          link: String(other.link).replace('/f/', ''),
        })
      ).status,
    ).toBe(404);
    expect((await call(null, 'POST', '/patient/exchange', { link })).status).toBe(410);
  });

  it('validates everything: no score from the client, the right instruments, the right people', async () => {
    await setup();
    const { code } = await kioskSession();
    const { token } = await json(await call(null, 'POST', '/patient/exchange', { code }));
    expect(
      (
        await patientCall(
          token,
          'POST',
          '/responses',
          { ...outcome, score: { total: 40 } },
          'key-validate-1',
        )
      ).status,
    ).toBe(400);
    expect((await patientCall(token, 'POST', '/responses', outcome)).status).toBe(400);
    const badValue = await patientCall(
      token,
      'POST',
      '/responses',
      { ...outcome, answers: { '1': 11 } },
      'key-validate-2',
    );
    expect(badValue.status).toBe(422);
    expect((await json(badValue)).error.issues[0].path).toEqual(['answers', '1']);
    expect(
      (
        await patientCall(
          token,
          'POST',
          '/responses',
          { ...outcome, instrument: 'audit' },
          'key-validate-3',
        )
      ).status,
    ).toBe(422);
    // A patient token opens nothing of the staff API.
    expect(
      (
        await call(null, 'GET', `/courses/${courseId}`, undefined, {
          Authorization: `Bearer ${token}`,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await call('ther1', 'POST', `/courses/${courseId}/form-sessions`, {
          instruments: ['gaf'],
          channel: 'kiosk',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await call('ther2', 'POST', `/courses/${courseId}/form-sessions`, {
          instruments: ['session-outcome'],
          channel: 'kiosk',
        })
      ).status,
    ).toBe(403);
    expect((await call(null, 'POST', '/patient/exchange', { code: '12ab' })).status).toBe(400);
  });

  it('clinician ratings (GAF) are entered by the course’s therapist and scored on the server', async () => {
    await setup();
    const entered = await call(
      'ther1',
      'POST',
      `/courses/${courseId}/responses`,
      { instrument: 'gaf', answers: { symptom: 45, function: 60 }, language: 'nb' },
      { 'Idempotency-Key': 'gaf-entry-0001' },
    );
    expect(entered.status).toBe(201);
    expect((await json(entered)).score.scores).toEqual({ symptom: 45, function: 60, total: 45 });
    expect(
      (
        await call(
          'ther1',
          'POST',
          `/courses/${courseId}/responses`,
          { instrument: 'session-outcome', answers: {}, language: 'nb' },
          { 'Idempotency-Key': 'gaf-entry-0002' },
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await call(
          'ther2',
          'POST',
          `/courses/${courseId}/responses`,
          { instrument: 'gaf', answers: { symptom: 50 }, language: 'nb' },
          { 'Idempotency-Key': 'gaf-entry-0003' },
        )
      ).status,
    ).toBe(403);
  });
});
