/**
 * The practice area through the API: a trainer makes a training course's practice unit with six
 * synthetic cases whose lights and signals are the ones each pattern teaches, deterministic from
 * the seed; the course's trainers and registered trainees work on them in the therapist screens
 * (and lose that when they leave the course); and practice data never reaches a clinical
 * caseload, report, export or calibration.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_KEYS, PRACTICE_PATTERNS } from '../../server/services/practice-patterns';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

type Who = 'trainer' | 'otherTrainer' | 'nat' | 'root' | 'ther' | 'lead' | 'outsider';

/** What each pattern shows in the caseload: its light and the signals it must raise. */
const SHOWS = {
  on_track: { level: 'green', codes: [] },
  no_early_change: { level: 'yellow', codes: ['NO_EARLY_CHANGE'] },
  alliance_falling: { level: 'red', codes: ['ALLIANCE_LOW', 'ALLIANCE_DROP'] },
  deteriorating: { level: 'red', codes: ['DETERIORATION'] },
  missed_sessions: { level: 'red', codes: ['MISSED_CONTACT'] },
  transfer_dropout: { level: 'red', codes: ['TRANSITION', 'MISSED_CONTACT'] },
} as const;

const SEED = 20_260_302;

describe.each(engines())('practice area on $name', (engine) => {
  let t: TestApp;
  const cookies: Partial<Record<Who, string>> = {};
  const users: Partial<Record<Who, string>> = {};
  const ids = {
    unitA: '',
    unitB: '',
    training: '',
    second: '',
    third: '',
    fourth: '',
    active: '',
    ended: '',
  };
  const participants = { ther: '', lead: '' };
  let practice: any;

  const call = async (who: Who | null, method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(who ? { Cookie: cookies[who] ?? '' } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, body: json, text };
  };
  const ok = async (who: Who, method: string, path: string, body?: unknown) => {
    const res = await call(who, method, path, body);
    expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
    return res.body;
  };
  const newTrainingCourse = async (title: string) =>
    (
      await ok('trainer', 'POST', '/training/courses', {
        kind: 'local',
        title,
        startDate: '2026-03-10',
        endDate: '2026-03-11',
        days: 2,
        digital: false,
        capacity: 20,
        feeNok: 0,
        unitId: ids.unitA,
      })
    ).id as string;
  const register = async (userId: string) =>
    (await ok('trainer', 'POST', `/training/courses/${ids.training}/participants`, { userId }))
      .id as string;

  /** Everything a clinician of unit A sees of their unit, as text. */
  const clinicalViews = async () => {
    const views: Record<string, string> = {};
    const get = async (who: Who, path: string) => {
      const res = await call(who, 'GET', path);
      expect(res.status, path).toBe(200);
      views[`${who} ${path}`] = res.text;
    };
    await get('ther', '/courses');
    await get('lead', '/courses');
    await get('lead', `/courses?scope=unit&unitId=${ids.unitA}`);
    for (const kind of ['dropout', 'fidelity', 'outcomes']) {
      await get('lead', `/units/${ids.unitA}/reports/${kind}`);
      await get('lead', `/units/${ids.unitA}/reports/${kind}?format=csv`);
    }
    await get('lead', `/units/${ids.unitA}/calibration`);
    return views;
  };
  let before: Record<string, string> = {};

  /** A clinical course of unit A on `ther`'s caseload, with a session and an outcome. */
  const clinicalCourse = async (code: string, startDate: string) => {
    const patient = await ok('ther', 'POST', `/units/${ids.unitA}/patients`, { code });
    const course = await ok('ther', 'POST', '/courses', {
      patientId: patient.id,
      startDate,
      levelOfCare: 'outpatient',
    });
    await ok('ther', 'POST', `/courses/${course.id}/contacts`, {
      kind: 'session',
      date: '2026-02-23',
    });
    const session = await ok('ther', 'POST', `/courses/${course.id}/form-sessions`, {
      instruments: ['session-outcome'],
      channel: 'kiosk',
    });
    const { token } = (await call(null, 'POST', '/patient/exchange', { code: session.code })).body;
    const res = await t.app.request('/api/v1/patient/responses', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({
        instrument: 'session-outcome',
        version: '1.0.0',
        answers: { '1': 5, '2': 5.5, '3': 4, '4': 6 },
        language: 'nb',
      }),
    });
    expect(res.status, await res.text()).toBe(201);
    return course.id as string;
  };

  beforeAll(async () => {
    t = await createTestApp({ engine, start: new Date('2026-03-02T08:00:00Z') });
    const now = new Date('2026-03-01T08:00:00Z');
    [ids.unitA, ids.unitB] = (await fictionalUnits(
      t,
      ['Ruspoliklinikk (fiktiv)', 'Døgnenhet (fiktiv)'],
      now,
    )) as [string, string];
    const people: [Who, Parameters<typeof staffMember>[2]][] = [
      ['trainer', { memberships: [{ unitId: ids.unitA, role: 'trainer' }] }],
      ['otherTrainer', { memberships: [{ unitId: ids.unitB, role: 'trainer' }] }],
      ['nat', { globalRole: 'national_trainer' }],
      ['root', { globalRole: 'admin' }],
      ['ther', { memberships: [{ unitId: ids.unitA, role: 'therapist' }] }],
      ['lead', { memberships: [{ unitId: ids.unitA, role: 'unit_lead' }] }],
      ['outsider', { memberships: [{ unitId: ids.unitA, role: 'therapist' }] }],
    ];
    for (const [who, roles] of people) {
      const member = await staffMember(t, `practice-${who}`, roles, now);
      cookies[who] = member.cookie;
      users[who] = member.id;
    }
    ids.active = await clinicalCourse('KLINIKK-1', '2026-01-05');
    ids.ended = await clinicalCourse('KLINIKK-2', '2025-11-03');
    await ok('ther', 'POST', `/courses/${ids.ended}/end`, {
      type: 'completed',
      date: '2026-02-27',
    });
    ids.training = await newTrainingCourse('Tilbakemeldingsverktøy i praksis (fiktivt)');
    participants.ther = await register(users.ther ?? '');
    participants.lead = await register(users.lead ?? '');
    before = await clinicalViews();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('refuses a bad seed, naming the field', async () => {
    for (const seed of [0, -1, 2_147_483_648, 1.5, '7', null]) {
      const res = await call('trainer', 'POST', `/training/courses/${ids.training}/practice`, {
        seed,
      });
      expect(res.status, JSON.stringify(seed)).toBe(400);
      expect(res.body.error.issues.map((i: { path: unknown[] }) => i.path)).toContainEqual([
        'json',
        'seed',
      ]);
    }
    const extra = await call('trainer', 'POST', `/training/courses/${ids.training}/practice`, {
      seed: 7,
      patients: 12,
    });
    expect(extra.status).toBe(400);
    const none = await call('trainer', 'GET', `/training/courses/${ids.training}/practice`);
    expect(none.status).toBe(404);
  });

  it('makes six cases, each with the light and signals of its pattern and its key', async () => {
    const res = await call('trainer', 'POST', `/training/courses/${ids.training}/practice`, {
      seed: SEED,
    });
    expect(res.status, res.text).toBe(201);
    practice = res.body;
    expect(Object.keys(practice).sort()).toEqual([
      'cases',
      'createdAt',
      'seed',
      'unitId',
      'unitName',
    ]);
    expect(practice).toMatchObject({
      unitName: 'ØVING – Tilbakemeldingsverktøy i praksis (fiktivt)',
      seed: SEED,
      createdAt: '2026-03-02T08:00:00.000Z',
    });
    expect(practice.cases.map((c: any) => [c.position, c.pattern, c.patientCode])).toEqual(
      PRACTICE_PATTERNS.map((p, i) => [i + 1, p, `OVING-0${i + 1}`]),
    );
    for (const c of practice.cases) {
      expect(Object.keys(c).sort()).toEqual([
        'courseId',
        'id',
        'key',
        'patientCode',
        'pattern',
        'position',
        'risk',
      ]);
      const shows = SHOWS[c.pattern as keyof typeof SHOWS];
      const codes = c.risk.signals.map((s: { code: string }) => s.code);
      expect(c.risk.level, c.pattern).toBe(shows.level);
      expect(codes, c.pattern).toEqual(expect.arrayContaining([...shows.codes]));
      if (c.pattern === 'on_track') expect(codes).toEqual([]);
      expect(codes).not.toContain('SAFETY');
      for (const s of c.risk.signals) {
        expect(Object.keys(s).sort()).toEqual(['code', 'explanation']);
        expect(s.explanation.nb.length).toBeGreaterThan(10);
        expect(s.explanation.en.length).toBeGreaterThan(10);
      }
      expect(c.key).toEqual(PRACTICE_KEYS[c.pattern as keyof typeof PRACTICE_KEYS]);
    }
    const read = await call('trainer', 'GET', `/training/courses/${ids.training}/practice`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(practice);

    const unit = await t.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', practice.unitId)
      .executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ kind: 'unit', is_practice: 1, is_demo: 0, parent_id: null });
    const courses = await t.db
      .selectFrom('treatment_courses')
      .select(['end_date', 'unit_id'])
      .where('unit_id', '=', practice.unitId)
      .execute();
    expect(courses).toHaveLength(6);
    expect(courses.every((c) => c.end_date === null)).toBe(true);
    const transfer = practice.cases[5];
    const episodes = await t.db
      .selectFrom('episodes')
      .select(['level_of_care', 'unit_id'])
      .where('course_id', '=', transfer.courseId)
      .orderBy('start_date')
      .execute();
    expect(episodes).toEqual([
      { level_of_care: 'inpatient', unit_id: practice.unitId },
      { level_of_care: 'outpatient', unit_id: practice.unitId },
    ]);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'training.practice.create')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      user_id: users.trainer,
      role: 'trainer',
      unit_id: practice.unitId,
      object_type: 'practice_unit',
      object_id: practice.unitId,
      patient_id: null,
      outcome: 'allowed',
    });
  });

  it('refuses a second practice unit for the same course', async () => {
    const again = await call('trainer', 'POST', `/training/courses/${ids.training}/practice`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('practice_exists');
  });

  it('follows the training access rules', async () => {
    const path = `/training/courses/${ids.training}/practice`;
    for (const who of ['otherTrainer', 'outsider', 'ther'] as const) {
      expect((await call(who, 'GET', path)).status, who).toBe(404);
      expect((await call(who, 'POST', path, {})).status, who).toBe(404);
    }
    expect((await call(null, 'GET', path)).status).toBe(401);
    expect((await call('root', 'GET', path)).body).toEqual(practice);
    expect((await call('nat', 'GET', path)).body).toEqual(practice);
    const readOnly = await call('root', 'POST', path, {});
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error.code).toBe('read_only');
  });

  it('gives the same answers, dates and scores for the same seed', async () => {
    ids.second = await newTrainingCourse('Andre kurs (fiktivt)');
    ids.third = await newTrainingCourse('Tredje kurs (fiktivt)');
    ids.fourth = await newTrainingCourse('Fjerde kurs (fiktivt)');
    const same = await ok('trainer', 'POST', `/training/courses/${ids.second}/practice`, {
      seed: SEED,
    });
    const other = await ok('trainer', 'POST', `/training/courses/${ids.third}/practice`, {
      seed: SEED + 1,
    });
    expect(new Set([practice.unitId, same.unitId, other.unitId]).size).toBe(3);
    // Without a seed, one is drawn and kept, so the unit can be made again the same way.
    const drawn = await ok('trainer', 'POST', `/training/courses/${ids.fourth}/practice`, {});
    expect(Number.isInteger(drawn.seed) && drawn.seed >= 1 && drawn.seed <= 2_147_483_647).toBe(
      true,
    );
    expect((await ok('trainer', 'GET', `/training/courses/${ids.fourth}/practice`)).seed).toBe(
      drawn.seed,
    );
    const series = async (courseId: string) => {
      const trends = await ok('trainer', 'GET', `/courses/${courseId}/trends`);
      const course = await ok('trainer', 'GET', `/courses/${courseId}`);
      return {
        startDate: course.startDate,
        risk: trends.risk,
        history: trends.history,
        series: Object.fromEntries(
          Object.entries(trends.series as Record<string, any[]>).map(([instrument, rows]) => [
            instrument,
            rows.map(({ id: _, ...row }) => row),
          ]),
        ),
      };
    };
    for (const [index, c] of practice.cases.entries()) {
      const first = await series(c.courseId);
      expect(first.series['session-outcome']?.length).toBeGreaterThan(3);
      expect(await series(same.cases[index].courseId)).toEqual(first);
      expect(await series(other.cases[index].courseId)).not.toEqual(first);
    }
  });

  it('lets registered trainees and trainers work on the cases, and no one else', async () => {
    const caseCourse = practice.cases[2].courseId;
    const trends = `/courses/${caseCourse}/trends`;
    const caseload = `/courses?unitId=${practice.unitId}`;
    expect((await call('ther', 'GET', trends)).status).toBe(200);
    expect((await call('lead', 'GET', trends)).status).toBe(200);
    expect((await call('outsider', 'GET', trends)).status).toBe(404);
    expect((await call('nat', 'GET', trends)).status).toBe(404);
    const mine = await ok('ther', 'GET', caseload);
    expect(mine.courses.map((c: { patientCode: string }) => c.patientCode).sort()).toEqual(
      PRACTICE_PATTERNS.map((_, i) => `OVING-0${i + 1}`),
    );
    expect(new Set(mine.courses.map((c: { unitId: string }) => c.unitId))).toEqual(
      new Set([practice.unitId]),
    );

    await ok(
      'trainer',
      'POST',
      `/training/courses/${ids.training}/participants/${participants.ther}/cancel`,
      {},
    );
    expect((await call('ther', 'GET', trends)).status).toBe(404);
    expect((await call('ther', 'GET', caseload)).status).toBe(404);
    expect((await call('lead', 'GET', trends)).status).toBe(200);
    participants.ther = await register(users.ther ?? '');
    expect((await call('ther', 'GET', trends)).status).toBe(200);

    // A trainer added to the course gets the cases; taken off it, loses them.
    const trainers = [users.trainer, users.nat];
    await ok('trainer', 'PATCH', `/training/courses/${ids.training}`, { trainerIds: trainers });
    expect((await call('nat', 'GET', trends)).status).toBe(200);
    await ok('trainer', 'PATCH', `/training/courses/${ids.training}`, {
      trainerIds: [users.trainer],
    });
    expect((await call('nat', 'GET', trends)).status).toBe(404);
    const therapists = await t.db
      .selectFrom('course_therapists')
      .select('user_id')
      .where('course_id', '=', caseCourse)
      .orderBy('user_id')
      .execute();
    expect(therapists.map((r) => r.user_id)).toEqual(
      [users.trainer, users.ther, users.lead].sort(),
    );
    const memberships = await t.db
      .selectFrom('memberships')
      .select(['user_id', 'role'])
      .where('unit_id', '=', practice.unitId)
      .orderBy('user_id')
      .execute();
    expect(memberships).toEqual(
      [users.trainer, users.ther, users.lead]
        .sort()
        .map((user_id) => ({ user_id, role: 'therapist' })),
    );
  });

  it('keeps practice data out of every clinical view and export', async () => {
    const after = await clinicalViews();
    expect(after).toEqual(before);
    for (const text of Object.values(after)) {
      expect(text).not.toContain('OVING-');
      expect(text).not.toContain(practice.unitId);
      for (const c of practice.cases) expect(text).not.toContain(c.courseId);
    }
    const mine = JSON.parse(after['ther /courses'] ?? '{}');
    expect(mine.courses.map((c: { id: string }) => c.id)).toEqual([ids.active]);
    // Only asked for by its id does the practice unit show, and only to its members.
    expect(
      (await call('lead', 'GET', `/courses?scope=unit&unitId=${practice.unitId}`)).status,
    ).toBe(404);
    const leadPractice = await ok('lead', 'GET', `/courses?unitId=${practice.unitId}`);
    expect(leadPractice.courses).toHaveLength(6);
    const calibration = await call('root', 'GET', `/units/${practice.unitId}/calibration`);
    expect(calibration.body).toMatchObject({ courses: 0 });
  });

  it('tells the tablet when the forms are for a practice patient', async () => {
    const exchange = async (courseId: string) => {
      const session = await ok('ther', 'POST', `/courses/${courseId}/form-sessions`, {
        instruments: ['session-outcome'],
        channel: 'kiosk',
      });
      const res = await call(null, 'POST', '/patient/exchange', { code: session.code });
      expect(res.status).toBe(200);
      return res.body;
    };
    expect((await exchange(practice.cases[0].courseId)).practice).toBe(true);
    expect((await exchange(ids.active)).practice).toBe(false);
  });
});
