/**
 * The therapist's workspace on every engine: the caseload ordered by drop-out risk and kept
 * current (on arrival of data, and lazily when the day changes), its filters, a course's trends
 * and GAS goals, the unit's calibration report, and one audit event per read of patient data.
 * Every course is fictional; expected figures are worked out by hand in the comments.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_CONFIG } from '../../instruments';
import { storeResponse } from '../../server/services/response-store';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, moveToDay, staffMember } from '../support/clinic';
import { type Engine, engines } from '../support/databases';
import { definition } from '../support/instruments';

const W = DEFAULT_RISK_CONFIG.weights;

/** Four one-decimal visual-analogue lines that add up to `total`. */
function lines(total: number): Record<string, number> {
  const each = Math.floor((total / 4) * 10) / 10;
  const last = Math.round((total - 3 * each) * 10) / 10;
  return { '1': each, '2': each, '3': each, '4': last };
}

/** HSCL-25 with every item 1 ("not at all") except item 20 (hopelessness). */
const hsclWithItem20 = (value: number) =>
  Object.fromEntries(Array.from({ length: 25 }, (_, i) => [String(i + 1), i === 19 ? value : 1]));

const codes = (row: { risk: { signals: { code: string }[] } }) =>
  row.risk.signals.map((s) => s.code);

/**
 * A fresh app and database with two units: at A a lead and two therapists, at B a lead and a
 * therapist, and a global admin. The clock moves only forward, by `setDay`.
 */
