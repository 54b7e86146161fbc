/**
 * Staff login on every engine: argon2id, session cookies, idle timeout, lockout with back-off,
 * a limit on failed logins per client, no user enumeration, the first admin from the environment.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_POLICY, bootstrapAdmin } from '../../server/services/auth-service';
import { LOGIN_LIMIT, loginLimitFor, networkOf } from '../../server/services/login-limit';
import { createOrganisation, createUser, resetPassword } from '../../server/services/staff-service';
import { recordWrongCode } from '../../server/services/wrong-codes';
import { findUserByEmail } from '../../server/storage/user-repository';
import { createTestApp, postJson, type TestApp } from '../support/app';
import { engines } from '../support/databases';

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;

describe.each(engines())('staff login on $name', (engine) => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  async function setup(options: { trustProxy?: boolean } = {}) {
    t = await createTestApp({ engine, ...options });
    const now = new Date('2026-03-02T08:00:00Z');
    const region = await createOrganisation(
      t.db,
      { kind: 'region', name: 'Helse Test (fiktiv)' },
      now,
    );
    const trust = await createOrganisation(
      t.db,
      { kind: 'trust', name: 'Test HF', parentId: region.id },
      now,
    );
    const unit = await createOrganisation(
      t.db,
      { kind: 'unit', name: 'Ruspoliklinikk Test', parentId: trust.id },
      now,
    );
    await createUser(
      t.db,
      {
        email: 'Terapeut@Example.org',
        displayName: 'Tina Terapeut',
        password: PASSWORD,
        memberships: [{ unitId: unit.id, role: 'therapist' }],
      },
      now,
    );
    return { unit };
  }

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    postJson(t.app, '/api/v1/auth/login', { email, password }, headers);
  const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const me = (cookie: string) => t.app.request('/api/v1/auth/me', { headers: { Cookie: cookie } });

  it('logs in with the right password, any e-mail case, and sets a hardened cookie', async () => {
    const { unit } = await setup();
    const res = await login('terapeut@example.org', PASSWORD);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.user).toMatchObject({
      email: 'terapeut@example.org',
      displayName: 'Tina Terapeut',
      memberships: [{ unitId: unit.id, role: 'therapist' }],
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kor_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await me(cookieOf(res))).status).toBe(200);
  });

  it('uses a __Host- Secure cookie over HTTPS', async () => {
    await setup();
    const res = await t.app.request('https://kor.example/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'terapeut@example.org', password: PASSWORD }),
    });
    expect(res.headers.get('set-cookie')).toMatch(
      /^__Host-kor_session=.*; Path=\/; HttpOnly; Secure; SameSite=Strict/,
    );
  });

  it('gives one answer for a wrong password and an unknown e-mail (no enumeration)', async () => {
    await setup();
    const wrong = await login('terapeut@example.org', 'wrong password!!');
    const unknown = await login('nobody@example.org', 'wrong password!!');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('stores only an argon2id hash and only a hash of the session token', async () => {
    await setup();
    const res = await login('terapeut@example.org', PASSWORD);
    const token = cookieOf(res).split('=')[1] ?? '';
    const user = await findUserByEmail(t.db, 'terapeut@example.org');
    expect(user?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const sessions = await t.db.selectFrom('staff_sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.token_hash).not.toContain(token);
    expect(sessions[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it(`ends a session after ${AUTH_POLICY.idleMinutes} idle minutes, and keeps it while used`, async () => {
    await setup();
    const cookie = cookieOf(await login('terapeut@example.org', PASSWORD));
    t.advance(20 * MINUTE);
    expect((await me(cookie)).status).toBe(200);
    t.advance(20 * MINUTE);
    expect((await me(cookie)).status).toBe(200);
    t.advance(AUTH_POLICY.idleMinutes * MINUTE);
    expect((await me(cookie)).status).toBe(401);
  });

  it('logout ends the session', async () => {
    await setup();
    const cookie = cookieOf(await login('terapeut@example.org', PASSWORD));
    const out = await postJson(t.app, '/api/v1/auth/logout', {}, { Cookie: cookie });
    expect(out.status).toBe(204);
    expect((await me(cookie)).status).toBe(401);
  });

  it('locks the account after repeated failures, with back-off, and the right password does not open it early', async () => {
    await setup();
    for (let i = 0; i < AUTH_POLICY.maxFailures; i++)
      expect((await login('terapeut@example.org', 'nope nope nope')).status).toBe(401);
    expect((await login('terapeut@example.org', PASSWORD)).status).toBe(401);
    t.advance(AUTH_POLICY.firstLockMinutes * MINUTE + 1000);
    // One more failure doubles the lock.
    expect((await login('terapeut@example.org', 'nope nope nope')).status).toBe(401);
    t.advance(AUTH_POLICY.firstLockMinutes * MINUTE + 1000);
    expect((await login('terapeut@example.org', PASSWORD)).status).toBe(401);
    t.advance(AUTH_POLICY.firstLockMinutes * MINUTE);
    expect((await login('terapeut@example.org', PASSWORD)).status).toBe(200);
    const user = await findUserByEmail(t.db, 'terapeut@example.org');
    expect(user?.failed_login_count).toBe(0);
  });

  it('counts every one of concurrent wrong passwords, and locks after them', async () => {
    await setup();
    const tries = AUTH_POLICY.maxFailures - 1;
    const answers = await Promise.all(
      Array.from({ length: tries }, () => login('terapeut@example.org', 'nope nope nope')),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(tries).fill(401));
    const counted = await findUserByEmail(t.db, 'terapeut@example.org');
    expect(counted?.failed_login_count).toBe(tries);
    expect(counted?.locked_until).toBeNull();
    expect((await login('terapeut@example.org', 'nope nope nope')).status).toBe(401);
    const locked = await findUserByEmail(t.db, 'terapeut@example.org');
    expect(locked?.failed_login_count).toBe(AUTH_POLICY.maxFailures);
    expect(locked?.locked_until).not.toBeNull();
  });

  it('limits failed logins per client (429, Retry-After) before any password is checked, for known and unknown e-mails alike', async () => {
    await setup({ trustProxy: true });
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    const a = from('203.0.113.7');
    // Two wrong passwords on a real account (below its own lockout), the rest on unknown e-mails:
    // every failed login counts the same.
    for (let i = 0; i < LOGIN_LIMIT.maxPerAddress; i++) {
      const email = i < 2 ? 'terapeut@example.org' : `nobody${i}@example.org`;
      expect((await login(email, 'wrong password!!', a)).status).toBe(401);
    }
    const right = await login('terapeut@example.org', PASSWORD, a);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe(String(LOGIN_LIMIT.windowMinutes * 60));
    expect(right.headers.get('set-cookie')).toBeNull();
    const body = (await right.json()) as any;
    expect(body.error).toMatchObject({ code: 'too_many_attempts' });
    expect(body.error.message).toMatch(/Too many failed logins.*wait 15 minutes/);
    // An unknown e-mail gets the very same answer, and a limited try is not a try on the account.
    const unknown = await login('nobody@example.org', 'wrong password!!', a);
    expect(unknown.status).toBe(429);
    expect(await unknown.json()).toEqual(body);
    expect((await login('terapeut@example.org', 'wrong password!!', a)).status).toBe(429);
    expect((await findUserByEmail(t.db, 'terapeut@example.org'))?.failed_login_count).toBe(2);
    // Another client is not held up.
    expect((await login('terapeut@example.org', PASSWORD, from('198.51.100.20'))).status).toBe(200);
    // The window passing lifts the limit.
    t.advance(LOGIN_LIMIT.windowMinutes * MINUTE - 1000);
    expect((await login('terapeut@example.org', PASSWORD, a)).status).toBe(429);
    t.advance(2000);
    expect((await login('terapeut@example.org', PASSWORD, a)).status).toBe(200);
  });

  it('counts failed logins per IPv6 /64 network too, so rotating addresses does not help', async () => {
    await setup({ trustProxy: true });
    // Earlier failures from addresses of one /64, each below the limit of one address, planted
    // as the login would record them (an HTTP login each would only make the test slow)…
    const now = new Date('2026-03-02T08:00:00Z');
    for (let n = 0; n < LOGIN_LIMIT.maxPerNetwork - 1; n++)
      await recordWrongCode(t.db, loginLimitFor(`2001:db8:1:2::${n}`).key, now);
    // …and the last one over HTTP, from yet another address of it.
    const last = { 'X-Forwarded-For': '2001:db8:1:2::ffff' };
    expect((await login('nobody@example.org', 'wrong password!!', last)).status).toBe(401);
    const fresh = { 'X-Forwarded-For': '2001:db8:1:2:aaaa::99' };
    expect((await login('terapeut@example.org', PASSWORD, fresh)).status).toBe(429);
    const other = { 'X-Forwarded-For': '2001:db8:1:3::1' };
    expect((await login('terapeut@example.org', PASSWORD, other)).status).toBe(200);
  });

  it('a password reset lifts the lock and ends open sessions', async () => {
    await setup();
    const cookie = cookieOf(await login('terapeut@example.org', PASSWORD));
    for (let i = 0; i < AUTH_POLICY.maxFailures; i++)
      await login('terapeut@example.org', 'nope nope nope');
    await resetPassword(
      t.db,
      'terapeut@example.org',
      'a brand new passphrase',
      new Date('2026-03-02T08:01:00Z'),
    );
    expect((await me(cookie)).status).toBe(401);
    expect((await login('terapeut@example.org', 'a brand new passphrase')).status).toBe(200);
  });

  it('refuses a cross-site login and a non-JSON body', async () => {
    await setup();
    expect(
      (await login('terapeut@example.org', PASSWORD, { Origin: 'https://evil.example' })).status,
    ).toBe(403);
    const form = await t.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=terapeut%40example.org&password=x',
    });
    expect(form.status).toBe(415);
  });

  it('validates the login body, naming the field', async () => {
    await setup();
    const res = await postJson(t.app, '/api/v1/auth/login', { email: 'terapeut@example.org' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.issues[0].path).toEqual(['json', 'password']);
  });

  it('creates the first admin from the environment on an empty database only', async () => {
    t = await createTestApp({ engine });
    const now = new Date('2026-03-02T08:00:00Z');
    expect(
      await bootstrapAdmin(
        t.db,
        { email: 'Admin@Example.org', password: 'first admin passphrase' },
        now,
      ),
    ).toBe('admin@example.org');
    expect(
      await bootstrapAdmin(
        t.db,
        { email: 'other@example.org', password: 'second admin passphrase' },
        now,
      ),
    ).toBeNull();
    const res = await login('admin@example.org', 'first admin passphrase');
    expect(((await res.json()) as any).user.globalRole).toBe('admin');
  });

  it('refuses weak passwords, bad e-mails, duplicates and a unit under a unit', async () => {
    const { unit } = await setup();
    const now = new Date();
    await expect(
      createUser(t.db, { email: 'a@example.org', displayName: 'A', password: 'short' }, now),
    ).rejects.toThrow(/at least 12/);
    await expect(
      createUser(t.db, { email: 'not-an-email', displayName: 'A', password: PASSWORD }, now),
    ).rejects.toThrow(/not an e-mail/);
    await expect(
      createUser(
        t.db,
        { email: 'TERAPEUT@example.org', displayName: 'A', password: PASSWORD },
        now,
      ),
    ).rejects.toThrow(/exists/);
    await expect(
      createOrganisation(t.db, { kind: 'unit', name: 'X', parentId: unit.id }, now),
    ).rejects.toThrow(/cannot sit under a unit/);
  });
});

describe('the network a login is counted in', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '::ffff:203.0.113.7'],
    ['2001:db8:1:2::5', '2001:0db8:0001:0002'],
    ['2001:DB8:1:2:3:4:5:6', '2001:0db8:0001:0002'],
    ['::1', '0000:0000:0000:0000'],
    ['fe80::1%eth0', 'fe80:0000:0000:0000'],
    ['unknown', 'unknown'],
    ['2001:db8::zz', '2001:db8::zz'],
  ])('%s → %s', (address, network) => {
    expect(networkOf(address)).toBe(network);
  });
});
