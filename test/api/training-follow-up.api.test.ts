/**
 * The trainers' staff search and implementation follow-up on every engine, over the fictional
 * clinic of test/support/report-clinic.ts (whose fidelity unit has a known history, measured
 * through the clinical API): the unit-level fidelity months match the unit lead's report and
 * the figures worked out by hand; trainers and trained clinicians after a train-the-trainer
 * course; courses held; practice units never listed; who sees which units; the audit event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/services/staff-service';
import { updateUser } from '../../server/storage/user-repository';
import { createTestApp, type TestApp } from '../support/app';
import { moveToDay, STAFF_PASSWORD, staffMember } from '../support/clinic';
import { engines } from '../support/databases';
import {
  buildReportClinic,
  fidelityMonth as month,
  REPORT_CLINIC_START,
  type ReportClinic,
} from '../support/report-clinic';

/** The clinic is built up to 09:00 on 20 April; the follow-up is read on 30 April. */
const CLINIC_BUILT = new Date('2026-04-20T09:00:00Z');
const TODAY = '2026-04-30';

describe.each(engines())('trainer follow-up and staff search on $name', (engine) => {
  let t: TestApp;
  let clinic: ReportClinic;
  const course = { ttt: '', local: '', hosted: '', cancelled: '', old: '' };
  let external = '';

  const call = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        Cookie: clinic.cookies[who] ?? '',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => null)) as any;
    return { status: res.status, body: json };
  };
  const ok = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await call(who, method, path, body);
    if (res.status >= 300)
      throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const newCourse = (fields: Record<string, unknown>) => ({
    kind: 'local',
    title: 'Lokalt kurs (fiktivt)',
    digital: true,
    capacity: 10,
    feeNok: 0,
    days: 1,
    ...fields,
  });
  /** Present on every course day, then completed. */
  const complete = async (who: string, courseId: string, participantId: string, days: number) => {
    for (let day = 1; day <= days; day++) {
      await ok(
        who,
        'PUT',
        `/training/courses/${courseId}/participants/${participantId}/attendance`,
        {
          day,
          present: true,
        },
      );
    }
    return ok(
      who,
      'POST',
      `/training/courses/${courseId}/participants/${participantId}/complete`,
      {},
    );
  };

  beforeAll(async () => {
    t = await createTestApp({ engine, start: REPORT_CLINIC_START });
    clinic = await buildReportClinic(t);
    const { units } = clinic;
    const people: [string, Parameters<typeof staffMember>[2]][] = [
      ['nat', { globalRole: 'national_trainer' }],
      ['trainerT', { memberships: [{ unitId: units.other, role: 'trainer' }] }],
    ];
    for (const [name, roles] of people) {
      const member = await staffMember(t, name, roles, CLINIC_BUILT);
      clinic.cookies[name] = member.cookie;
      clinic.staff[name] = member.id;
    }
    for (const [email, displayName] of [
      ['oystein@example.org', 'Øystein Ærlig'],
      ['gone@example.org', 'gone'],
    ] as const) {
      const { id } = await createUser(
        t.db,
        {
          email,
          displayName,
          password: STAFF_PASSWORD,
          memberships: [{ unitId: units.other, role: 'therapist' }],
        },
        CLINIC_BUILT,
      );
      clinic.staff[displayName] = id;
    }
    await updateUser(t.db, clinic.staff.gone as string, { is_active: 0 });
    await moveToDay(t, CLINIC_BUILT, TODAY, clinic.cookies);

    // A train-the-trainer course hosted by the drop-out unit: ada (a staff user of Fidelity)
    // and someone without an account, from Fidelity too, complete it and become trainers.
    course.ttt = (
      await ok(
        'nat',
        'POST',
        '/training/courses',
        newCourse({
          kind: 'train_the_trainer',
          title: 'Tren treneren (fiktivt)',
          startDate: '2026-04-22',
          endDate: '2026-04-23',
          days: 2,
          unitId: units.dropout,
        }),
      )
    ).id;
    const ada = await ok('nat', 'POST', `/training/courses/${course.ttt}/participants`, {
      userId: clinic.staff.ada,
    });
    expect(ada.unitId).toBe(units.fidelity);
    const outsider = await ok('nat', 'POST', `/training/courses/${course.ttt}/participants`, {
      name: 'Ekstern Deltaker (fiktiv)',
      unitId: units.fidelity,
    });
    await complete('nat', course.ttt, ada.id, 2);
    external = (await complete('nat', course.ttt, outsider.id, 2)).trainer.id;

    // ada completes a local course too: still one trained clinician.
    course.local = (
      await ok(
        'nat',
        'POST',
        '/training/courses',
        newCourse({ startDate: '2026-04-24', endDate: '2026-04-24' }),
      )
    ).id;
    const again = await ok('nat', 'POST', `/training/courses/${course.local}/participants`, {
      userId: clinic.staff.ada,
    });
    await complete('nat', course.local, again.id, 1);

    // trainerT runs a course hosted by Outcomes with bo (Fidelity) registered, not completed.
    course.hosted = (
      await ok(
        'trainerT',
        'POST',
        '/training/courses',
        newCourse({
          title: 'Kurs på Outcomes (fiktivt)',
          startDate: '2026-04-15',
          endDate: '2026-04-15',
          unitId: units.outcomes,
        }),
      )
    ).id;
    await ok('trainerT', 'POST', `/training/courses/${course.hosted}/participants`, {
      userId: clinic.staff.bo,
    });
    // Its practice unit makes trainerT and bo therapists there: it is still never listed.
    await ok('trainerT', 'POST', `/training/courses/${course.hosted}/practice`, { seed: 7 });

    // Neither a cancelled course nor one before the period is held in it.
    course.cancelled = (
      await ok(
        'nat',
        'POST',
        '/training/courses',
        newCourse({
          title: 'Avlyst',
          startDate: '2026-04-01',
          endDate: '2026-04-01',
          unitId: units.fidelity,
        }),
      )
    ).id;
    await ok('nat', 'PATCH', `/training/courses/${course.cancelled}`, { status: 'cancelled' });
    course.old = (
      await ok(
        'nat',
        'POST',
        '/training/courses',
        newCourse({
          title: 'Gammelt',
          startDate: '2025-10-31',
          endDate: '2025-10-31',
          unitId: units.fidelity,
        }),
      )
    ).id;
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  it('shows the unit-level fidelity months of the unit report over the last months', async () => {
    const { status, body } = await call('nat', 'GET', '/training/follow-up?months=6');
    expect(status).toBe(200);
    expect([body.from, body.to]).toEqual(['2025-11-01', TODAY]);
    const fidelity = body.units.find((u: any) => u.unitId === clinic.units.fidelity);
    expect(fidelity.fidelity).toEqual([
      month('2025-11', [0, 0, 0], [0, 0], [0, 0], [0, 0]),
      month('2025-12', [0, 0, 0], [1, 0], [0, 0], [0, 0]),
      month('2026-01', [0, 0, 0], [1, 0], [0, 0], [1, 0]),
      month('2026-02', [1, 0, 0], [0, 0], [0, 0], [2, 1]),
      month('2026-03', [4, 3, 2], [2, 1], [0, 0], [2, 1]),
      month('2026-04', [4, 2, 1], [0, 0], [2, 1], [1, 1]),
    ]);
    const report = await call(
      'lead',
      'GET',
      `/units/${clinic.units.fidelity}/reports/fidelity?from=2025-11-01&to=${TODAY}`,
    );
    expect(report.status).toBe(200);
    expect(fidelity.fidelity).toEqual(report.body.unit);
    const otherUnit = body.units.find((u: any) => u.unitId === clinic.units.other);
    expect(otherUnit.fidelity).toHaveLength(6);
    expect(otherUnit.fidelity.every((m: any) => m.sessions === 0 && m.outcomeShare === null)).toBe(
      true,
    );
  });

  it('counts trainers and trained clinicians per unit, and the courses held', async () => {
    const { body } = await call('nat', 'GET', '/training/follow-up?months=6');
    const byId = new Map(body.units.map((u: any) => [u.unitId, u]));
    const fidelity = byId.get(clinic.units.fidelity) as any;
    expect(fidelity.unitName).toBe('Fidelity');
    expect(fidelity.isDemo).toBe(false);
    expect(fidelity.trainers).toEqual([
      {
        trainerId: expect.any(String),
        userId: expect.any(String),
        name: 'ada',
        certifiedAt: expect.any(String),
      },
      {
        trainerId: external,
        userId: null,
        name: 'Ekstern Deltaker (fiktiv)',
        certifiedAt: expect.any(String),
      },
    ]);
    expect(fidelity.trainedClinicians).toBe(2);
    expect(fidelity.coursesHeld).toEqual([
      {
        id: course.hosted,
        title: 'Kurs på Outcomes (fiktivt)',
        kind: 'local',
        startDate: '2026-04-15',
        status: 'planned',
        participants: 1,
      },
      {
        id: course.ttt,
        title: 'Tren treneren (fiktivt)',
        kind: 'train_the_trainer',
        startDate: '2026-04-22',
        status: 'planned',
        participants: 2,
      },
      {
        id: course.local,
        title: 'Lokalt kurs (fiktivt)',
        kind: 'local',
        startDate: '2026-04-24',
        status: 'planned',
        participants: 1,
      },
    ]);
    const dropout = byId.get(clinic.units.dropout) as any;
    expect(dropout.coursesHeld.map((c: any) => c.id)).toEqual([course.ttt]);
    expect(dropout.trainers).toEqual([]);
    expect(dropout.trainedClinicians).toBe(0);
    const other = byId.get(clinic.units.other) as any;
    expect(other.trainers).toEqual([
      {
        trainerId: expect.any(String),
        userId: expect.any(String),
        name: 'trainerT',
        certifiedAt: null,
      },
    ]);
    const outcomes = byId.get(clinic.units.outcomes) as any;
    expect(outcomes.coursesHeld.map((c: any) => c.id)).toEqual([course.hosted]);
    // The old course is held before the period: a 12-month follow-up shows it.
    const year = await call('nat', 'GET', '/training/follow-up');
    expect([year.body.from, year.body.to]).toEqual(['2025-05-01', TODAY]);
    const yearFidelity = year.body.units.find((u: any) => u.unitId === clinic.units.fidelity);
    expect(yearFidelity.fidelity).toHaveLength(12);
    expect(yearFidelity.coursesHeld.map((c: any) => c.id)).toEqual([
      course.old,
      course.hosted,
      course.ttt,
      course.local,
    ]);
  });

  it('lists every unit but practice units for national trainers and admins, and a trainer only the units they support', async () => {
    const names = async (who: string) => {
      const res = await call(who, 'GET', '/training/follow-up?months=6');
      expect(res.status, who).toBe(200);
      return res.body.units.map((u: any) => u.unitName);
    };
    const every = ['Dropout', 'Fidelity', 'Other', 'Outcomes'];
    expect(await names('nat')).toEqual(every);
    expect(await names('root')).toEqual(every);
    // trainerT: a trainer at Other, runs a course hosted by Outcomes with bo from Fidelity.
    expect(await names('trainerT')).toEqual(['Fidelity', 'Other', 'Outcomes']);
    // ada became a trainer at Fidelity by completing the train-the-trainer course.
    expect(await names('ada')).toEqual(['Fidelity']);
    for (const who of ['lead', 'bo']) {
      const res = await call(who, 'GET', '/training/follow-up');
      expect(res.status, who).toBe(403);
    }
  });

  it('writes one audit event per read', async () => {
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .where('action', '=', 'training.follow_up')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await call('trainerT', 'GET', '/training/follow-up?months=24');
    expect(await count()).toBe(before + 1);
    const event = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'training.follow_up')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      user_id: clinic.staff.trainerT,
      role: 'trainer',
      object_type: 'training_follow_up',
      object_id: `2024-05-01/${TODAY}`,
      outcome: 'allowed',
      patient_id: null,
    });
  });

  it('refuses bad months, naming the field', async () => {
    for (const months of ['5', '25', 'abc', '12.5', '', '-6']) {
      const res = await call('nat', 'GET', `/training/follow-up?months=${months}`);
      expect(res.status, months).toBe(400);
      expect(res.body.error.issues[0].path).toEqual(['query', 'months']);
    }
    const extra = await call('nat', 'GET', '/training/follow-up?unit=x');
    expect(extra.status).toBe(400);
  });

  it('finds staff by name or e-mail, ignoring case, within what the searcher may see', async () => {
    const search = async (who: string, q: string) => {
      const res = await call(who, 'GET', `/training/staff?q=${encodeURIComponent(q)}`);
      expect(res.status, `${who} ${q}`).toBe(200);
      return res.body.users;
    };
    expect(await search('nat', 'ADA')).toEqual([
      {
        id: clinic.staff.ada,
        name: 'ada',
        email: 'ada@example.org',
        units: [{ id: clinic.units.fidelity, name: 'Fidelity' }],
      },
    ]);
    // Not ASCII: compared by the server on both engines.
    const oystein = await search('nat', 'øYST');
    expect(oystein.map((u: any) => u.name)).toEqual(['Øystein Ærlig']);
    expect(await search('nat', 'ærLIG')).toEqual(oystein);
    // By e-mail; the lead's practice unit is not listed among their units.
    const leads = await search('nat', 'LEAD@EXAMPLE');
    expect(leads.map((u: any) => u.name)).toEqual(['lead', 'otherLead']);
    expect(leads[0].units.map((u: any) => u.name)).toEqual(['Dropout', 'Fidelity', 'Outcomes']);
    expect((await search('nat', 'Lead')).map((u: any) => u.name)).toEqual(['lead', 'otherLead']);
    // A trainer finds the people of the units where they are a trainer (Other) only.
    expect((await search('trainerT', 'lead')).map((u: any) => u.name)).toEqual(['otherLead']);
    expect(await search('trainerT', 'ada')).toEqual([]);
    expect((await search('trainerT', 'ØYS')).map((u: any) => u.name)).toEqual(['Øystein Ærlig']);
    // bo's membership in a practice unit is not one of their units.
    expect(await search('nat', 'bo@example')).toEqual([
      {
        id: clinic.staff.bo,
        name: 'bo',
        email: 'bo@example.org',
        units: [{ id: clinic.units.fidelity, name: 'Fidelity' }],
      },
    ]);
    // Inactive users are never found; LIKE wildcards are plain text.
    expect(await search('nat', 'gone')).toEqual([]);
    expect(await search('nat', '%_')).toEqual([]);
  });

  it('returns at most 20 users', async () => {
    const now = new Date(`${TODAY}T09:00:00Z`);
    for (let i = 0; i < 21; i++) {
      await createUser(
        t.db,
        {
          email: `mange-${String(i).padStart(2, '0')}@example.org`,
          displayName: `Mange ${String(i).padStart(2, '0')}`,
          password: STAFF_PASSWORD,
          memberships: [{ unitId: clinic.units.other, role: 'therapist' }],
        },
        now,
      );
    }
    const res = await call('nat', 'GET', '/training/staff?q=mange');
    expect(res.body.users).toHaveLength(20);
    expect(res.body.users[0].name).toBe('Mange 00');
    expect(res.body.users[19].name).toBe('Mange 19');
  }, 60_000);

  it('refuses a short or long query, and anyone who cannot run courses', async () => {
    for (const q of ['a', ' a ', 'x'.repeat(101)]) {
      const res = await call('nat', 'GET', `/training/staff?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.issues[0].path).toEqual(['query', 'q']);
    }
    expect((await call('nat', 'GET', '/training/staff')).status).toBe(400);
    expect((await call('root', 'GET', '/training/staff?q=ada')).status).toBe(403);
    expect((await call('lead', 'GET', '/training/staff?q=ada')).status).toBe(403);
  });
});