async function openClinic(engine: Engine, start = new Date('2026-03-02T08:00:00Z')) {
  const t: TestApp = await createTestApp({ engine, start });
  let now = start;
  const [A, B] = (await fictionalUnits(t, ['Enhet A', 'Enhet B'], start)) as [string, string];
  const people = {
    lead: { memberships: [{ unitId: A, role: 'unit_lead' as const }] },
    ther1: { memberships: [{ unitId: A, role: 'therapist' as const }] },
    ther2: { memberships: [{ unitId: A, role: 'therapist' as const }] },
    leadB: { memberships: [{ unitId: B, role: 'unit_lead' as const }] },
    therB: { memberships: [{ unitId: B, role: 'therapist' as const }] },
    root: { globalRole: 'admin' as const },
  };
  const users: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  for (const [name, roles] of Object.entries(people)) {
    const member = await staffMember(t, name, roles, start);
    users[name] = member.id;
    cookies[name] = member.cookie;
  }

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

  /** Moves the clock to 09:00 UTC on `date`; staff log in again (sessions go idle). */
  async function setDay(date: string) {
    now = await moveToDay(t, now, date, cookies);
  }

  /** A new patient and course; the creating therapist is on it. */
  async function course(
    who: string,
    code: string,
    options: {
      unitId?: string;
      startDate?: string;
      levelOfCare?: string;
      plannedEndDate?: string;
    } = {},
  ) {
    const patient = await call(who, 'POST', `/units/${options.unitId ?? A}/patients`, { code });
    expect(patient.status).toBe(201);
    const created = await call(who, 'POST', '/courses', {
      patientId: patient.body.id,
      startDate: options.startDate ?? now.toISOString().slice(0, 10),
      levelOfCare: options.levelOfCare ?? 'outpatient',
      ...(options.plannedEndDate ? { plannedEndDate: options.plannedEndDate } : {}),
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, patientId: patient.body.id as string };
  }

  /** A real kiosk session: the therapist creates it, the patient exchanges the code. */
  async function kiosk(who: string, courseId: string, instruments: string[]) {
    const created = await call(who, 'POST', `/courses/${courseId}/form-sessions`, {
      instruments,
      channel: 'kiosk',
    });
    expect(created.status).toBe(201);
    const exchanged = await call(null, 'POST', '/patient/exchange', { code: created.body.code });
    expect(exchanged.status).toBe(200);
    const token = exchanged.body.token as string;
    return async (instrument: string, answers: Record<string, number>) => {
      const res = await call(
        null,
        'POST',
        '/patient/responses',
        { instrument, version: definition(instrument).version, answers, language: 'nb' },
        { Authorization: `Bearer ${token}`, 'Idempotency-Key': randomUUID() },
      );
      expect(res.status).toBe(201);
    };
  }

  /** Session feedback filled in on the tablet: outcome, then alliance. */
  async function feedback(who: string, courseId: string, outcome: number, alliance: number) {
    const submit = await kiosk(who, courseId, ['session-outcome', 'session-alliance']);
    await submit('session-outcome', lines(outcome));
    await submit('session-alliance', lines(alliance));
  }

  const caseload = async (who: string, query = '') => {
    const res = await call(who, 'GET', `/courses${query}`);
    expect(res.status).toBe(200);
    return res.body.courses as any[];
  };
  const storedRisk = (courseId: string) =>
    t.db
      .selectFrom('course_risk')
      .selectAll()
      .where('course_id', '=', courseId)
      .executeTakeFirstOrThrow();
  const count = async (table: string) =>
    Number(
      (
        await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(
          t.db,
        )
      ).rows[0]?.n,
    );

  return {
    t,
    units: { A, B },
    users,
    call,
    setDay,
    course,
    kiosk,
    feedback,
    caseload,
    storedRisk,
    count,
    close: () => t.close(),
  };
}

describe.each(engines())('workspace on $name', (engine) => {
  it('recomputes the light when answers arrive, and lists the riskiest course first', async () => {
    const c = await openClinic(engine);
    try {
      const a = await c.course('ther1', 'A-1');
      const yellow = await c.course('ther2', 'A-2');
      const green = await c.course('ther2', 'A-3');
      const grey = await c.course('ther2', 'A-4');
      const safety = await c.course('ther2', 'A-5');

      const [fresh] = await c.caseload('ther1');
      expect(fresh).toMatchObject({
        id: a.id,
        patientCode: 'A-1',
        risk: { level: 'grey', score: 0, safety: false, signals: [] },
        lastMeasurementAt: null,
      });

      // Day 0, session 1 of A on the kiosk: one answer is too little for a light; two are green.
      const submit = await c.kiosk('ther1', a.id, ['session-outcome', 'session-alliance']);
      await submit('session-outcome', lines(20));
      expect((await c.caseload('ther1'))[0].risk.level).toBe('grey');
      await submit('session-alliance', lines(38));
      // Stored on arrival (the same day, so the caseload did not recompute it lazily).
      expect(await c.storedRisk(a.id)).toMatchObject({
        level: 'green',
        computed_at: '2026-03-02T08:00:00.000Z',
      });
      const [afterFirst] = await c.caseload('ther1');
      expect(afterFirst.risk).toEqual({ level: 'green', score: 0, safety: false, signals: [] });
      expect(afterFirst.lastMeasurementAt).toBe('2026-03-02T08:00:00.000Z');

      // A week later the alliance falls from 38 to 33.4: below 36 (ALLIANCE_LOW, 3) and down by
      // ≥ 1 point (ALLIANCE_DROP, 2); 3 + 2 = 5 ≥ redFrom 4 → red.
      await c.setDay('2026-03-09');
      await c.feedback('ther1', a.id, 22, 33.4);
      const [red] = await c.caseload('ther1');
      expect(W.ALLIANCE_LOW + W.ALLIANCE_DROP).toBe(5);
      expect(red.risk).toMatchObject({ level: 'red', score: 5, safety: false });
      expect(codes(red)).toEqual(['ALLIANCE_LOW', 'ALLIANCE_DROP']);
      const low = red.risk.signals[0];
      expect(low.weight).toBe(W.ALLIANCE_LOW);
      expect(low.explanation.nb).toContain('33,4');
      expect(low.explanation.nb).toContain('36');
      expect(low.explanation.en).toContain('33.4');

      // The second therapist's courses: a first alliance of 35 (ALLIANCE_LOW alone: 3 → yellow),
      // a good first session (green), none (grey), and a critical HSCL-25 item 20 (SAFETY, first
      // whatever its light: grey, as it has no session feedback).
      await c.feedback('ther2', yellow.id, 28, 35);
      await c.feedback('ther2', green.id, 30, 39);
      const hscl = await c.kiosk('ther2', safety.id, ['hscl-25']);
      await hscl('hscl-25', hsclWithItem20(2));

      const unit = await c.caseload('lead', `?scope=unit&unitId=${c.units.A}`);
      expect(unit.map((r) => r.id)).toEqual([safety.id, a.id, yellow.id, green.id, grey.id]);
      expect(unit.map((r) => r.risk.level)).toEqual(['grey', 'red', 'yellow', 'green', 'grey']);
      expect(unit[0].risk).toMatchObject({ safety: true, score: 0 });
      expect(codes(unit[0])).toEqual(['SAFETY']);
      expect(unit[2].risk).toMatchObject({ score: W.ALLIANCE_LOW, signals: [{ weight: 3 }] });
      expect(codes(unit[3])).toEqual([]);
      const mine = await c.caseload('ther2');
      expect(mine.map((r) => r.id)).toEqual([safety.id, yellow.id, green.id, grey.id]);
      expect((await c.caseload('ther1')).map((r) => r.id)).toEqual([a.id]);
    } finally {
      await c.close();
    }
  });

  it('a no-show raises MISSED_CONTACT at once; a change of level of care raises TRANSITION', async () => {
    const c = await openClinic(engine);
    try {
      const { id } = await c.course('ther1', 'K-1', { startDate: '2026-02-20' });
      expect((await c.caseload('ther1'))[0].risk.level).toBe('grey');

      expect(
        (
          await c.call('ther1', 'POST', `/courses/${id}/contacts`, {
            kind: 'no_show',
            date: '2026-03-02',
          })
        ).status,
      ).toBe(201);
      const [missed] = await c.caseload('ther1');
      expect(missed.risk).toMatchObject({ level: 'yellow', score: W.MISSED_CONTACT });
      expect(codes(missed)).toEqual(['MISSED_CONTACT']);
      expect(missed.risk.signals[0].explanation.nb).toBe(
        'Pasienten kom ikke til avtalt time 02.03.2026 (i dag).',
      );

      const moved = await c.call('ther1', 'POST', `/courses/${id}/episodes`, {
        levelOfCare: 'inpatient',
        startDate: '2026-03-01',
      });
      expect(moved.status).toBe(201);
      const [transition] = await c.caseload('ther1');
      // MISSED_CONTACT 3 + TRANSITION 2 = 5 → red.
      expect(transition).toMatchObject({
        levelOfCare: 'inpatient',
        risk: { level: 'red', score: W.MISSED_CONTACT + W.TRANSITION },
      });
      expect(codes(transition)).toEqual(['MISSED_CONTACT', 'TRANSITION']);
      expect(transition.risk.signals[1].explanation.nb).toBe(
        'Pasienten gikk over fra poliklinisk behandling til døgnbehandling i går (01.03.2026).',
      );
    } finally {
      await c.close();
    }
  });

  it('recomputes stale risk when the day changes: a gap of 15 days raises MISSED_CONTACT', async () => {
    const c = await openClinic(engine);
    try {
      const { id } = await c.course('ther1', 'G-1');
      await c.call('ther1', 'POST', `/courses/${id}/contacts`, {
        kind: 'session',
        date: '2026-03-02',
      });
      await c.feedback('ther1', id, 24, 38);
      expect((await c.caseload('ther1'))[0].risk.level).toBe('green');
      const rows = [await c.count('responses'), await c.count('contacts')];

      // 14 days: exactly twice the planned weekly interval, not more — still green, but computed
      // again today.
      await c.setDay('2026-03-16');
      expect((await c.caseload('ther1'))[0].risk).toMatchObject({ level: 'green', signals: [] });
      expect((await c.storedRisk(id)).computed_at.slice(0, 10)).toBe('2026-03-16');

      // 15 days with no new data at all.
      await c.setDay('2026-03-17');
      const [gap] = await c.caseload('ther1');
      expect(gap.risk).toMatchObject({ level: 'yellow', score: W.MISSED_CONTACT });
      expect(codes(gap)).toEqual(['MISSED_CONTACT']);
      expect(gap.risk.signals[0].explanation.nb).toBe(
        'Det er 15 dager siden siste kontakt (planlagt hver 7. dag).',
      );
      expect((await c.storedRisk(id)).computed_at.slice(0, 10)).toBe('2026-03-17');
      expect([await c.count('responses'), await c.count('contacts')]).toEqual(rows);
      // The trends compute the same light afresh.
      const trends = await c.call('ther1', 'GET', `/courses/${id}/trends`);
      expect(trends.body.risk).toMatchObject({ level: 'yellow', asOf: '2026-03-17' });
    } finally {
      await c.close();
    }
  });

  it('filters by level of care; scope=unit is for the unit lead only', async () => {
    const c = await openClinic(engine);
    try {
      const out1 = await c.course('ther1', 'F-1', { plannedEndDate: '2026-06-01' });
      const in1 = await c.course('ther1', 'F-2', { levelOfCare: 'inpatient' });
      const out2 = await c.course('ther2', 'F-3');
      const ended = await c.course('ther1', 'F-4');
      await c.course('therB', 'B-1', { unitId: c.units.B });
      expect(
        (
          await c.call('ther1', 'POST', `/courses/${ended.id}/end`, {
            type: 'completed',
            date: '2026-03-02',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await c.call('ther1', 'PUT', `/courses/${out1.id}/plan`, {
            items: [
              { instrument: 'session-outcome', schedule: 'every_session' },
              { instrument: 'audit', schedule: 'intake' },
            ],
          })
        ).status,
      ).toBe(200);

      const unitQuery = `?scope=unit&unitId=${c.units.A}`;
      const all = await c.caseload('lead', unitQuery);
      expect(all.map((r) => r.id).sort()).toEqual([out1.id, in1.id, out2.id].sort());
      expect(all.find((r) => r.id === out1.id)).toEqual({
        id: out1.id,
        patientId: out1.patientId,
        patientCode: 'F-1',
        unitId: c.units.A,
        unitName: 'Enhet A',
        startDate: '2026-03-02',
        plannedEndDate: '2026-06-01',
        levelOfCare: 'outpatient',
        risk: { level: 'grey', score: 0, safety: false, signals: [] },
        lastMeasurementAt: null,
        due: ['session-outcome', 'audit'],
      });
      expect(
        (await c.caseload('lead', `${unitQuery}&levelOfCare=inpatient`)).map((r) => r.id),
      ).toEqual([in1.id]);
      await c.call('ther2', 'POST', `/courses/${out2.id}/episodes`, {
        levelOfCare: 'ambulant',
        startDate: '2026-03-02',
      });
      const ambulant = await c.caseload('lead', `${unitQuery}&levelOfCare=ambulant`);
      expect(ambulant.map((r) => [r.id, r.levelOfCare])).toEqual([[out2.id, 'ambulant']]);
      expect((await c.caseload('ther1', '?levelOfCare=outpatient')).map((r) => r.id)).toEqual([
        out1.id,
      ]);
      expect((await c.caseload('ther1')).map((r) => r.id).sort()).toEqual([out1.id, in1.id].sort());

      expect((await c.call('ther1', 'GET', `/courses${unitQuery}`)).status).toBe(404);
      expect((await c.call('lead', 'GET', '/courses?scope=unit')).status).toBe(404);
      expect((await c.call('lead', 'GET', `/courses?scope=unit&unitId=${c.units.B}`)).status).toBe(
        404,
      );
      expect((await c.call('therB', 'GET', `/courses?unitId=${c.units.A}`)).status).toBe(404);
      expect((await c.call('lead', 'GET', `/courses${unitQuery}&levelOfCare=ward`)).status).toBe(
        400,
      );
      expect((await c.call(null, 'GET', '/courses')).status).toBe(401);
    } finally {
      await c.close();
    }
  });

  it('trends: scored series, a history entry per date, the default expected trajectory', async () => {
    const c = await openClinic(engine);
    try {
      const { id } = await c.course('ther1', 'T-1');
      const contact = (kind: string, date: string) =>
        c.call('ther1', 'POST', `/courses/${id}/contacts`, { kind, date });
      await contact('session', '2026-03-02');
      await c.feedback('ther1', id, 18.4, 38);
      await c.setDay('2026-03-09');
      await contact('no_show', '2026-03-05');
      await contact('session', '2026-03-09');
      await c.feedback('ther1', id, 21, 37.5);

      const res = await c.call('ther1', 'GET', `/courses/${id}/trends`);
      expect(res.status).toBe(200);
      const trends = res.body;
      expect(trends).toMatchObject({
        courseId: id,
        asOf: '2026-03-09',
        ruleSet: 'dropout-risk@1',
        risk: { level: 'green', score: 0, safety: false, signals: [] },
        thresholds: { outcomeCutoff: 25, allianceCutoff: 36 },
        goals: [],
      });
      const totals = (instrument: string) =>
        trends.series[instrument].map((s: any) => [s.answeredAt.slice(0, 10), s.scores.total]);
      expect(totals('session-outcome')).toEqual([
        ['2026-03-02', expect.closeTo(18.4, 9)],
        ['2026-03-09', expect.closeTo(21, 9)],
      ]);
      expect(totals('session-alliance')).toEqual([
        ['2026-03-02', expect.closeTo(38, 9)],
        ['2026-03-09', expect.closeTo(37.5, 9)],
      ]);
      expect(trends.series['session-outcome'][0]).toMatchObject({
        version: '1.0.0',
        status: 'scored',
        respondent: 'patient',
        interpretation: { clinicalRange: true },
        answers: lines(18.4),
      });
      // One entry per day with a response or a contact; the no-show is red-flagged on its day
      // and gone once the patient came again (alliance 38 → 37.5 is no drop of ≥ 1).
      expect(trends.history).toEqual([
        { date: '2026-03-02', level: 'green', codes: [] },
        { date: '2026-03-05', level: 'yellow', codes: ['MISSED_CONTACT'] },
        { date: '2026-03-09', level: 'green', codes: [] },
      ]);
      // Provisional curve for intake 18.4: mean(k) = 18.4 + 9.6·(1 − 0.75^(k−1)), lower = mean − 5.
      expect(trends.expected).toMatchObject({ source: 'default', n: 0 });
      expect(trends.expected.intake).toBeCloseTo(18.4, 9);
      expect(trends.expected.points).toHaveLength(12);
      expect(trends.expected.points[0]).toEqual({
        session: 1,
        mean: expect.closeTo(18.4, 9),
        lower: expect.closeTo(13.4, 9),
      });
      expect(trends.expected.points[1].mean).toBeCloseTo(20.8, 9);
      expect(trends.expected.points[1].lower).toBeCloseTo(15.8, 9);

      const noReason = await c.call('ther2', 'GET', `/courses/${id}/trends`);
      expect(noReason.status).toBe(403);
      expect(noReason.body.error.code).toBe('reason_required');
      const withReason = await c.call('ther2', 'GET', `/courses/${id}/trends`, undefined, {
        'X-Access-Reason': 'Vakt: pasienten ringte',
      });
      expect(withReason.status).toBe(200);
      expect((await c.call('lead', 'GET', `/courses/${id}/trends`)).status).toBe(200);
      expect((await c.call('therB', 'GET', `/courses/${id}/trends`)).status).toBe(404);
      expect((await c.call('ther1', 'GET', `/courses/${randomUUID()}/trends`)).status).toBe(404);
    } finally {
      await c.close();
    }
  });

  it('goals: set and returned; a bad set changes nothing; GAS gives the T-score by hand', async () => {
    const c = await openClinic(engine);
    try {
      const { id } = await c.course('ther1', 'M-1');
      const goals = ['Bolig', 'Arbeid', 'Søvn', 'Venner', 'Økonomi', 'Fysisk form'].map(
        (text, i) => ({ text, weight: [3, 5, 1, 4, 2, 6][i] as number }),
      );
      const put = await c.call('ther1', 'PUT', `/courses/${id}/goals`, { goals });
      expect(put.status).toBe(200);
      const stored = goals.map((g, i) => ({ position: i + 1, ...g }));
      expect(put.body.goals).toEqual(stored);
      const goalsNow = async () =>
        (await c.call('ther1', 'GET', `/courses/${id}/trends`)).body.goals;
      expect(await goalsNow()).toEqual(stored);

      const bad: [string, unknown[], number, string][] = [
        ['seven goals', [...goals, { text: 'Sju', weight: 1 }], 400, 'at most six goals'],
        ['an empty text', [{ text: '  ', weight: 1 }], 400, 'goals.0.text: a goal needs a text'],
        ['a negative weight', [{ text: 'Bolig', weight: -1 }], 400, 'goals.0.weight'],
        [
          'all weights 0',
          [
            { text: 'Bolig', weight: 0 },
            { text: 'Arbeid', weight: 0 },
          ],
          422,
          'weight above 0',
        ],
      ];
      for (const [what, body, status, message] of bad) {
        const res = await c.call('ther1', 'PUT', `/courses/${id}/goals`, { goals: body });
        expect(res.status, what).toBe(status);
        expect(res.body.error.message, what).toContain(message);
        expect(res.body.error.issues.length, what).toBeGreaterThan(0);
        expect(await goalsNow(), what).toEqual(stored);
      }
      expect(await c.count('course_goals')).toBe(6);
      expect(
        (
          await c.call('ther2', 'PUT', `/courses/${id}/goals`, {
            goals: [{ text: 'X', weight: 1 }],
          })
        ).status,
      ).toBe(403);

      // INSTRUMENTS.md G1: x = [−2, 0, −1, 2, 0, 1], w = [3, 5, 1, 4, 2, 6]. Σwx = −6 + 0 − 1 + 8
      // + 0 + 6 = 7; Σw² = 91; Σw = 21; 0.7·91 + 0.3·441 = 196; T = 50 + 10·7/√196 = 55.
      const levels = [-2, 0, -1, 2, 0, 1];
      const answers = Object.fromEntries([
        ...levels.map((x, i) => [`g${i + 1}`, x]),
        ...goals.map((g, i) => [`w${i + 1}`, g.weight]),
      ]);
      const gas = { instrument: 'gas', answers, language: 'nb' };
      const key = { 'Idempotency-Key': 'gas-rating-0001' };
      const rated = await c.call('ther1', 'POST', `/courses/${id}/responses`, gas, key);
      expect(rated.status).toBe(201);
      expect(rated.body.score.status).toBe('scored');
      expect(rated.body.score.scores.tScore).toBeCloseTo(55, 9);
      const replay = await c.call('ther1', 'POST', `/courses/${id}/responses`, gas, key);
      expect([replay.status, replay.body.id]).toEqual([200, rated.body.id]);
      // Equal weights (none given), x = [1, 1, 0]: T = 50 + 10·2/√(0.7·3 + 0.3·9) = 59.1287…
      const equal = await c.call(
        'ther1',
        'POST',
        `/courses/${id}/responses`,
        { instrument: 'gas', answers: { g1: 1, g2: 1, g3: 0 }, language: 'nb' },
        { 'Idempotency-Key': 'gas-rating-0002' },
      );
      expect(equal.body.score.scores.tScore).toBeCloseTo(50 + 20 / Math.sqrt(4.8), 9);
      expect(equal.body.score.scores.tScore).toBeCloseTo(59.1287, 4);
      const series = (await c.call('ther1', 'GET', `/courses/${id}/trends`)).body.series.gas;
      expect(series.map((s: any) => s.scores.tScore)).toEqual([
        expect.closeTo(55, 9),
        expect.closeTo(59.1287, 4),
      ]);
    } finally {
      await c.close();
    }
  });

  it('calibration: sensitivity, specificity and AUC of the light before each known end', async () => {
    // Every course at the unit starts 2026-02-27 (inpatient: no gap rule, so only the answers
    // count) and has weekly session feedback on days 0, 7, …, 56 (sessions j = 0…8), the last a
    // week before its end on 2026-05-01. Week k before the end sees sessions j ≤ 9 − k.
    const c = await openClinic(engine, new Date('2026-06-01T08:00:00Z'));
    try {
      const outcome = [20, 26, 28, 29, 30, 30, 30, 30, 30];
      const good = Array<number>(9).fill(38);
      const plan: [string, 'dropped_out' | 'completed' | 'transferred', number[]][] = [
        // j7 = 33 after 38: week 2 LOW + DROP = red; week 1 LOW alone = yellow; before: green
        ['D-1', 'dropped_out', [38, 38, 38, 38, 38, 38, 38, 33, 33]],
        // always 33: yellow every week
        ['D-2', 'dropped_out', Array<number>(9).fill(33)],
        // good data, dropped out all the same: green
        ['D-3', 'dropped_out', good],
        ['C-1', 'completed', good],
        // one dip at j7: red in week 2 only (week 1: 34 → 38 is no signal)
        ['C-2', 'completed', [38, 38, 38, 38, 38, 38, 38, 34, 38]],
        ['C-3', 'completed', good],
        // no answers at all: grey, left out of n
        ['D-grey', 'dropped_out', []],
        // neither completed nor dropped out: not in the report
        ['T-1', 'transferred', good],
      ];
      const start = Date.parse('2026-02-27T10:00:00Z');
      for (const [code, end, alliance] of plan) {
        const course = await c.course('lead', code, {
          startDate: '2026-02-27',
          levelOfCare: 'inpatient',
        });
        for (const [j, allianceTotal] of alliance.entries()) {
          for (const [form, total] of [
            ['session-outcome', outcome[j] as number],
            ['session-alliance', allianceTotal],
          ] as const) {
            await storeResponse(
              c.t.db,
              {
                courseId: course.id,
                unitId: c.units.A,
                patientId: course.patientId,
                formSessionId: null,
                definition: definition(form),
                answers: lines(total),
                language: 'nb',
                respondent: 'patient',
                actor: null,
                role: 'patient',
                idempotencyKey: randomUUID(),
              },
              new Date(start + j * 7 * 86_400_000),
            );
          }
        }
        const ended = await c.call('lead', 'POST', `/courses/${course.id}/end`, {
          type: end,
          date: '2026-05-01',
        });
        expect(ended.status).toBe(200);
      }
      await c.course('lead', 'Active-1');

      const res = await c.call('lead', 'GET', `/units/${c.units.A}/calibration`);
      expect(res.status).toBe(200);
      const report = res.body;
      expect(report).toMatchObject({
        unitId: c.units.A,
        ruleSet: 'dropout-risk@1',
        courses: 7,
        droppedOut: 4,
        completed: 3,
      });
      expect(report.rows.map((r: any) => r.weeksBefore)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const week = (k: number) => report.rows.find((r: any) => r.weeksBefore === k);
      // Week 2: dropped out red, yellow, green; completed green, red, green.
      // Red: 1 of 3 dropped-out (sensitivity 1/3); 2 of 3 completed not red (specificity 2/3).
      // AUC over 9 pairs: D-1 (red) 1 + ½ + 1, D-2 (yellow) 1 + 0 + 1, D-3 (green) ½ + 0 + ½
      // = 5.5 / 9.
      expect(week(2)).toEqual({
        weeksBefore: 2,
        n: 6,
        droppedOut: 3,
        completed: 3,
        grey: 1,
        sensitivity: expect.closeTo(1 / 3, 9),
        specificity: expect.closeTo(2 / 3, 9),
        sensitivityYellow: expect.closeTo(2 / 3, 9),
        specificityYellow: expect.closeTo(2 / 3, 9),
        auc: expect.closeTo(5.5 / 9, 9),
      });
      // Week 1: yellow, yellow, green against three greens: no red at all; AUC (3 + 3 + 1.5) / 9.
      expect(week(1)).toMatchObject({
        n: 6,
        sensitivity: 0,
        specificity: 1,
        sensitivityYellow: expect.closeTo(2 / 3, 9),
        specificityYellow: 1,
        auc: expect.closeTo(7.5 / 9, 9),
      });
      // Weeks 3–8: only D-2 is not green; AUC (1.5 + 3 + 1.5) / 9.
      for (const k of [3, 8]) {
        expect(week(k)).toMatchObject({
          n: 6,
          grey: 1,
          sensitivity: 0,
          specificity: 1,
          sensitivityYellow: expect.closeTo(1 / 3, 9),
          auc: expect.closeTo(6 / 9, 9),
        });
      }

      expect((await c.call('root', 'GET', `/units/${c.units.A}/calibration`)).body.rows).toEqual(
        report.rows,
      );
      expect((await c.call('ther1', 'GET', `/units/${c.units.A}/calibration`)).status).toBe(404);
      expect((await c.call('leadB', 'GET', `/units/${c.units.A}/calibration`)).status).toBe(404);
    } finally {
      await c.close();
    }
  });

  it('every read of patient data writes one audit event', async () => {
    const c = await openClinic(engine);
    try {
      const { id, patientId } = await c.course('ther1', 'AU-1');
      await c.feedback('ther1', id, 20, 38);
      const last = () =>
        c.t.db
          .selectFrom('audit_events')
          .select([
            'action',
            'user_id',
            'role',
            'unit_id',
            'course_id',
            'patient_id',
            'outcome',
            'reason',
          ])
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow();
      const reads: [string, string, Record<string, string>, object][] = [
        ['ther1', '/courses', {}, { action: 'caseload.mine', role: 'therapist' }],
        [
          'lead',
          `/courses?scope=unit&unitId=${c.units.A}`,
          {},
          { action: 'caseload.unit', role: 'unit_lead', unit_id: c.units.A },
        ],
        [
          'ther1',
          `/courses/${id}/trends`,
          {},
          { action: 'trends.read', course_id: id, patient_id: patientId, reason: null },
        ],
        [
          'ther2',
          `/courses/${id}/trends`,
          { 'X-Access-Reason': 'Kollega syk' },
          { action: 'trends.read', course_id: id, reason: 'Kollega syk' },
        ],
        [
          'lead',
          `/units/${c.units.A}/calibration`,
          {},
          { action: 'report.calibration', role: 'unit_lead' },
        ],
      ];
      for (const [who, path, headers, event] of reads) {
        const before = await c.count('audit_events');
        const res = await c.call(who, 'GET', path, undefined, headers);
        expect(res.status, path).toBe(200);
        expect(await c.count('audit_events'), path).toBe(before + 1);
        expect(await last(), path).toMatchObject({
          ...event,
          user_id: c.users[who],
          outcome: 'allowed',
        });
      }
      const before = await c.count('audit_events');
      expect((await c.call('ther2', 'GET', `/courses/${id}/trends`)).status).toBe(403);
      expect(await c.count('audit_events')).toBe(before + 1);
      expect(await last()).toMatchObject({
        action: 'trends.read',
        user_id: c.users.ther2,
        outcome: 'denied',
      });
    } finally {
      await c.close();
    }
  });
});
