/**
 * De-identified research exports, on every engine: an administrator states a purpose, chooses
 * units and a period, and gets patients, courses, levels of care, responses, scores and numeric
 * answers under export-specific random ids, with a data dictionary — no codes, no free text, no
 * staff. Only administrators; every export and download audited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../server/services/staff-service';
import { findOrganisationById } from '../../server/storage/organisation-repository';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

describe.each(engines())('research export on $name', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let unitA = '';
  let unitB = '';
  let practice = '';
  const ids: Record<string, string> = {};

  afterEach(async () => {
    await t?.close();
  });

  function call(who: string, method: string, path: string, body?: unknown, headers = {}) {
    return t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        Cookie: cookies[who] ?? '',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  const json = async (res: Response) => (await res.json()) as any;

  async function setup() {
    const now = new Date('2026-03-02T08:00:00Z');
    t = await createTestApp({ engine, start: now });
    [unitA, unitB] = (await fictionalUnits(t, ['Enhet A', 'Enhet B'], now)) as [string, string];
    const trust = (await findOrganisationById(t.db, unitA))?.parent_id ?? null;
    practice = (
      await createOrganisation(
        t.db,
        { kind: 'unit', name: 'Øving', parentId: trust, isPractice: true },
        now,
      )
    ).id;
    for (const [name, memberships, globalRole] of [
      ['olanordmann', [{ unitId: unitA, role: 'therapist' }], null],
      ['lead', [{ unitId: unitA, role: 'unit_lead' }], null],
      ['root', [], 'admin'],
    ] as const)
      cookies[name] = (
        await staffMember(t, name, { memberships: [...memberships], globalRole }, now)
      ).cookie;
    const patient = await json(
      await call('olanordmann', 'POST', `/units/${unitA}/patients`, {
        code: 'FORSK-1',
        birthYear: 1979,
        sex: 'female',
      }),
    );
    ids.patient = patient.id;
    const course = await json(
      await call('olanordmann', 'POST', '/courses', {
        patientId: patient.id,
        startDate: '2026-03-01',
        levelOfCare: 'inpatient',
        goals: ['Hemmelig mål med navn'],
      }),
    );
    ids.course = course.id;
    const gaf = await call(
      'olanordmann',
      'POST',
      `/courses/${course.id}/responses`,
      { instrument: 'gaf', answers: { symptom: 55, function: 48 }, language: 'nb' },
      { 'Idempotency-Key': 'research-gaf-0001' },
    );
    expect(gaf.status).toBe(201);
    ids.response = (await json(gaf)).id;
    const episode = await call('olanordmann', 'POST', `/courses/${course.id}/episodes`, {
      levelOfCare: 'outpatient',
      startDate: '2026-03-02',
    });
    expect(episode.status).toBe(201);
  }

  const body = () => ({
    unitIds: [unitA, unitB],
    from: '2026-01-01',
    to: '2026-12-31',
    purpose: 'Avbrudd i TSB – prosjekt REK 2026/123',
  });

  it('exports courses, responses and scores under random ids, with a data dictionary', async () => {
    await setup();
    const created = await call('root', 'POST', '/admin/research-exports', body());
    expect(created.status).toBe(201);
    const summary = await json(created);
    expect(summary.counts).toEqual({
      patients: 1,
      courses: 1,
      episodes: 2,
      responses: 1,
      scores: 3,
      answers: 2,
    });
    const all = await json(await call('root', 'GET', `/admin/research-exports/${summary.id}`));
    expect(all.purpose).toBe('Avbrudd i TSB – prosjekt REK 2026/123');
    expect(all.patients).toEqual([
      { patient: expect.stringMatching(/^P[0-9a-f]{16}$/), birth_year: 1979, sex: 'female' },
    ]);
    expect(all.courses).toEqual([
      {
        course: expect.stringMatching(/^C[0-9a-f]{16}$/),
        patient: all.patients[0].patient,
        unit: 'Enhet A',
        start_date: '2026-03-01',
        planned_end_date: null,
        end_date: null,
        end_type: null,
        levels_of_care: 'inpatient|outpatient',
      },
    ]);
    expect(all.responses[0]).toMatchObject({
      course: all.courses[0].course,
      instrument: 'gaf',
      version: '1.0.0',
      respondent: 'therapist',
      score_status: 'scored',
    });
    const scores = Object.fromEntries(all.scores.map((s: any) => [s.score, s.value]));
    expect(scores).toEqual({ symptom: 55, function: 48, total: 48 });
    expect(all.answers.map((a: any) => [a.item, a.value])).toEqual([
      ['symptom', 55],
      ['function', 48],
    ]);
    // Every table and column is in the dictionary.
    for (const table of ['patients', 'courses', 'episodes', 'responses', 'scores', 'answers'])
      expect(Object.keys(all[table][0] ?? {})).toEqual(
        all.dictionary[table].columns.map((c: { name: string }) => c.name),
      );
    // Nothing that identifies: no KOR id, no code, no goal text, no staff.
    const text = JSON.stringify(all);
    for (const secret of [
      ids.patient,
      ids.course,
      ids.response,
      'FORSK-1',
      'Hemmelig',
      'olanordmann',
    ])
      expect(text).not.toContain(secret);

    // The CSV tables join on the same ids; a second export gets other ids.
    const csv = await call('root', 'GET', `/admin/research-exports/${summary.id}/tables/courses`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'course,patient,unit,start_date,planned_end_date,end_date,end_type,levels_of_care',
    );
    expect(lines[1]?.startsWith(`${all.courses[0].course},${all.patients[0].patient},`)).toBe(true);
    const again = await json(await call('root', 'POST', '/admin/research-exports', body()));
    const other = await json(await call('root', 'GET', `/admin/research-exports/${again.id}`));
    expect(other.courses[0].course).not.toBe(all.courses[0].course);
    const dictionary = await call('root', 'GET', '/admin/research-exports/dictionary');
    expect(await dictionary.text()).toContain('patients,birth_year,integer,');

    const listed = await json(await call('root', 'GET', '/admin/research-exports'));
    expect(listed.exports.map((x: any) => x.id).sort()).toEqual([summary.id, again.id].sort());
    expect(listed.exports[0].createdBy).toBe('root');
    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'reason', 'object_id'])
      .where('action', 'like', 'research_export.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['research_export.create', 'Avbrudd i TSB – prosjekt REK 2026/123'],
      ['research_export.download', 'json'],
      ['research_export.download', 'courses.csv'],
      ['research_export.create', 'Avbrudd i TSB – prosjekt REK 2026/123'],
      ['research_export.download', 'json'],
    ]);
  });

  it('leaves out what is outside the period, and refuses what is not allowed', async () => {
    await setup();
    const before = await json(
      await call('root', 'POST', '/admin/research-exports', {
        ...body(),
        from: '2025-01-01',
        to: '2025-12-31',
      }),
    );
    expect(before.counts).toMatchObject({ courses: 0, responses: 0 });
    for (const who of ['olanordmann', 'lead']) {
      expect((await call(who, 'POST', '/admin/research-exports', body())).status).toBe(404);
      expect((await call(who, 'GET', `/admin/research-exports/${before.id}`)).status).toBe(404);
    }
    const cases: [unknown, number, string][] = [
      [{ ...body(), purpose: 'kort' }, 400, 'state the purpose'],
      [{ ...body(), to: '2025-01-01' }, 400, 'the period ends before it starts'],
      [{ ...body(), from: '2026-02-30' }, 400, 'not a calendar date'],
      [{ ...body(), unitIds: [] }, 400, 'choose at least one unit'],
      [{ ...body(), unitIds: [practice] }, 422, 'practice unit'],
      [{ ...body(), extra: 1 }, 400, 'extra'],
    ];
    for (const [input, status, message] of cases) {
      const res = await call('root', 'POST', '/admin/research-exports', input);
      expect(res.status, message).toBe(status);
      expect(JSON.stringify(await json(res))).toContain(message);
    }
    // The units to choose from: the clinical ones, never the practice unit.
    const units = await json(await call('root', 'GET', '/admin/research-exports/units'));
    expect(units.units.map((u: any) => u.name)).toEqual(['Enhet A', 'Enhet B']);
    expect(units.units[0]).toMatchObject({ id: unitA, parentName: 'HF (fiktivt)', isDemo: false });
    expect((await call('lead', 'GET', '/admin/research-exports/units')).status).toBe(404);
    const unknownTable = await call(
      'root',
      'GET',
      `/admin/research-exports/${before.id}/tables/staff`,
    );
    expect(unknownTable.status).toBe(400);
    // Refused requests stored nothing.
    expect((await json(await call('root', 'GET', '/admin/research-exports'))).exports).toHaveLength(
      1,
    );
  });
});
