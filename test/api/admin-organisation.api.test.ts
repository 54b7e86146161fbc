/**
 * Units and users for administrators: an admin adds a unit and a user with a membership in it,
 * and that user logs in and sees the unit; deactivation ends their sessions and blocks login;
 * an admin cannot lock themselves out; anyone else gets 404; bad input is answered 4xx with
 * nothing stored, and every change is in the audit log.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';

const BASE = '/admin/organisation';
const TEMPORARY = 'midlertidig passord 1';

describe('administration of units and users', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  let unitId = '';
  let trustId = '';

  afterEach(async () => {
    await t?.close();
  });

  /** State-changing requests are JSON, even a DELETE without a body (the CSRF rule). */
  function call(who: string | null, method: string, path: string, given?: unknown) {
    const body = given === undefined && method !== 'GET' ? {} : given;
    return t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(who ? { Cookie: cookies[who] ?? '' } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  const json = async (res: Response) => (await res.json()) as any;
  const count = async (table: string) =>
    Number(
      (
        await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(
          t.db,
        )
      ).rows[0]?.n,
    );
  const audited = (action: string) =>
    t.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();

  async function login(email: string, password: string) {
    return t.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  }
  const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  async function setup() {
    const now = new Date('2026-03-02T08:00:00Z');
    t = await createTestApp({ start: now });
    [unitId] = (await fictionalUnits(t, ['Enhet A'], now)) as [string];
    const unit = await t.db
      .selectFrom('organisations')
      .select('parent_id')
      .where('id', '=', unitId)
      .executeTakeFirstOrThrow();
    trustId = unit.parent_id ?? '';
    for (const [name, memberships, globalRole] of [
      ['lead', [{ unitId, role: 'unit_lead' }], null],
      ['root', [], 'admin'],
    ] as const) {
      const member = await staffMember(t, name, { memberships: [...memberships], globalRole }, now);
      cookies[name] = member.cookie;
      userIds[name] = member.id;
    }
  }

  it('an admin adds a unit and a user in it; the user logs in and sees the unit', async () => {
    await setup();
    const created = await call('root', 'POST', `${BASE}/units`, {
      kind: 'unit',
      name: '  BUP Fjellby  ',
      parentId: trustId,
    });
    expect(created.status).toBe(201);
    const unit = await json(created);
    expect(unit).toMatchObject({ kind: 'unit', name: 'BUP Fjellby', parentId: trustId });

    const made = await call('root', 'POST', `${BASE}/users`, {
      email: 'Ny.Terapeut@Example.org',
      displayName: 'Ny Terapeut',
      password: TEMPORARY,
      externalId: 'helseid-123',
      memberships: [{ unitId: unit.id, role: 'therapist' }],
    });
    expect(made.status).toBe(201);
    const user = await json(made);
    expect(user).toMatchObject({
      email: 'ny.terapeut@example.org',
      displayName: 'Ny Terapeut',
      globalRole: null,
      isActive: true,
      externalId: 'helseid-123',
      lastLoginAt: null,
      memberships: [{ unitId: unit.id, role: 'therapist' }],
    });
    expect(JSON.stringify(user)).not.toMatch(/password|argon/i);

    const overview = await json(await call('root', 'GET', BASE));
    expect(overview.organisations).toEqual(
      expect.arrayContaining([
        {
          id: unit.id,
          kind: 'unit',
          name: 'BUP Fjellby',
          parentId: trustId,
          isDemo: false,
          isPractice: false,
        },
      ]),
    );
    expect(overview.users.map((u: any) => u.email)).toEqual(
      expect.arrayContaining(['lead@example.org', 'ny.terapeut@example.org', 'root@example.org']),
    );
    expect(JSON.stringify(overview)).not.toMatch(/password_hash|passwordHash|argon2/);

    const loggedIn = await login('ny.terapeut@example.org', TEMPORARY);
    expect(loggedIn.status).toBe(200);
    cookies.ny = cookieOf(loggedIn);
    const me = await json(await call('ny', 'GET', '/auth/me'));
    expect(me.user.memberships).toEqual([{ unitId: unit.id, role: 'therapist' }]);
    expect(me.user.units).toEqual([expect.objectContaining({ id: unit.id, name: 'BUP Fjellby' })]);

    // Another role in another unit, then the first one removed.
    const set = await call('root', 'PUT', `${BASE}/users/${user.id}/memberships/${unitId}`, {
      role: 'unit_lead',
    });
    expect(set.status).toBe(200);
    expect((await json(set)).memberships).toHaveLength(2);
    const replaced = await json(
      await call('root', 'PUT', `${BASE}/users/${user.id}/memberships/${unitId}`, {
        role: 'trainer',
      }),
    );
    expect(replaced.memberships).toEqual(expect.arrayContaining([{ unitId, role: 'trainer' }]));
    expect(replaced.memberships).toHaveLength(2);
    const removed = await call('root', 'DELETE', `${BASE}/users/${user.id}/memberships/${unit.id}`);
    expect(removed.status).toBe(204);
    expect(
      (await call('root', 'DELETE', `${BASE}/users/${user.id}/memberships/${unit.id}`)).status,
    ).toBe(404);

    expect((await audited('organisation.unit_create')).map((e) => e.object_id)).toEqual([unit.id]);
    const userCreate = await audited('user.create');
    expect(userCreate).toMatchObject([
      { object_type: 'user', object_id: user.id, user_id: userIds.root, outcome: 'allowed' },
    ]);
    expect((await audited('membership.set')).map((e) => [e.unit_id, e.reason])).toEqual([
      [unit.id, 'therapist'],
      [unitId, 'unit_lead'],
      [unitId, 'trainer'],
    ]);
    expect(await audited('membership.remove')).toMatchObject([
      { unit_id: unit.id, object_id: user.id },
    ]);
  });

  it('deactivation ends the sessions and blocks login; reactivation lets the user in again', async () => {
    await setup();
    const before = await call('lead', 'GET', '/auth/me');
    expect(before.status).toBe(200);
    const off = await call('root', 'PATCH', `${BASE}/users/${userIds.lead}`, { isActive: false });
    expect(off.status).toBe(200);
    expect((await json(off)).isActive).toBe(false);
    expect((await call('lead', 'GET', '/auth/me')).status).toBe(401);
    expect((await login('lead@example.org', 'fictional passphrase')).status).toBe(401);

    const on = await call('root', 'PATCH', `${BASE}/users/${userIds.lead}`, { isActive: true });
    expect((await json(on)).isActive).toBe(true);
    expect((await login('lead@example.org', 'fictional passphrase')).status).toBe(200);

    const updates = await audited('user.update');
    expect(updates.map((e) => [e.object_type, e.object_id, e.reason])).toEqual([
      ['user', userIds.lead, 'isActive: false'],
      ['user', userIds.lead, 'isActive: true'],
    ]);
  });

  it('refuses an admin who would deactivate themselves or drop their own admin role', async () => {
    await setup();
    for (const body of [
      { isActive: false },
      { globalRole: null },
      { globalRole: 'national_trainer' },
    ]) {
      const res = await call('root', 'PATCH', `${BASE}/users/${userIds.root}`, body);
      expect(res.status).toBe(409);
      expect((await json(res)).error.message).toMatch(/your own/);
    }
    expect((await call('root', 'GET', '/auth/me')).status).toBe(200);
    expect(await audited('user.update')).toEqual([]);
    // Their own OpenID Connect id is fine.
    const own = await call('root', 'PATCH', `${BASE}/users/${userIds.root}`, {
      externalId: 'root-sub',
    });
    expect(own.status).toBe(200);
  });

  it('is 404 to anyone but a system administrator, and 401 without login', async () => {
    await setup();
    const attempts: [string, string, unknown?][] = [
      ['GET', BASE],
      ['POST', `${BASE}/units`, { kind: 'unit', name: 'Ulovlig', parentId: trustId }],
      ['POST', `${BASE}/users`, { email: 'x@example.org', displayName: 'X', password: TEMPORARY }],
      ['PATCH', `${BASE}/users/${userIds.root}`, { isActive: false }],
      ['PUT', `${BASE}/users/${userIds.lead}/memberships/${unitId}`, { role: 'admin' }],
      ['DELETE', `${BASE}/users/${userIds.lead}/memberships/${unitId}`],
    ];
    for (const [method, path, body] of attempts) {
      expect((await call('lead', method, path, body)).status, `${method} ${path}`).toBe(404);
      expect((await call(null, method, path, body)).status, `${method} ${path}`).toBe(401);
    }
    expect(await count('organisations')).toBe(3);
    expect(await count('users')).toBe(2);
    expect(await count('audit_events')).toBe(0);
  });

  it('answers bad input with a 4xx that names the problem, and stores nothing', async () => {
    await setup();
    const created = await json(
      await call('root', 'POST', `${BASE}/users`, {
        email: 'forst@example.org',
        displayName: 'Først',
        password: TEMPORARY,
        externalId: 'taken-id',
      }),
    );
    const counts = async () => ({
      organisations: await count('organisations'),
      users: await count('users'),
      memberships: await count('memberships'),
      audit: await count('audit_events'),
    });
    const stored = await counts();
    const newUser = (overrides: Record<string, unknown>) => ({
      email: 'ny@example.org',
      displayName: 'Ny',
      password: TEMPORARY,
      memberships: [{ unitId, role: 'therapist' }],
      ...overrides,
    });
    const cases: [string, string, unknown, number, RegExp][] = [
      [
        'POST',
        `${BASE}/users`,
        newUser({ memberships: [{ unitId: 'no-such-unit', role: 'therapist' }] }),
        404,
        /Unknown unit no-such-unit/,
      ],
      [
        'POST',
        `${BASE}/users`,
        newUser({ memberships: [{ unitId: trustId, role: 'therapist' }] }),
        422,
        /memberships are in units/,
      ],
      ['POST', `${BASE}/users`, newUser({ password: 'kort' }), 422, /at least 12 characters/],
      [
        'POST',
        `${BASE}/users`,
        newUser({ email: 'FORST@example.org' }),
        409,
        /forst@example.org exists/,
      ],
      [
        'POST',
        `${BASE}/users`,
        newUser({ externalId: 'taken-id' }),
        409,
        /already has that external id/,
      ],
      ['POST', `${BASE}/users`, newUser({ email: 'ikke-epost' }), 422, /not an e-mail address/],
      ['POST', `${BASE}/users`, newUser({ role: 'admin' }), 400, /Unrecognized key/i],
      [
        'POST',
        `${BASE}/users`,
        newUser({ memberships: [{ unitId, role: 'boss' }] }),
        400,
        /memberships\.0\.role/,
      ],
      [
        'POST',
        `${BASE}/units`,
        { kind: 'unit', name: 'X', parentId: 'nowhere' },
        404,
        /Unknown parent/,
      ],
      ['POST', `${BASE}/units`, { kind: 'unit', name: 'X' }, 422, /cannot sit under nothing/],
      ['POST', `${BASE}/units`, { kind: 'region', name: ' ' }, 400, /name the unit/],
      ['POST', `${BASE}/units`, { kind: 'ward', name: 'X' }, 400, /json\.kind/],
      ['PATCH', `${BASE}/users/${userIds.lead}`, {}, 400, /change at least one/],
      ['PATCH', `${BASE}/users/${userIds.lead}`, { externalId: 'taken-id' }, 409, /external id/],
      ['PATCH', `${BASE}/users/nobody`, { isActive: false }, 404, /Unknown user nobody/],
      [
        'PUT',
        `${BASE}/users/${userIds.lead}/memberships/no-unit`,
        { role: 'therapist' },
        404,
        /Unknown unit/,
      ],
      [
        'PUT',
        `${BASE}/users/nobody/memberships/${unitId}`,
        { role: 'therapist' },
        404,
        /Unknown user/,
      ],
      [
        'PUT',
        `${BASE}/users/${userIds.lead}/memberships/${unitId}`,
        { role: 'chief' },
        400,
        /json\.role/,
      ],
      [
        'DELETE',
        `${BASE}/users/${created.id}/memberships/${unitId}`,
        undefined,
        404,
        /not a member/,
      ],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await call('root', method, path, body);
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      expect(res.status, label).toBe(status);
      expect((await json(res)).error.message, label).toMatch(message);
    }
    expect(await counts()).toEqual(stored);
    const lead = await json(await call('root', 'GET', BASE));
    expect(lead.users.find((u: any) => u.id === userIds.lead)).toMatchObject({
      externalId: null,
      memberships: [{ unitId, role: 'unit_lead' }],
    });
  });
});
