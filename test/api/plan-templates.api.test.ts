/**
 * Managing a unit's measurement-plan templates, on every engine: a system administrator (any
 * clinical unit) and the unit's lead or unit admin (their own units) list, make and delete them;
 * therapists only read them; anyone else gets 404. A course that copied a template keeps its plan
 * when the template goes. Every change is in the audit log; a refused request stores nothing.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../server/services/staff-service';
import { listAuditEvents } from '../../server/storage/audit-repository';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

const STANDARD = [
  { instrument: 'session-outcome', schedule: 'every_session' },
  { instrument: 'hscl-25', schedule: 'every_n_weeks', intervalWeeks: 6 },
];

describe.each(engines())('plan templates on $name', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids = { unitA: '', unitB: '', practice: '', course: '' };

  const call = async (who: string, method: string, path: string, body?: unknown) => {
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
  const templates = (unitId: string) => `/units/${unitId}/plan-templates`;
  const count = async (table: 'plan_templates' | 'plan_items') =>
    Number(
      (
        await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(
          t.db,
        )
      ).rows[0]?.n,
    );
  const auditOf = async (action: string) =>
    (await listAuditEvents(t.db, { afterSeq: 0, limit: 10_000 })).filter(
      (e) => e.action === action,
    );

  beforeAll(async () => {
    const now = new Date('2026-03-02T08:00:00Z');
    t = await createTestApp({ engine, start: now });
    [ids.unitA, ids.unitB] = (await fictionalUnits(t, ['Enhet A', 'Enhet B'], now)) as [
      string,
      string,
    ];
    const unitA = await t.db
      .selectFrom('organisations')
      .select('parent_id')
      .where('id', '=', ids.unitA)
      .executeTakeFirstOrThrow();
    ids.practice = (
      await createOrganisation(
        t.db,
        { kind: 'unit', name: 'Øvingsenhet', parentId: unitA.parent_id, isPractice: true },
        now,
      )
    ).id;
    for (const [name, memberships, globalRole] of [
      ['lead', [{ unitId: ids.unitA, role: 'unit_lead' }], null],
      ['unitAdmin', [{ unitId: ids.unitB, role: 'admin' }], null],
      ['ther', [{ unitId: ids.unitA, role: 'therapist' }], null],
      ['trainer', [{ unitId: ids.unitA, role: 'trainer' }], null],
      ['root', [], 'admin'],
    ] as const) {
      cookies[name] = (
        await staffMember(t, name, { memberships: [...memberships], globalRole }, now)
      ).cookie;
    }
    const patient = await call('ther', 'POST', `/units/${ids.unitA}/patients`, { code: 'MAL-1' });
    ids.course = (
      await call('ther', 'POST', '/courses', {
        patientId: patient.body.id,
        startDate: '2026-03-02',
        levelOfCare: 'outpatient',
      })
    ).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a system administrator makes a template at any clinical unit, audited', async () => {
    const made = await call('root', 'POST', templates(ids.unitB), {
      name: '  Døgn standard  ',
      items: STANDARD,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      unitId: ids.unitB,
      name: 'Døgn standard',
      createdAt: '2026-03-02T08:00:00.000Z',
      items: [
        { instrument: 'session-outcome', schedule: 'every_session', intervalWeeks: null },
        { instrument: 'hscl-25', schedule: 'every_n_weeks', intervalWeeks: 6 },
      ],
    });
    const listed = await call('root', 'GET', templates(ids.unitB));
    expect(listed.status).toBe(200);
    expect(listed.body.templates.map((x: any) => x.name)).toEqual(['Døgn standard']);
    const [event] = await auditOf('plan_template.create');
    expect(event).toMatchObject({
      unit_id: ids.unitB,
      role: 'admin',
      object_type: 'plan_template',
      object_id: made.body.id,
      outcome: 'allowed',
    });
    // The unit's own unit admin sees it and may manage it too.
    expect((await call('unitAdmin', 'GET', templates(ids.unitB))).body.templates).toHaveLength(1);
  });

  it('a unit lead manages the templates of the units they lead, and only those', async () => {
    const made = await call('lead', 'POST', templates(ids.unitA), {
      name: 'Poliklinikk',
      items: STANDARD,
    });
    expect(made.status).toBe(201);
    expect((await auditOf('plan_template.create')).at(-1)?.role).toBe('unit_lead');
    for (const [method, body] of [
      ['GET', undefined],
      ['POST', { name: 'Utenfor', items: STANDARD }],
    ] as const) {
      expect((await call('lead', method, templates(ids.unitB), body)).status).toBe(404);
    }
    const other = (await call('root', 'GET', templates(ids.unitB))).body.templates[0].id;
    expect((await call('lead', 'DELETE', `${templates(ids.unitB)}/${other}`, {})).status).toBe(404);
    // A template of unit B is not found through unit A either.
    expect((await call('lead', 'DELETE', `${templates(ids.unitA)}/${other}`, {})).status).toBe(404);
  });

  it('therapists read the templates but cannot change them; others get 404', async () => {
    expect((await call('ther', 'GET', templates(ids.unitA))).status).toBe(200);
    const id = (await call('ther', 'GET', templates(ids.unitA))).body.templates[0].id;
    expect(
      (await call('ther', 'POST', templates(ids.unitA), { name: 'Egen', items: STANDARD })).status,
    ).toBe(404);
    expect((await call('ther', 'DELETE', `${templates(ids.unitA)}/${id}`, {})).status).toBe(404);
    expect((await call('trainer', 'GET', templates(ids.unitA))).status).toBe(404);
    expect((await call('anonymous', 'GET', templates(ids.unitA))).status).toBe(401);
    // A trainee's practice unit is not a clinic's: not even a system administrator manages it.
    expect(
      (await call('root', 'POST', templates(ids.practice), { name: 'Øving', items: STANDARD }))
        .status,
    ).toBe(404);
  });

  it('deleting a template leaves the plans that courses copied from it', async () => {
    const made = await call('lead', 'POST', templates(ids.unitA), {
      name: 'Kortvarig',
      items: [{ instrument: 'session-alliance', schedule: 'every_session' }],
    });
    expect(
      (await call('ther', 'PUT', `/courses/${ids.course}/plan`, { templateId: made.body.id }))
        .status,
    ).toBe(200);
    const removed = await call('lead', 'DELETE', `${templates(ids.unitA)}/${made.body.id}`, {});
    expect(removed.status).toBe(204);
    expect(
      (await call('lead', 'GET', templates(ids.unitA))).body.templates.map((x: any) => x.name),
    ).toEqual(['Poliklinikk']);
    const due = await call('ther', 'GET', `/courses/${ids.course}/due`);
    expect(due.body.plan).toEqual([
      { instrument: 'session-alliance', schedule: 'every_session', intervalWeeks: null },
    ]);
    expect((await auditOf('plan_template.delete')).at(-1)).toMatchObject({
      unit_id: ids.unitA,
      role: 'unit_lead',
      object_id: made.body.id,
    });
    // Gone is gone: a second delete is 404.
    expect(
      (await call('lead', 'DELETE', `${templates(ids.unitA)}/${made.body.id}`, {})).status,
    ).toBe(404);
  });

  it('refuses bad input with an error that names the problem, and stores nothing', async () => {
    const before = [await count('plan_templates'), await count('plan_items')];
    const audited = (await auditOf('plan_template.create')).length;
    const refused: [unknown, number, RegExp][] = [
      [{ name: '', items: STANDARD }, 400, /name/],
      [{ name: 'Tom', items: [] }, 400, /at least one instrument/],
      [{ name: 'Ekstra', items: STANDARD, unitId: ids.unitB }, 400, /unitId|Unrecognized/],
      [
        { name: 'Ukjent', items: [{ instrument: 'finnes-ikke', schedule: 'intake' }] },
        422,
        /Unknown instrument "finnes-ikke"/,
      ],
      [
        { name: 'Intervall', items: [{ instrument: 'hscl-25', schedule: 'every_n_weeks' }] },
        422,
        /intervalWeeks/,
      ],
      [{ name: 'poliklinikk', items: STANDARD }, 409, /already has a plan template named/],
    ];
    for (const [body, status, message] of refused) {
      const res = await call('lead', 'POST', templates(ids.unitA), body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const { message: said, issues = [] } = res.body.error;
      expect(
        [said, ...issues.map((i: any) => `${i.path.join('.')}: ${i.message}`)].join(' '),
      ).toMatch(message);
    }
    expect((await call('lead', 'DELETE', `${templates(ids.unitA)}/not-an-id`, {})).status).toBe(
      400,
    );
    expect([await count('plan_templates'), await count('plan_items')]).toEqual(before);
    expect((await auditOf('plan_template.create')).length).toBe(audited);
  });

  it('random bodies never give a 5xx, and only a 201 stores a template', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            {
              name: fc.oneof(fc.string(), fc.integer()),
              items: fc.array(
                fc.record(
                  {
                    instrument: fc.constantFrom('audit', 'hscl-25', 'x', ''),
                    schedule: fc.constantFrom('intake', 'every_n_weeks', 'sometimes'),
                    intervalWeeks: fc.integer({ min: -2, max: 60 }),
                  },
                  { requiredKeys: [] },
                ),
                { maxLength: 3 },
              ),
            },
            { requiredKeys: [] },
          ),
        ),
        async (body) => {
          const before = await count('plan_templates');
          const res = await call('root', 'POST', templates(ids.unitA), body);
          expect(res.status, JSON.stringify(body)).toBeLessThan(500);
          expect(await count('plan_templates')).toBe(before + (res.status === 201 ? 1 : 0));
        },
      ),
      { numRuns: 60 },
    );
  });
});
