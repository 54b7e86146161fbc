/**
 * A fictional clinic for API tests: a region, a trust and its units, and staff who are logged in.
 */
import { createOrganisation, createUser } from '../../server/services/staff-service';
import type { GlobalRole, UnitRole } from '../../server/storage/schema';
import type { TestApp } from './app';

export const STAFF_PASSWORD = 'fictional passphrase';

/** Region → trust → one unit per name; returns the unit ids in order. */
export async function fictionalUnits(
  t: TestApp,
  names: readonly string[],
  now: Date,
): Promise<string[]> {
  const region = await createOrganisation(t.db, { kind: 'region', name: 'Region (fiktiv)' }, now);
  const trust = await createOrganisation(
    t.db,
    { kind: 'trust', name: 'HF (fiktivt)', parentId: region.id },
    now,
  );
  const ids: string[] = [];
  for (const name of names) {
    ids.push((await createOrganisation(t.db, { kind: 'unit', name, parentId: trust.id }, now)).id);
  }
  return ids;
}

/** Creates `name@example.org` and logs in through the API; returns the id and session cookie. */
export async function staffMember(
  t: TestApp,
  name: string,
  roles: { memberships?: { unitId: string; role: UnitRole }[]; globalRole?: GlobalRole | null },
  now: Date,
): Promise<{ id: string; cookie: string }> {
  const email = `${name}@example.org`;
  const { id } = await createUser(
    t.db,
    {
      email,
      displayName: name,
      password: STAFF_PASSWORD,
      memberships: roles.memberships ?? [],
      globalRole: roles.globalRole ?? null,
    },
    now,
  );
  return { id, cookie: await logIn(t, name) };
}

/** Logs `name@example.org` in through the API; returns the session cookie. */
export async function logIn(t: TestApp, name: string): Promise<string> {
  const res = await t.app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `${name}@example.org`, password: STAFF_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`test setup: ${name} could not log in (${res.status})`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Moves the test clock to 09:00 UTC on `date` and logs every named staff member in again. */
export async function moveToDay(
  t: TestApp,
  from: Date,
  date: string,
  cookies: Record<string, string>,
): Promise<Date> {
  const target = new Date(`${date}T09:00:00Z`);
  if (target < from) throw new Error(`test setup: the clock only moves forward (${date})`);
  t.advance(target.getTime() - from.getTime());
  for (const name of Object.keys(cookies)) cookies[name] = await logIn(t, name);
  return target;
}
