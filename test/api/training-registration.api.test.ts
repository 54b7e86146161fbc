/**
 * Courses open for registration through the API: any staff user sees the open courses that have
 * not ended and signs up or withdraws themselves, under the same rules as a trainer's
 * registration (not twice, capacity, the unit from KOR, the practice unit's access), with one
 * audit event per write.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../server/services/staff-service';
import { createTestApp, type TestApp } from '../support/app';
import { moveToDay, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

const NAT = 'reg-nat';
const THER = 'reg-ther';
const OTHER = 'reg-other';
type Who = typeof NAT | typeof THER | typeof OTHER;

describe.each(engines())('signing up for open courses on $name', (engine) => {
  let t: TestApp;
  let now = new Date('2026-03-02T08:00:00Z');
  const cookies: Record<string, string> = {};
  const users: Partial<Record<Who, string>> = {};
  const org = { region: '', unit: '' };
  const course = { planned: '', completed: '', ended: '', soon: '', later: '' };
  let practiceUnit = '';

  const call = async (who: Who | 'anonymous', method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/api/v1/training${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(who === 'anonymous' ? {} : { Cookie: cookies[who] ?? '' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const register = (who: Who | 'anonymous', id: string) =>
    call(who, 'POST', `/open-courses/${id}/registration`, {});
  const withdraw = (who: Who | 'anonymous', id: string) =>
    call(who, 'POST', `/open-courses/${id}/registration/cancel`, {});
  const openCourses = async (who: Who) => {
    const res = await call(who, 'GET', '/open-courses');
    expect(res.status).toBe(200);
    return res.body.courses as { id: string; mine: boolean; registered: number; full: boolean }[];
  };
  const count = async (table: 'audit_events' | 'training_participants') =>
    Number(
      (
        await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(
          t.db,
        )
      ).rows[0]?.n,
    );
  const lastAudit = () =>
    t.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  /** Runs a write and checks that it wrote exactly one audit event; returns the response. */
  const audited = async (write: () => Promise<{ status: number; body: any }>) => {
    const before = await count('audit_events');
    const res = await write();
    expect(await count('audit_events')).toBe(before + 1);
    return res;
  };
  /** Runs a refused write and checks that nothing was written. */
  const unchanged = async (write: () => Promise<{ status: number; body: any }>) => {
    const before = [await count('audit_events'), await count('training_participants')];
    const res = await write();
    expect([await count('audit_events'), await count('training_participants')]).toEqual(before);
    return res;
  };
  const practiceMembers = async () =>
    (
      await t.db
        .selectFrom('memberships')
        .select('user_id')
        .where('unit_id', '=', practiceUnit)
        .execute()
    )
      .map((r) => r.user_id)
      .sort();

  beforeAll(async () => {
    t = await createTestApp({ engine, start: now });
    const setup = new Date('2026-03-01T08:00:00Z');
    org.region = (
      await createOrganisation(t.db, { kind: 'region', name: 'Region (fiktiv)' }, setup)
    ).id;
    const trust = await createOrganisation(
      t.db,
      { kind: 'trust', name: 'HF (fiktivt)', parentId: org.region },
      setup,
    );
    org.unit = (
      await createOrganisation(
        t.db,
        { kind: 'unit', name: 'Ruspoliklinikk (fiktiv)', parentId: trust.id },
        setup,
      )
    ).id;
    const people: [Who, Parameters<typeof staffMember>[2]][] = [
      [NAT, { globalRole: 'national_trainer' }],
      [THER, { memberships: [{ unitId: org.unit, role: 'therapist' }] }],
      [OTHER, { memberships: [{ unitId: org.unit, role: 'therapist' }] }],
    ];
    for (const [who, roles] of people) {
      const member = await staffMember(t, who, roles, setup);
      cookies[who] = member.cookie;
      users[who] = member.id;
    }
    const make = async (fields: Record<string, unknown>, status?: string[]) => {
      const created = await call(NAT, 'POST', '/courses', {
        kind: 'local',
        title: 'Lokalt kurs (fiktivt)',
        startDate: '2026-03-05',
        endDate: '2026-03-06',
        days: 2,
        place: 'Kurssalen (fiktiv)',
        digital: false,
        capacity: 5,
        feeNok: 500,
        ...fields,
      });
      expect(created.status).toBe(201);
      for (const s of status ?? []) {
        expect(
          (await call(NAT, 'PATCH', `/courses/${created.body.id}`, { status: s })).status,
        ).toBe(200);
      }
      return created.body.id as string;
    };
    course.planned = await make({ title: 'Planlagt kurs (fiktivt)' });
    course.completed = await make({ title: 'Gjennomført kurs (fiktivt)' }, ['open', 'completed']);
    course.ended = await make(
      { title: 'Avsluttet kurs (fiktivt)', startDate: '2026-02-26', endDate: '2026-03-01' },
      ['open'],
    );
    course.later = await make(
      {
        kind: 'inspiration',
        title: 'Inspirasjonskurs (fiktivt)',
        startDate: '2026-04-10',
        endDate: '2026-04-10',
        days: 1,
        place: null,
        digital: true,
        capacity: 1,
        feeNok: 0,
      },
      ['open'],
    );
    course.soon = await make({ title: 'KOR i praksis (fiktivt)' }, ['open']);
    const practice = await call(NAT, 'POST', `/courses/${course.soon}/practice`, { seed: 11 });
    expect(practice.status).toBe(201);
    practiceUnit = practice.body.unitId;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the open courses that have not ended, soonest first, to any staff user', async () => {
    const courses = await openCourses(THER);
    expect(courses.map((c) => c.id)).toEqual([course.soon, course.later]);
    expect(courses[0]).toEqual({
      id: course.soon,
      kind: 'local',
      title: 'KOR i praksis (fiktivt)',
      startDate: '2026-03-05',
      endDate: '2026-03-06',
      days: 2,
      place: 'Kurssalen (fiktiv)',
      digital: false,
      feeNok: 500,
      capacity: 5,
      registered: 0,
      full: false,
      trainers: [NAT],
      mine: false,
    });
    expect(courses[1]).toMatchObject({ digital: true, place: null, capacity: 1, full: false });
    expect((await call('anonymous', 'GET', '/open-courses')).status).toBe(401);
  });

  it('signs a therapist up with their unit, and the trainer sees them in the course', async () => {
    const res = await audited(() => register(THER, course.soon));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      userId: users[THER],
      name: THER,
      email: `${THER}@example.org`,
      unitId: org.unit,
      unitName: 'Ruspoliklinikk (fiktiv)',
      regionId: org.region,
      status: 'registered',
      completed: false,
    });
    expect(await lastAudit()).toMatchObject({
      user_id: users[THER],
      role: 'trainee',
      action: 'training.participant.register',
      object_type: 'training_participant',
      object_id: res.body.id,
      patient_id: null,
      outcome: 'allowed',
    });
    const mine = (await openCourses(THER)).find((c) => c.id === course.soon);
    expect(mine).toMatchObject({ mine: true, registered: 1, full: false });
    expect((await openCourses(OTHER)).find((c) => c.id === course.soon)?.mine).toBe(false);
    const detail = await call(NAT, 'GET', `/courses/${course.soon}`);
    expect(detail.body.participants).toEqual([
      expect.objectContaining({
        id: res.body.id,
        userId: users[THER],
        unitName: res.body.unitName,
      }),
    ]);
    // The practice unit's access follows, as for a trainer's registration.
    expect(await practiceMembers()).toContain(users[THER]);
  });

  it('refuses a second registration with 409 and changes nothing', async () => {
    const again = await unchanged(() => register(THER, course.soon));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'already_registered',
      message: `${THER} is already registered`,
    });
    expect((await openCourses(THER)).find((c) => c.id === course.soon)?.registered).toBe(1);
  });

  it('refuses a full course with 409', async () => {
    expect((await audited(() => register(OTHER, course.later))).status).toBe(201);
    expect((await openCourses(THER)).find((c) => c.id === course.later)?.full).toBe(true);
    const full = await unchanged(() => register(THER, course.later));
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({
      code: 'course_full',
      message: 'The course is full: all 1 places are taken',
    });
  });

  it('answers 404 for courses that are not open or have ended, 400 for a bad id, 401 without login', async () => {
    for (const id of [course.planned, course.completed, course.ended, randomUUID()]) {
      expect((await unchanged(() => register(THER, id))).status).toBe(404);
    }
    const bad = await register(THER, 'not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
      ['param', 'id'],
    ]);
    expect((await unchanged(() => register('anonymous', course.soon))).status).toBe(401);
    expect((await unchanged(() => withdraw('anonymous', course.soon))).status).toBe(401);
  });

  it('lets the therapist withdraw before the start, and refuses after it', async () => {
    const cancelled = await audited(() => withdraw(THER, course.soon));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ userId: users[THER], status: 'cancelled' });
    expect(await lastAudit()).toMatchObject({
      user_id: users[THER],
      role: 'trainee',
      action: 'training.participant.cancel',
      object_id: cancelled.body.id,
    });
    expect((await openCourses(THER)).find((c) => c.id === course.soon)).toMatchObject({
      mine: false,
      registered: 0,
    });
    expect(await practiceMembers()).not.toContain(users[THER]);
    const notRegistered = await unchanged(() => withdraw(THER, course.soon));
    expect(notRegistered.status).toBe(404);
    expect(notRegistered.body.error.message).toBe('You are not registered on this course');

    // Signs up again, and the course starts: withdrawing is the trainers' business now.
    expect((await audited(() => register(THER, course.soon))).status).toBe(201);
    now = await moveToDay(t, now, '2026-03-05', cookies);
    const late = await unchanged(() => withdraw(THER, course.soon));
    expect(late.status).toBe(422);
    expect(late.body.error).toMatchObject({
      code: 'course_started',
      issues: [{ path: ['startDate'], message: expect.stringContaining('2026-03-05') }],
    });
    expect((await openCourses(THER)).find((c) => c.id === course.soon)?.mine).toBe(true);

    // After the last course day the course is no longer offered.
    now = await moveToDay(t, now, '2026-03-07', cookies);
    expect((await openCourses(OTHER)).map((c) => c.id)).toEqual([course.later]);
    expect((await unchanged(() => register(OTHER, course.soon))).status).toBe(404);
  });
});
