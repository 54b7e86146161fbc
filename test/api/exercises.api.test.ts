/**
 * Exercises on a training course's practice cases, through the API on every engine: a trainer
 * sets one, trainees answer (and change their answers) without ever seeing the key, the trainer
 * reads the answers beside the key; bad input is refused naming the field with nothing stored;
 * other staff get 404, administrators read but do not write.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_KEYS } from '../../server/services/practice-patterns';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

type Who = 'trainer' | 'trainee' | 'trainee2' | 'outsider' | 'root' | 'nat';

describe.each(engines())('exercises on $name', (engine) => {
  let t: TestApp;
  const cookies: Partial<Record<Who, string>> = {};
  const users: Partial<Record<Who, string>> = {};
  const course = { practised: '', bare: '' };
  let cases: {
    id: string;
    position: number;
    pattern: string;
    courseId: string;
    patientCode: string;
  }[] = [];
  let exerciseId = '';
  let trainee2Participant = '';

  const call = async (who: Who, method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        Cookie: cookies[who] ?? '',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const ok = async (who: Who, method: string, path: string, body?: unknown) => {
    const res = await call(who, method, path, body);
    if (res.status >= 300)
      throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const newCourse = (title: string) => ({
    kind: 'local',
    title,
    startDate: '2026-03-10',
    endDate: '2026-03-10',
    days: 1,
    digital: true,
    capacity: 20,
    feeNok: 0,
  });
  const storedAnswers = () =>
    t.db.selectFrom('training_exercise_answers').selectAll().orderBy('case_id').execute();
  const exerciseCount = async () =>
    (await t.db.selectFrom('training_exercises').select('id').execute()).length;
  const issuePaths = (body: any) => body.error.issues.map((i: { path: unknown[] }) => i.path);

  beforeAll(async () => {
    t = await createTestApp({ engine, start: new Date('2026-03-02T08:00:00Z') });
    const now = new Date('2026-03-01T08:00:00Z');
    const [unitA, unitB] = (await fictionalUnits(t, ['Enhet A', 'Enhet B'], now)) as [
      string,
      string,
    ];
    const people: [Who, string, Parameters<typeof staffMember>[2]][] = [
      ['trainer', 'Trude Trener', { memberships: [{ unitId: unitA, role: 'trainer' }] }],
      ['trainee', 'Kari Kursdeltaker', { memberships: [{ unitId: unitA, role: 'therapist' }] }],
      ['trainee2', 'Bjørn Deltaker', { memberships: [{ unitId: unitB, role: 'therapist' }] }],
      ['outsider', 'Ola Utenfor', { memberships: [{ unitId: unitA, role: 'therapist' }] }],
      ['root', 'Rot Admin', { globalRole: 'admin' }],
      ['nat', 'Nina Nasjonal', { globalRole: 'national_trainer' }],
    ];
    for (const [who, name, roles] of people) {
      const member = await staffMember(t, who, roles, now);
      await t.db
        .updateTable('users')
        .set({ display_name: name })
        .where('id', '=', member.id)
        .execute();
      cookies[who] = member.cookie;
      users[who] = member.id;
    }
    course.practised = (
      await ok('trainer', 'POST', '/training/courses', newCourse('Øvingskurs (fiktivt)'))
    ).id;
    course.bare = (
      await ok('trainer', 'POST', '/training/courses', newCourse('Uten øving (fiktivt)'))
    ).id;
    for (const who of ['trainee', 'trainee2'] as const) {
      const p = await ok('trainer', 'POST', `/training/courses/${course.practised}/participants`, {
        userId: users[who],
      });
      if (who === 'trainee2') trainee2Participant = p.id;
    }
    // Someone without a KOR account is a participant, not a trainee who can answer.
    await ok('trainer', 'POST', `/training/courses/${course.practised}/participants`, {
      name: 'Ekstern Deltaker (fiktiv)',
    });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('needs a practice unit before an exercise can be set', async () => {
    const res = await call('trainer', 'POST', `/training/courses/${course.bare}/exercises`, {
      title: 'Les kurvene',
      caseIds: [randomUUID()],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('no_practice_unit');
    expect(await exerciseCount()).toBe(0);
  });

  it('lets a trainer set an exercise on two of the practice cases', async () => {
    const practice = await call(
      'trainer',
      'POST',
      `/training/courses/${course.practised}/practice`,
      {
        seed: 4242,
      },
    );
    expect(practice.status).toBe(201);
    cases = practice.body.cases;
    expect(cases).toHaveLength(6);
    const [first, second] = [cases[3], cases[1]] as [(typeof cases)[0], (typeof cases)[0]];
    const res = await call('trainer', 'POST', `/training/courses/${course.practised}/exercises`, {
      title: '  Hva ser du?  ',
      instructions: '  Se på kurvene og signalene.  ',
      caseIds: [first.id, second.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    exerciseId = res.body.exercise.id;
    expect(res.body).toEqual({
      exercise: {
        id: expect.any(String),
        title: 'Hva ser du?',
        instructions: 'Se på kurvene og signalene.',
        createdAt: '2026-03-02T08:00:00.000Z',
        cases: [
          {
            caseId: first.id,
            position: 1,
            patientCode: first.patientCode,
            courseId: first.courseId,
          },
          {
            caseId: second.id,
            position: 2,
            patientCode: second.patientCode,
            courseId: second.courseId,
          },
        ],
        trainees: 2,
        answered: 0,
      },
    });
    const list = await call('trainer', 'GET', `/training/courses/${course.practised}/exercises`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ exercises: [res.body.exercise] });
    const none = await call('trainer', 'GET', `/training/courses/${course.bare}/exercises`);
    expect(none.body).toEqual({ exercises: [] });
  });

  it('refuses bad exercises, naming the field, and stores nothing', async () => {
    const path = `/training/courses/${course.practised}/exercises`;
    const before = await exerciseCount();
    const id = cases[0]?.id;
    const bad: [unknown, unknown[]][] = [
      [{ title: '   ', caseIds: [id] }, ['json', 'title']],
      [{ title: 'x'.repeat(201), caseIds: [id] }, ['json', 'title']],
      [{ title: 'Øving', instructions: 'x'.repeat(2001), caseIds: [id] }, ['json', 'instructions']],
      [{ title: 'Øving', caseIds: [] }, ['json', 'caseIds']],
      [{ title: 'Øving', caseIds: [id, id] }, ['json', 'caseIds', 1]],
      [
        { title: 'Øving', caseIds: cases.map((c) => c.id).concat(randomUUID()) },
        ['json', 'caseIds'],
      ],
      [{ title: 'Øving', caseIds: ['not-an-id'] }, ['json', 'caseIds', 0]],
      [{ title: 'Øving', caseIds: [id], unitId: randomUUID() }, ['json']],
    ];
    for (const [body, field] of bad) {
      const res = await call('trainer', 'POST', path, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(issuePaths(res.body)).toContainEqual(field);
    }
    const stranger = randomUUID();
    const unknown = await call('trainer', 'POST', path, {
      title: 'Øving',
      caseIds: [id, stranger],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_case');
    expect(unknown.body.error.message).toContain(stranger);
    expect(issuePaths(unknown.body)).toEqual([['caseIds', 1]]);
    expect(await exerciseCount()).toBe(before);
  });

  it('shows trainees their exercises without the key, and lets them answer and change an answer', async () => {
    const mine = await call('trainee', 'GET', '/training/my/exercises');
    expect(mine.status).toBe(200);
    const [first, second] = [cases[3], cases[1]] as [(typeof cases)[0], (typeof cases)[0]];
    const expected = {
      id: exerciseId,
      title: 'Hva ser du?',
      instructions: 'Se på kurvene og signalene.',
      trainingCourseId: course.practised,
      courseTitle: 'Øvingskurs (fiktivt)',
      cases: [
        {
          caseId: first.id,
          position: 1,
          patientCode: first.patientCode,
          courseId: first.courseId,
          answer: null,
        },
        {
          caseId: second.id,
          position: 2,
          patientCode: second.patientCode,
          courseId: second.courseId,
          answer: null,
        },
      ],
    };
    expect(mine.body).toEqual({ exercises: [expected] });
    const text = JSON.stringify(mine.body);
    for (const c of [first, second]) {
      const key = PRACTICE_KEYS[c.pattern as keyof typeof PRACTICE_KEYS];
      expect(text).not.toContain(key.title.nb);
      expect(text).not.toContain(key.nextStep.nb);
      expect(text).not.toContain(c.pattern);
    }
    expect(text).not.toContain('"key"');

    const answer = (caseId: string, body: unknown) =>
      call('trainee', 'PUT', `/training/my/exercises/${exerciseId}/cases/${caseId}/answer`, body);
    const saved = await answer(first.id, {
      observed: '  Utbyttet faller.  ',
      nextStep: ' Snakk om det. ',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      answer: {
        observed: 'Utbyttet faller.',
        nextStep: 'Snakk om det.',
        updatedAt: '2026-03-02T08:00:00.000Z',
      },
    });
    expect(
      (await answer(second.id, { observed: 'Ingen bedring.', nextStep: 'Se på målene.' })).status,
    ).toBe(200);
    t.advance(60_000);
    const changed = await answer(first.id, {
      observed: 'Utbyttet faller jevnt.',
      nextStep: 'Endre tilnærming.',
    });
    expect(changed.body.answer).toEqual({
      observed: 'Utbyttet faller jevnt.',
      nextStep: 'Endre tilnærming.',
      updatedAt: '2026-03-02T08:01:00.000Z',
    });
    const rows = (await storedAnswers()).filter((r) => r.user_id === users.trainee);
    expect(rows).toHaveLength(2);
    const firstRow = rows.find((r) => r.case_id === first.id);
    expect(firstRow).toMatchObject({
      observed: 'Utbyttet faller jevnt.',
      next_step: 'Endre tilnærming.',
      created_at: '2026-03-02T08:00:00.000Z',
      updated_at: '2026-03-02T08:01:00.000Z',
    });

    const one = await call('trainee', 'GET', `/training/my/exercises/${exerciseId}`);
    expect(one.status).toBe(200);
    expect(one.body.exercise.cases.map((c: any) => c.answer?.observed)).toEqual([
      'Utbyttet faller jevnt.',
      'Ingen bedring.',
    ]);
  });

  it('refuses bad answers, naming the field, and changes nothing', async () => {
    const before = await storedAnswers();
    const first = cases[3]?.id as string;
    const put = (caseId: string, body: unknown, who: Who = 'trainee') =>
      call(who, 'PUT', `/training/my/exercises/${exerciseId}/cases/${caseId}/answer`, body);
    const bad: [unknown, unknown[]][] = [
      [{ observed: '', nextStep: 'Ring.' }, ['json', 'observed']],
      [{ observed: '   ', nextStep: 'Ring.' }, ['json', 'observed']],
      [{ observed: 'x'.repeat(2001), nextStep: 'Ring.' }, ['json', 'observed']],
      [{ observed: 'Ser bra ut.' }, ['json', 'nextStep']],
      [{ observed: 'Ser bra ut.', nextStep: 'x'.repeat(2001) }, ['json', 'nextStep']],
      [{ observed: 'Ser bra ut.', nextStep: 'Ring.', userId: users.trainee2 }, ['json']],
    ];
    for (const [body, field] of bad) {
      const res = await put(first, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(issuePaths(res.body)).toContainEqual(field);
    }
    const answer = { observed: 'Ser bra ut.', nextStep: 'Ring.' };
    // A practice case that is not in the exercise, and a case that does not exist.
    expect((await put(cases[0]?.id as string, answer)).status).toBe(404);
    expect((await put(randomUUID(), answer)).status).toBe(404);
    expect((await put('not-an-id', answer)).status).toBe(400);
    // Staff who do not take part in the course.
    expect((await put(first, answer, 'outsider')).status).toBe(404);
    expect((await put(first, answer, 'nat')).status).toBe(404);
    expect(await storedAnswers()).toEqual(before);
  });

  it('shows the trainer every answer beside the key, with the trainee’s name', async () => {
    const res = await call('trainer', 'GET', `/training/exercises/${exerciseId}/answers`);
    expect(res.status).toBe(200);
    const [first, second] = [cases[3], cases[1]] as [(typeof cases)[0], (typeof cases)[0]];
    expect(res.body.exercise).toEqual({
      id: exerciseId,
      title: 'Hva ser du?',
      instructions: 'Se på kurvene og signalene.',
      trainingCourseId: course.practised,
      courseTitle: 'Øvingskurs (fiktivt)',
    });
    expect(res.body.trainees).toEqual([
      { userId: users.trainee2, name: 'Bjørn Deltaker', answered: 0 },
      { userId: users.trainee, name: 'Kari Kursdeltaker', answered: 2 },
    ]);
    const practice = (
      await call('trainer', 'GET', `/training/courses/${course.practised}/practice`)
    ).body;
    const riskOf = (id: string) => practice.cases.find((c: any) => c.id === id).risk;
    expect(res.body.cases).toEqual([
      {
        caseId: first.id,
        position: 1,
        patientCode: first.patientCode,
        courseId: first.courseId,
        pattern: first.pattern,
        key: PRACTICE_KEYS[first.pattern as keyof typeof PRACTICE_KEYS],
        risk: riskOf(first.id),
        answers: [
          {
            userId: users.trainee,
            name: 'Kari Kursdeltaker',
            observed: 'Utbyttet faller jevnt.',
            nextStep: 'Endre tilnærming.',
            updatedAt: '2026-03-02T08:01:00.000Z',
          },
        ],
      },
      {
        caseId: second.id,
        position: 2,
        patientCode: second.patientCode,
        courseId: second.courseId,
        pattern: second.pattern,
        key: PRACTICE_KEYS[second.pattern as keyof typeof PRACTICE_KEYS],
        risk: riskOf(second.id),
        answers: [
          {
            userId: users.trainee,
            name: 'Kari Kursdeltaker',
            observed: 'Ingen bedring.',
            nextStep: 'Se på målene.',
            updatedAt: '2026-03-02T08:00:00.000Z',
          },
        ],
      },
    ]);
    expect(['green', 'yellow', 'red', 'grey']).toContain(res.body.cases[0].risk.level);
    const list = await call('trainer', 'GET', `/training/courses/${course.practised}/exercises`);
    expect(list.body.exercises[0]).toMatchObject({ trainees: 2, answered: 1 });
  });

  it('answers 404 to staff outside the course, and lets administrators read but not write', async () => {
    expect((await call('outsider', 'GET', '/training/my/exercises')).body).toEqual({
      exercises: [],
    });
    expect((await call('outsider', 'GET', `/training/my/exercises/${exerciseId}`)).status).toBe(
      404,
    );
    expect((await call('trainee', 'GET', `/training/my/exercises/${randomUUID()}`)).status).toBe(
      404,
    );
    for (const who of ['outsider', 'trainee'] as const) {
      expect((await call(who, 'GET', `/training/exercises/${exerciseId}/answers`)).status).toBe(
        404,
      );
      expect(
        (await call(who, 'GET', `/training/courses/${course.practised}/exercises`)).status,
      ).toBe(404);
      const create = await call(who, 'POST', `/training/courses/${course.practised}/exercises`, {
        title: 'Øving',
        caseIds: [cases[0]?.id],
      });
      expect(create.status).toBe(404);
    }
    expect(
      (await call('trainer', 'GET', `/training/exercises/${randomUUID()}/answers`)).status,
    ).toBe(404);

    const read = await call('root', 'GET', `/training/exercises/${exerciseId}/answers`);
    expect(read.status).toBe(200);
    expect(read.body.cases).toHaveLength(2);
    expect(
      (await call('root', 'GET', `/training/courses/${course.practised}/exercises`)).status,
    ).toBe(200);
    const before = await exerciseCount();
    const create = await call('root', 'POST', `/training/courses/${course.practised}/exercises`, {
      title: 'Øving',
      caseIds: [cases[0]?.id],
    });
    expect(create.status).toBe(403);
    expect(await exerciseCount()).toBe(before);
  });

  it('takes a cancelled participant off the exercise', async () => {
    expect((await call('trainee2', 'GET', `/training/my/exercises/${exerciseId}`)).status).toBe(
      200,
    );
    await ok(
      'trainer',
      'POST',
      `/training/courses/${course.practised}/participants/${trainee2Participant}/cancel`,
      {},
    );
    expect((await call('trainee2', 'GET', '/training/my/exercises')).body).toEqual({
      exercises: [],
    });
    expect((await call('trainee2', 'GET', `/training/my/exercises/${exerciseId}`)).status).toBe(
      404,
    );
    const list = await call('trainer', 'GET', `/training/courses/${course.practised}/exercises`);
    expect(list.body.exercises[0]).toMatchObject({ trainees: 1, answered: 1 });
    // The trainer of the course may try the exercise too.
    const mine = await call('trainer', 'GET', '/training/my/exercises');
    expect(mine.body.exercises.map((e: any) => e.id)).toEqual([exerciseId]);
  });
});
