/**
 * A unit lead manages their unit's staff: lists who has which role, gives a colleague (found by
 * e-mail) a role, changes and removes it — never their own, never in another unit, never for
 * anyone but the unit's lead, unit admin or a system administrator. System administrators also
 * rename organisations, delete an empty one (a used one is refused with what remains), lift a
 * lockout (reactivating lifts it too), and KOR keeps at least one active system administrator.
 * Refused changes store nothing; every change is audited.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../server/http/errors';
import { AUTH_POLICY } from '../../server/services/auth-service';
import { createOrganisationAdminService } from '../../server/services/organisation-admin-service';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, STAFF_PASSWORD, staffMember } from '../support/clinic';

const ORG = '/admin/organisation';

describe('unit staff, and units and accounts for administrators', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let unitA = '';
  let unitB = '';
  const now = new Date('2026-03-02T08:00:00Z');

  afterEach(async () => {
    await t?.close();
  });

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
    t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', action)
      .orderBy('seq')
      .execute();
  const login = (email: string, password: string) =>
    t.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  async function setup() {
    t = await createTestApp({ start: now });
    [unitA, unitB] = (await fictionalUnits(t, ['Enhet A', 'Enhet B'], now)) as [string, string];
    for (const [name, memberships, globalRole] of [
      ['lead', [{ unitId: unitA, role: 'unit_lead' }], null],
      ['leadB', [{ unitId: unitB, role: 'unit_lead' }], null],
      ['ther', [{ unitId: unitA, role: 'therapist' }], null],
      ['newcomer', [], null],
      ['root', [], 'admin'],
    ] as const) {
      const member = await staffMember(t, name, { memberships: [...memberships], globalRole }, now);
      cookies[name] = member.cookie;
      ids[name] = member.id;
    }
  }

  it('a unit lead gives a colleague a role by e-mail, changes it and removes it, audited', async () => {
    await setup();
    const listed = await json(await call('lead', 'GET', `/units/${unitA}/staff`));
    expect(listed.unit).toEqual({ id: unitA, name: 'Enhet A' });
    expect(listed.members.map((m: any) => [m.email, m.roles])).toEqual([
      ['lead@example.org', ['unit_lead']],
      ['ther@example.org', ['therapist']],
    ]);

    const added = await call('lead', 'PUT', `/units/${unitA}/staff`, {
      email: '  NEWCOMER@example.org ',
      role: 'therapist',
    });
    expect(added.status).toBe(200);
    expect((await json(added)).members.map((m: any) => [m.displayName, m.roles])).toEqual([
      ['lead', ['unit_lead']],
      ['newcomer', ['therapist']],
      ['ther', ['therapist']],
    ]);
    // The newcomer now works in the unit: the next request sees the membership.
    const me = await json(await call('newcomer', 'GET', '/auth/me'));
    expect(me.user.memberships).toEqual([{ unitId: unitA, role: 'therapist' }]);

    const changed = await call('lead', 'PUT', `/units/${unitA}/staff`, {
      email: 'newcomer@example.org',
      role: 'unit_lead',
    });
    expect((await json(changed)).members.find((m: any) => m.userId === ids.newcomer).roles).toEqual(
      ['unit_lead'],
    );
    const removed = await call('lead', 'DELETE', `/units/${unitA}/staff/${ids.newcomer}`);
    expect(removed.status).toBe(200);
    expect((await json(removed)).members.map((m: any) => m.userId)).not.toContain(ids.newcomer);
    expect((await json(await call('newcomer', 'GET', '/auth/me'))).user.memberships).toEqual([]);

    const events = [...(await audited('membership.set')), ...(await audited('membership.remove'))];
    expect(
      events.map((e) => [e.action, e.role, e.unit_id, e.user_id, e.object_id, e.reason]),
    ).toEqual([
      ['membership.set', 'unit_lead', unitA, ids.lead, ids.newcomer, 'therapist'],
      ['membership.set', 'unit_lead', unitA, ids.lead, ids.newcomer, 'unit_lead'],
      ['membership.remove', 'unit_lead', unitA, ids.lead, ids.newcomer, null],
    ]);
  });

  it('refuses the lead their own role, unknown and deactivated users, and bad input, storing nothing', async () => {
    await setup();
    await call('root', 'PATCH', `${ORG}/users/${ids.newcomer}`, { isActive: false });
    const stored = async () => ({
      memberships: await count('memberships'),
      audit: (await audited('membership.set')).length + (await audited('membership.remove')).length,
    });
    const before = await stored();
    const cases: [string, string, unknown, number, RegExp][] = [
      [
        'PUT',
        `/units/${unitA}/staff`,
        { email: 'lead@example.org', role: 'therapist' },
        409,
        /your own role/,
      ],
      ['DELETE', `/units/${unitA}/staff/${ids.lead}`, {}, 409, /your own role/],
      [
        'PUT',
        `/units/${unitA}/staff`,
        { email: 'nobody@example.org', role: 'therapist' },
        404,
        /No user with e-mail nobody@example.org/,
      ],
      [
        'PUT',
        `/units/${unitA}/staff`,
        { email: 'newcomer@example.org', role: 'therapist' },
        409,
        /deactivated/,
      ],
      ['PUT', `/units/${unitA}/staff`, { email: 'ther@example.org', role: 'boss' }, 400, /role/],
      ['PUT', `/units/${unitA}/staff`, { email: 'ther@example.org' }, 400, /role/],
      [
        'PUT',
        `/units/${unitA}/staff`,
        { email: 'ther@example.org', role: 'therapist', extra: 1 },
        400,
        /extra/,
      ],
      ['DELETE', `/units/${unitA}/staff/${ids.leadB}`, {}, 404, /no role in Enhet A/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await call('lead', method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(JSON.stringify(await json(res)), `${method} ${path}`).toMatch(message);
    }
    expect(await stored()).toEqual(before);
  });

  it('is 404 to a therapist, to another unit’s lead and for an unknown unit; 401 without login', async () => {
    await setup();
    const attempts: [string, string, unknown?][] = [
      ['GET', `/units/${unitA}/staff`],
      ['PUT', `/units/${unitA}/staff`, { email: 'newcomer@example.org', role: 'therapist' }],
      ['DELETE', `/units/${unitA}/staff/${ids.ther}`],
    ];
    for (const [method, path, body] of attempts) {
      for (const who of ['ther', 'leadB', 'newcomer'])
        expect((await call(who, method, path, body)).status, `${who} ${method} ${path}`).toBe(404);
      expect((await call(null, method, path, body)).status).toBe(401);
    }
    expect((await call('lead', 'GET', '/units/no-such-unit/staff')).status).toBe(404);
    expect(await count('audit_events')).toBe(0);
    // A system administrator manages any clinical unit's staff.
    const byAdmin = await call('root', 'PUT', `/units/${unitB}/staff`, {
      email: 'ther@example.org',
      role: 'trainer',
    });
    expect(byAdmin.status).toBe(200);
    expect(await audited('membership.set')).toMatchObject([{ role: 'admin', unit_id: unitB }]);
  });

  it('an administrator renames an organisation and deletes only an empty one', async () => {
    await setup();
    const renamed = await call('root', 'PATCH', `${ORG}/units/${unitA}`, {
      name: ' Enhet A Nord ',
    });
    expect(renamed.status).toBe(200);
    expect(await json(renamed)).toMatchObject({ id: unitA, name: 'Enhet A Nord', kind: 'unit' });
    expect((await json(await call('lead', 'GET', `/units/${unitA}/staff`))).unit.name).toBe(
      'Enhet A Nord',
    );
    expect(await audited('organisation.rename')).toMatchObject([
      { unit_id: unitA, object_id: unitA, reason: 'Enhet A → Enhet A Nord' },
    ]);
    for (const [body, message] of [
      [{ name: '   ' }, /name the unit/],
      [{ name: 'x'.repeat(201) }, /at most 200/],
      [{}, /name/],
    ] as const) {
      const res = await call('root', 'PATCH', `${ORG}/units/${unitA}`, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await json(res))).toMatch(message);
    }
    expect((await call('lead', 'PATCH', `${ORG}/units/${unitA}`, { name: 'Mitt' })).status).toBe(
      404,
    );

    // A unit with staff (and a trust with units under it) stays, with the reason.
    const used = await call('root', 'DELETE', `${ORG}/units/${unitA}`);
    expect(used.status).toBe(409);
    expect((await json(used)).error.message).toBe(
      'Enhet A Nord cannot be deleted while it has 2 staff roles',
    );
    const parent = await t.db
      .selectFrom('organisations')
      .select('parent_id')
      .where('id', '=', unitA)
      .executeTakeFirstOrThrow();
    const trust = await call('root', 'DELETE', `${ORG}/units/${parent.parent_id}`);
    expect(trust.status).toBe(409);
    expect((await json(trust)).error.message).toMatch(/2 organisations under it/);

    const made = await json(
      await call('root', 'POST', `${ORG}/units`, {
        kind: 'unit',
        name: 'Feilregistrert',
        parentId: parent.parent_id,
      }),
    );
    const organisations = await count('organisations');
    expect((await call('lead', 'DELETE', `${ORG}/units/${made.id}`)).status).toBe(404);
    expect((await call('root', 'DELETE', `${ORG}/units/${made.id}`)).status).toBe(204);
    expect(await count('organisations')).toBe(organisations - 1);
    expect((await call('root', 'DELETE', `${ORG}/units/${made.id}`)).status).toBe(404);
    expect(await audited('organisation.delete')).toMatchObject([
      { object_id: made.id, reason: 'unit Feilregistrert' },
    ]);
  });

  it('an administrator lifts a lockout, and reactivating an account lifts it too', async () => {
    await setup();
    const lockOut = async () => {
      for (let i = 0; i < AUTH_POLICY.maxFailures; i++)
        expect((await login('ther@example.org', 'wrong passphrase')).status).toBe(401);
      // Locked: even the right password is refused for now.
      expect((await login('ther@example.org', STAFF_PASSWORD)).status).toBe(401);
    };
    await lockOut();
    const listed = await json(await call('root', 'GET', ORG));
    expect(listed.users.find((u: any) => u.id === ids.ther).lockedUntil).toBe(
      new Date(now.getTime() + 60_000).toISOString(),
    );
    const unlocked = await call('root', 'PATCH', `${ORG}/users/${ids.ther}`, { unlock: true });
    expect(unlocked.status).toBe(200);
    expect((await json(unlocked)).lockedUntil).toBeNull();
    expect((await login('ther@example.org', STAFF_PASSWORD)).status).toBe(200);

    await lockOut();
    await call('root', 'PATCH', `${ORG}/users/${ids.ther}`, { isActive: false });
    await call('root', 'PATCH', `${ORG}/users/${ids.ther}`, { isActive: true });
    expect((await login('ther@example.org', STAFF_PASSWORD)).status).toBe(200);
    expect((await audited('user.update')).map((e) => e.reason)).toEqual([
      'unlock: true',
      'isActive: false',
      'isActive: true',
    ]);
    const bad = await call('root', 'PATCH', `${ORG}/users/${ids.ther}`, { unlock: false });
    expect(bad.status).toBe(400);
  });

  it('keeps at least one active system administrator', async () => {
    await setup();
    const second = await staffMember(t, 'root2', { globalRole: 'admin' }, now);
    // root2 demotes root: allowed, root2 is still an administrator.
    const demoted = await call('root', 'PATCH', `${ORG}/users/${second.id}`, { globalRole: null });
    expect(demoted.status).toBe(200);
    // An administrator whose own role went meanwhile (an actor read before the change) cannot
    // take away the last one's: without the check KOR would be left with none.
    const admin = createOrganisationAdminService(t.db, () => now);
    const rootId = ids.root ?? '';
    const stale = {
      userId: second.id,
      email: 'root2@example.org',
      displayName: 'root2',
      globalRole: 'admin' as const,
      memberships: [],
    };
    for (const changes of [{ isActive: false }, { globalRole: 'national_trainer' as const }])
      await expect(admin.updateUser(stale, rootId, changes)).rejects.toThrow(
        new ConflictError('last_admin', 'KOR must keep at least one active system administrator'),
      );
    const root = await t.db
      .selectFrom('users')
      .select(['global_role', 'is_active'])
      .where('id', '=', rootId)
      .executeTakeFirstOrThrow();
    expect(root).toEqual({ global_role: 'admin', is_active: 1 });
  });
});
