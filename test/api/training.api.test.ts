/**
 * The trainer module through the API: a course's life cycle with bad input refused clearly,
 * registration, attendance and completion, the trainer lineage over three generations, anonymous
 * course evaluations, the reports, and who may see what.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../server/services/staff-service';
import { createTestApp, type TestApp } from '../support/app';
import { staffMember } from '../support/clinic';
import { engines } from '../support/databases';

type Who = 'nat' | 'ther' | 'trainerX' | 'root' | 'a' | 'b' | 'd';

describe.each(engines())('trainer module on $name', (engine) => {
  let t: TestApp;
  const cookies: Partial<Record<Who, string>> = {};
  const users: Partial<Record<Who, string>> = {};
  const org = { north: '', south: '', east: '', u1: '', u2: '', u3: '' };
  const course = { one: '', two: '', three: '', evaluated: '' };
  const participant = { a: '', b: '', c: '' };
  let code = '';

  const call = async (who: Who | 'anonymous', method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(who === 'anonymous' ? {} : { Cookie: cookies[who] ?? '' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };

  const newCourse = (overrides: Record<string, unknown> = {}) => ({
    kind: 'train_the_trainer',
    title: 'Tren treneren (fiktivt)',
    startDate: '2026-03-10',
    endDate: '2026-03-11',
    days: 2,
    place: 'Kurssenteret (fiktivt)',
    digital: false,
    capacity: 3,
    feeNok: 1500,
    ...overrides,
  });

  /** Present on every day of the course, then completed. */
  const attendAndComplete = async (who: Who, courseId: string, participantId: string) => {
    const detail = await call(who, 'GET', `/training/courses/${courseId}`);
    for (let day = 1; day <= detail.body.days; day++) {
      const res = await call(
        who,
        'PUT',
        `/training/courses/${courseId}/participants/${participantId}/attendance`,
        { day, present: true },
      );
      expect(res.status).toBe(200);
    }
    return call(
      who,
      'POST',
      `/training/courses/${courseId}/participants/${participantId}/complete`,
      {},
    );
  };

  beforeAll(async () => {
    t = await createTestApp({ engine, start: new Date('2026-03-02T08:00:00Z') });
    const now = new Date('2026-03-01T08:00:00Z');
    const region = async (name: string) =>
      (await createOrganisation(t.db, { kind: 'region', name }, now)).id;
    org.north = await region('Helse Nord (fiktiv)');
    org.south = await region('Helse Sør (fiktiv)');
    org.east = await region('Helse Øst (fiktiv)');
    const unit = async (regionId: string, name: string) => {
      const trust = await createOrganisation(
        t.db,
        { kind: 'trust', name: `HF ${name}`, parentId: regionId },
        now,
      );
      return (await createOrganisation(t.db, { kind: 'unit', name, parentId: trust.id }, now)).id;
    };
    org.u1 = await unit(org.north, 'Ruspoliklinikk Nord (fiktiv)');
    org.u2 = await unit(org.south, 'Døgnenhet Sør (fiktiv)');
    org.u3 = await unit(org.north, 'Ambulant team Nord (fiktiv)');
    const people: [Who, Parameters<typeof staffMember>[2]][] = [
      ['nat', { globalRole: 'national_trainer' }],
      ['ther', { memberships: [{ unitId: org.u1, role: 'therapist' }] }],
      ['trainerX', { memberships: [{ unitId: org.u3, role: 'trainer' }] }],
      ['root', { globalRole: 'admin' }],
      ['a', { memberships: [{ unitId: org.u1, role: 'therapist' }] }],
      ['b', { memberships: [{ unitId: org.u2, role: 'therapist' }] }],
      ['d', { memberships: [{ unitId: org.u3, role: 'therapist' }] }],
    ];
    for (const [who, roles] of people) {
      const member = await staffMember(t, `training-${who}`, roles, now);
      cookies[who] = member.cookie;
      users[who] = member.id;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses bad courses clearly, naming the field', async () => {
    const expectIssue = async (body: unknown, status: number, path: unknown[]) => {
      const res = await call('nat', 'POST', '/training/courses', body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.issues.map((i: { path: unknown[] }) => i.path)).toContainEqual(path);
      return res.body.error;
    };
    await expectIssue(newCourse({ kind: 'webinar' }), 400, ['json', 'kind']);
    await expectIssue(newCourse({ capacity: 0 }), 400, ['json', 'capacity']);
    await expectIssue(newCourse({ feeNok: -1 }), 400, ['json', 'feeNok']);
    await expectIssue(newCourse({ days: 15, endDate: '2026-03-30' }), 400, ['json', 'days']);
    await expectIssue(newCourse({ startDate: '10.03.2026' }), 400, ['json', 'startDate']);
    const before = await expectIssue(newCourse({ endDate: '2026-03-09' }), 422, ['endDate']);
    expect(before.message).toBe('endDate 2026-03-09 is before startDate 2026-03-10');
    expect((await expectIssue(newCourse({ endDate: '2026-02-30' }), 422, ['endDate'])).code).toBe(
      'invalid_date',
    );
    expect((await expectIssue(newCourse({ days: 3 }), 422, ['days'])).message).toContain(
      '3 course days do not fit',
    );
    const region = await expectIssue(newCourse({ regionId: randomUUID() }), 422, ['regionId']);
    expect(region.code).toBe('unknown_region');
    await expectIssue(newCourse({ regionId: org.u1 }), 422, ['regionId']);
    await expectIssue(newCourse({ unitId: org.north }), 422, ['unitId']);
    const trainer = await expectIssue(newCourse({ trainerIds: [users.nat, users.ther] }), 422, [
      'trainerIds',
      1,
    ]);
    expect(trainer.message).toContain(`User ${users.ther} is not a trainer`);
    const therapist = await call('ther', 'POST', '/training/courses', newCourse());
    expect(therapist.status).toBe(403);
    expect(therapist.body.error.code).toBe('not_a_trainer');
    const admin = await call('root', 'POST', '/training/courses', newCourse());
    expect(admin.status).toBe(403);
    expect(admin.body.error.code).toBe('read_only');
    expect((await call('nat', 'GET', '/training/courses')).body.courses).toEqual([]);
  });

  it('creates a course, opens it, and guards its status and capacity', async () => {
    const created = await call(
      'nat',
      'POST',
      '/training/courses',
      newCourse({ regionId: org.north, unitId: org.u1 }),
    );
    expect(created.status).toBe(201);
    course.one = created.body.id;
    expect(created.body).toMatchObject({
      kind: 'train_the_trainer',
      startDate: '2026-03-10',
      endDate: '2026-03-11',
      days: 2,
      digital: false,
      capacity: 3,
      feeNok: 1500,
      status: 'planned',
      regionId: org.north,
      unitId: org.u1,
      trainers: [{ id: users.nat, name: 'training-nat' }],
      registered: 0,
      completed: 0,
      participants: [],
    });
    expect(created.body.evaluationCode).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$/);
    const skip = await call('nat', 'PATCH', `/training/courses/${course.one}`, {
      status: 'completed',
    });
    expect(skip.status).toBe(409);
    expect(skip.body.error.message).toBe(
      'A planned course cannot become completed (it can become open or cancelled)',
    );
    const opened = await call('nat', 'PATCH', `/training/courses/${course.one}`, {
      status: 'open',
      place: 'Møterom 2 (fiktivt)',
    });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'open', place: 'Møterom 2 (fiktivt)' });
    const back = await call('nat', 'PATCH', `/training/courses/${course.one}`, {
      status: 'planned',
    });
    expect(back.status).toBe(409);
    const dates = await call('nat', 'PATCH', `/training/courses/${course.one}`, {
      endDate: '2026-03-01',
    });
    expect(dates.status).toBe(422);
    const list = await call('nat', 'GET', '/training/courses');
    expect(list.body.courses.map((c: { id: string }) => c.id)).toEqual([course.one]);
    expect(Object.keys(list.body.courses[0]).sort()).toEqual(
      [
        'capacity',
        'completed',
        'days',
        'digital',
        'endDate',
        'feeNok',
        'id',
        'kind',
        'place',
        'regionId',
        'registered',
        'startDate',
        'status',
        'title',
        'trainers',
        'unitId',
      ].sort(),
    );
  });

  it('registers staff users and external people; refuses duplicates and a full course', async () => {
    const path = `/training/courses/${course.one}/participants`;
    const a = await call('nat', 'POST', path, { userId: users.a, role: 'psykolog' });
    expect(a.status).toBe(201);
    participant.a = a.body.id;
    expect(a.body).toEqual({
      id: participant.a,
      userId: users.a,
      name: 'training-a',
      email: 'training-a@example.org',
      role: 'psykolog',
      unitId: org.u1,
      unitName: 'Ruspoliklinikk Nord (fiktiv)',
      regionId: org.north,
      status: 'registered',
      completed: false,
      completedAt: null,
      attendance: { '1': false, '2': false },
    });
    const again = await call('nat', 'POST', path, { userId: users.a });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'already_registered',
      message: 'training-a is already registered',
    });
    const external = await call('nat', 'POST', path, {
      name: 'Kari Ekstern (fiktiv)',
      email: 'Kari@Kommune.example',
      role: 'sykepleier',
      unitName: 'Kommunen (fiktiv)',
      regionId: org.south,
    });
    expect(external.status).toBe(201);
    expect(external.body).toMatchObject({ userId: null, email: 'kari@kommune.example' });
    const sameEmail = await call('nat', 'POST', path, {
      name: 'Kari E.',
      email: 'kari@kommune.example',
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.message).toContain('kari@kommune.example');
    expect((await call('nat', 'POST', path, { name: 'Ola Ekstern (fiktiv)' })).status).toBe(201);
    const full = await call('nat', 'POST', path, { name: 'Per Ekstern (fiktiv)' });
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({
      code: 'course_full',
      message: 'The course is full: all 3 places are taken',
    });
    const lower = await call('nat', 'PATCH', `/training/courses/${course.one}`, { capacity: 2 });
    expect(lower.status).toBe(409);
    expect(lower.body.error.code).toBe('capacity_below_registered');
    const cancelled = await call('nat', 'POST', `${path}/${external.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    // The place is free again, and the same person may register again.
    expect(
      (await call('nat', 'POST', path, { name: 'Kari', email: 'kari@kommune.example' })).status,
    ).toBe(201);
    const both = await call('nat', 'POST', path, { userId: users.b, name: 'X' });
    expect(both.status).toBe(400);
    expect(both.body.error.issues[0].path).toEqual(['json', 'userId']);
    expect((await call('nat', 'POST', path, { email: 'x@example.org' })).status).toBe(400);
    const ghost = await call('nat', 'POST', path, { userId: randomUUID() });
    expect(ghost.status).toBe(422);
    expect(ghost.body.error.code).toBe('unknown_user');
    const detail = await call('nat', 'GET', `/training/courses/${course.one}`);
    expect(detail.body.registered).toBe(3);
    expect(detail.body.participants).toHaveLength(4);
  });

  it('records attendance per day and completes only with presence on every day', async () => {
    const base = `/training/courses/${course.one}/participants/${participant.a}`;
    expect((await call('nat', 'PUT', `${base}/attendance`, { day: 1, present: true })).status).toBe(
      200,
    );
    for (const day of [0, 3]) {
      const outside = await call('nat', 'PUT', `${base}/attendance`, { day, present: true });
      expect(outside.status).toBe(422);
      expect(outside.body.error.message).toBe(`Day ${day} is not a day of this course (days 1–2)`);
    }
    const early = await call('nat', 'POST', `${base}/complete`, {});
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({
      code: 'attendance_missing',
      message:
        'training-a was not present on day 2 of 2: completion needs presence on every course day',
    });
    const day2 = await call('nat', 'PUT', `${base}/attendance`, { day: 2, present: true });
    expect(day2.body.attendance).toEqual({ '1': true, '2': true });
    const done = await call('nat', 'POST', `${base}/complete`, {});
    expect(done.status).toBe(200);
    expect(done.body.participant).toMatchObject({
      completed: true,
      completedAt: '2026-03-02T08:00:00.000Z',
    });
    expect(done.body.trainer).toMatchObject({
      userId: users.a,
      name: 'training-a',
      unitId: org.u1,
      certifiedBy: course.one,
      trainerRoleAtUnitId: org.u1,
    });
    // Repeating the request changes nothing.
    const twice = await call('nat', 'POST', `${base}/complete`, {});
    expect(twice.status).toBe(200);
    expect(twice.body.trainer.id).toBe(done.body.trainer.id);
    expect(
      (await call('nat', 'PUT', `${base}/attendance`, { day: 1, present: false })).status,
    ).toBe(409);
    expect(
      (await call('nat', 'PATCH', `/training/courses/${course.one}`, { days: 1 })).status,
    ).toBe(409);
    // A is a trainer now: the membership lets them in.
    expect((await call('a', 'GET', '/training/courses')).status).toBe(200);
    const memberships = await t.db
      .selectFrom('memberships')
      .select(['unit_id', 'role'])
      .where('user_id', '=', users.a ?? '')
      .orderBy('role')
      .execute();
    expect(memberships).toEqual([
      { unit_id: org.u1, role: 'therapist' },
      { unit_id: org.u1, role: 'trainer' },
    ]);
  });

  it('keeps the lineage over three generations, with the units each trainer reached', async () => {
    // Trainer A runs a train-the-trainer course for B (at a unit in the south).
    const two = await call(
      'a',
      'POST',
      '/training/courses',
      newCourse({
        title: 'TtT Sør (fiktivt)',
        startDate: '2026-04-01',
        endDate: '2026-04-02',
        unitId: org.u2,
      }),
    );
    expect(two.status).toBe(201);
    expect(two.body.regionId).toBe(org.south);
    course.two = two.body.id;
    const b = await call('a', 'POST', `/training/courses/${course.two}/participants`, {
      userId: users.b,
    });
    participant.b = b.body.id;
    expect((await attendAndComplete('a', course.two, participant.b)).body.trainer).toMatchObject({
      userId: users.b,
      certifiedBy: course.two,
    });
    // Trainer B runs a one-day course for C (no KOR account) and D (a therapist in the north).
    const three = await call(
      'b',
      'POST',
      '/training/courses',
      newCourse({
        title: 'TtT digitalt (fiktivt)',
        startDate: '2026-05-04',
        endDate: '2026-05-04',
        days: 1,
        digital: true,
        place: null,
      }),
    );
    expect(three.status).toBe(201);
    course.three = three.body.id;
    const c = await call('b', 'POST', `/training/courses/${course.three}/participants`, {
      name: 'Cecilie Ekstern (fiktiv)',
      unitName: 'Kommunal rustjeneste (fiktiv)',
      regionId: org.south,
    });
    participant.c = c.body.id;
    await call('b', 'POST', `/training/courses/${course.three}/participants`, { userId: users.d });
    const certified = await attendAndComplete('b', course.three, participant.c);
    expect(certified.body.trainer).toMatchObject({ userId: null, trainerRoleAtUnitId: null });

    const lineage = await call('nat', 'GET', '/training/lineage');
    expect(lineage.status).toBe(200);
    const root = lineage.body.roots.find((n: { name: string }) => n.name === 'training-nat');
    expect(root).toMatchObject({ certifiedBy: null, courses: 1 });
    expect(root.unitsReached).toEqual([
      { unitId: org.u1, unitName: 'Ruspoliklinikk Nord (fiktiv)' },
    ]);
    expect(root.children).toHaveLength(1);
    const nodeA = root.children[0];
    expect(nodeA).toMatchObject({
      name: 'training-a',
      unitId: org.u1,
      unitName: 'Ruspoliklinikk Nord (fiktiv)',
      regionId: org.north,
      certifiedBy: course.one,
      courses: 1,
      unitsReached: [{ unitId: org.u2, unitName: 'Døgnenhet Sør (fiktiv)' }],
    });
    const nodeB = nodeA.children[0];
    expect(nodeB).toMatchObject({
      name: 'training-b',
      unitId: org.u2,
      regionId: org.south,
      certifiedBy: course.two,
      courses: 1,
      unitsReached: [{ unitId: org.u3, unitName: 'Ambulant team Nord (fiktiv)' }],
    });
    expect(nodeB.children).toEqual([
      {
        trainerId: certified.body.trainer.id,
        name: 'Cecilie Ekstern (fiktiv)',
        unitId: null,
        unitName: 'Kommunal rustjeneste (fiktiv)',
        regionId: org.south,
        certifiedBy: course.three,
        courses: 0,
        unitsReached: [],
        children: [],
      },
    ]);
    // The lineage is one tree from the national trainer: A, B and C are nobody's root.
    const rootNames = lineage.body.roots.map((n: { name: string }) => n.name);
    expect(rootNames).not.toContain('training-a');
    expect(rootNames).not.toContain('Cecilie Ekstern (fiktiv)');
    expect((await call('a', 'GET', '/training/lineage')).body).toEqual(lineage.body);
  });

  it('keeps evaluations anonymous, hides results below three answers and refuses extra answers', async () => {
    const columns = (await t.db.introspection.getTables())
      .find((table) => table.name === 'course_evaluations')
      ?.columns.map((c) => c.name)
      .sort();
    expect(columns).toEqual([
      'answers',
      'comment',
      'course_id',
      'id',
      'instrument_version',
      'score',
      'submitted_on',
    ]);
    const created = await call(
      'a',
      'POST',
      '/training/courses',
      newCourse({
        kind: 'local',
        title: 'Lokalt kurs (fiktivt)',
        startDate: '2026-06-01',
        endDate: '2026-06-01',
        days: 1,
      }),
    );
    course.evaluated = created.body.id;
    code = created.body.evaluationCode;
    for (const name of ['Deltaker 1 (fiktiv)', 'Deltaker 2 (fiktiv)', 'Deltaker 3 (fiktiv)']) {
      await call('a', 'POST', `/training/courses/${course.evaluated}/participants`, { name });
    }
    // A planned course takes no evaluations: it is unknown to the public form.
    expect((await call('anonymous', 'GET', `/course-evaluation/${code}`)).status).toBe(404);
    await call('a', 'PATCH', `/training/courses/${course.evaluated}`, { status: 'open' });
    const form = await call('anonymous', 'GET', `/course-evaluation/${code.toLowerCase()}`);
    expect(form.status).toBe(200);
    expect(form.body).toEqual({
      course: {
        title: 'Lokalt kurs (fiktivt)',
        kind: 'local',
        startDate: '2026-06-01',
        endDate: '2026-06-01',
      },
      instrument: { id: 'course-evaluation', version: '1.0.0' },
    });
    expect((await call('anonymous', 'GET', '/course-evaluation/ZZZZZZZZ')).status).toBe(404);
    expect((await call('anonymous', 'GET', '/course-evaluation/not-a-code')).status).toBe(400);
    // Guessing codes is stopped: after 20 wrong codes from one address (two so far: the closed
    // course and ZZZZZZZZ), even the right one waits.
    for (let i = 2; i < 20; i++)
      expect((await call('anonymous', 'GET', '/course-evaluation/ZZZZZZZZ')).status).toBe(404);
    const locked = await t.app.request(`/api/v1/course-evaluation/${code}`);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('Retry-After')).toBe('900');
    t.advance(16 * 60_000);

    const auditBefore = await t.db.selectFrom('audit_events').selectAll().execute();
    const logBefore = t.logLines.length;
    const submit = (answers: Record<string, unknown>) =>
      call('anonymous', 'POST', `/course-evaluation/${code}`, { answers, language: 'nb' });
    const bad = await submit({ relevance: 11, understandable: 5, structured: 5, action: 5 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].path).toEqual(['answers', 'relevance']);
    expect(bad.body.error.message).toContain('item "relevance"');
    const incomplete = await submit({ relevance: 5, understandable: 5, structured: 5 });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.error.issues).toEqual([
      { path: ['answers', 'action'], message: 'required' },
    ]);
    expect(
      (await submit({ relevance: 5, understandable: 5, structured: 5, action: 5, who: 1 })).status,
    ).toBe(422);

    const comments = ['Hemmelig kommentar én', 'Hemmelig kommentar to', 'Hemmelig kommentar tre'];
    const ratings = [
      { relevance: 8, understandable: 6, structured: 9, action: 7 },
      { relevance: 10, understandable: 10, structured: 10, action: 10 },
      { relevance: 3, understandable: 5, structured: 5, action: 4 },
    ];
    for (const i of [0, 1]) {
      const sent = await submit({ ...ratings[i], comments: comments[i] });
      expect(sent.status).toBe(201);
      expect(sent.body).toEqual({ received: true });
    }
    const hidden = await call('a', 'GET', `/training/courses/${course.evaluated}/evaluations`);
    expect(hidden.body).toEqual({ n: 2, shown: false, minimum: 3, means: null, comments: null });
    expect((await submit({ ...ratings[2], comments: comments[2] })).status).toBe(201);
    const shown = await call('a', 'GET', `/training/courses/${course.evaluated}/evaluations`);
    expect(shown.body).toEqual({
      n: 3,
      shown: true,
      minimum: 3,
      means: { relevance: 7, understandable: 7, structured: 8, action: 7, mean: 7.25 },
      comments: [...comments].sort((x, y) => x.localeCompare(y, 'nb')),
    });
    const extra = await submit(ratings[0] ?? {});
    expect(extra.status).toBe(409);
    expect(extra.body.error.code).toBe('evaluation_full');

    // No audit event for a submission, and nothing that holds the answers or the code.
    const auditAfter = await t.db.selectFrom('audit_events').selectAll().execute();
    expect(auditAfter.length).toBe(auditBefore.length);
    const everything = JSON.stringify(auditAfter) + t.logLines.join('\n');
    for (const secret of [code, code.toLowerCase(), ...comments]) {
      expect(everything).not.toContain(secret);
    }
    // The request log has the route template and the status, nothing of the request itself.
    const lines = t.logLines
      .slice(logBefore)
      .map((l) => JSON.parse(l))
      .filter((l) => l.route === '/api/v1/course-evaluation/:code');
    expect(lines.length).toBe(7);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual([
        'level',
        'message',
        'method',
        'ms',
        'route',
        'status',
        'time',
      ]);
    }
    const rows = await t.db.selectFrom('course_evaluations').selectAll().execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.submitted_on).toBe('2026-03-02');
      expect(Object.keys(JSON.parse(row.answers)).sort()).toEqual([
        'action',
        'relevance',
        'structured',
        'understandable',
      ]);
    }
  });

  it('reports evaluations per course and participation in every region', async () => {
    const report = await call('nat', 'GET', '/training/report');
    expect(report.status).toBe(200);
    expect(report.body.courses.map((c: { id: string }) => c.id)).toEqual([
      course.one,
      course.two,
      course.three,
      course.evaluated,
    ]);
    expect(report.body.courses[3]).toMatchObject({ n: 3, means: { mean: 7.25 } });
    expect(report.body.courses[0]).toMatchObject({ n: 0, means: null });
    const byRegion = Object.fromEntries(
      report.body.byRegion.map((r: { regionId: string }) => [r.regionId, r]),
    );
    // North: A (course one, completed) and D (course three). South: B and C, both completed.
    // Participants without a unit or region (Ola, Kari, the evaluated course's) count nowhere.
    expect(byRegion[org.north]).toEqual({
      regionId: org.north,
      regionName: 'Helse Nord (fiktiv)',
      participants: 2,
      completed: 1,
      courses: 1,
    });
    expect(byRegion[org.south]).toMatchObject({ participants: 2, completed: 2, courses: 1 });
    expect(byRegion[org.east]).toEqual({
      regionId: org.east,
      regionName: 'Helse Øst (fiktiv)',
      participants: 0,
      completed: 0,
      courses: 0,
    });
    // A trainer sees their own courses, and the whole country's participation.
    const mine = await call('a', 'GET', '/training/report');
    expect(mine.body.courses.map((c: { id: string }) => c.id)).toEqual([
      course.two,
      course.evaluated,
    ]);
    expect(mine.body.byRegion).toEqual(report.body.byRegion);
  });

  it('shows a course only to its trainers, national trainers and administrators', async () => {
    const one = `/training/courses/${course.one}`;
    const list = await call('ther', 'GET', '/training/courses');
    expect(list.status).toBe(403);
    expect(list.body.error.message).toBe(
      'The trainer module is for trainers, national trainers and administrators',
    );
    expect((await call('ther', 'GET', '/training/lineage')).status).toBe(403);
    expect((await call('ther', 'GET', '/training/report')).status).toBe(403);
    for (const [method, path, body] of [
      ['GET', one, undefined],
      ['PATCH', one, { title: 'X' }],
      ['GET', `${one}/evaluations`, undefined],
      ['POST', `${one}/participants`, { name: 'X' }],
    ] as const) {
      expect((await call('ther', method, path, body)).status, `${method} ${path}`).toBe(404);
      expect((await call('trainerX', method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    expect((await call('trainerX', 'GET', '/training/courses')).body.courses).toEqual([]);
    // A took part in course one but does not run it.
    expect((await call('a', 'GET', one)).status).toBe(404);
    const national = await call('nat', 'GET', '/training/courses');
    expect(national.body.courses.map((c: { id: string }) => c.id)).toEqual([
      course.evaluated,
      course.three,
      course.two,
      course.one,
    ]);
    expect((await call('nat', 'GET', `/training/courses/${course.three}`)).status).toBe(200);
    expect((await call('root', 'GET', one)).status).toBe(200);
    expect((await call('root', 'GET', `${one}/evaluations`)).status).toBe(200);
    const write = await call('root', 'PATCH', one, { title: 'X' });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('read_only');
    expect((await call('anonymous', 'GET', '/training/courses')).status).toBe(401);
  });

  it('audits every write as training.*, never with a patient', async () => {
    const events = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', 'like', 'training.%')
      .execute();
    const actions = new Set(events.map((e) => e.action));
    for (const action of [
      'training.course.create',
      'training.course.update',
      'training.participant.register',
      'training.participant.cancel',
      'training.attendance.record',
      'training.participant.complete',
      'training.trainer.certify',
      'training.trainer.membership',
    ]) {
      expect(actions, action).toContain(action);
    }
    expect(events.every((e) => e.patient_id === null && e.course_id === null)).toBe(true);
    const verify = await call('root', 'GET', '/audit/verify');
    expect(verify.body.ok).toBe(true);
  });
  it('answers random bodies with 4xx, never 5xx, for a trainer and on the public form', async () => {
    const anyJson = fc.oneof(
      fc.object({ maxDepth: 2 }),
      fc.record(
        {
          day: fc.oneof(fc.integer(), fc.string()),
          present: fc.oneof(fc.boolean(), fc.integer()),
          userId: fc.oneof(fc.uuid(), fc.string()),
          name: fc.string(),
          email: fc.string(),
          status: fc.constantFrom('planned', 'open', 'completed', 'cancelled', 'x'),
          capacity: fc.integer(),
          days: fc.integer(),
          endDate: fc.constantFrom('2026-01-01', '2026-13-01', '2027-01-01'),
          answers: fc.dictionary(
            fc.constantFrom('relevance', 'understandable', 'structured', 'action', 'comments', 'x'),
            fc.oneof(fc.integer({ min: -1, max: 12 }), fc.string(), fc.constant(null)),
          ),
          language: fc.constantFrom('nb', 'en', 'se'),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    const base = `/training/courses/${course.evaluated}`;
    const routes: [Who | 'anonymous', string, string][] = [
      ['a', 'POST', '/training/courses'],
      ['a', 'PATCH', base],
      ['a', 'POST', `${base}/participants`],
      ['a', 'PUT', `${base}/participants/${participant.c}/attendance`],
      ['b', 'PUT', `/training/courses/${course.three}/participants/${participant.c}/attendance`],
      ['anonymous', 'POST', `/course-evaluation/${code}`],
    ];
    for (const [who, method, path] of routes) {
      await fc.assert(
        fc.asyncProperty(anyJson, async (body) => {
          const res = await call(who, method, path, body ?? null);
          expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBeLessThan(500);
        }),
        { numRuns: 40 },
      );
    }
  });
});
