/**
 * Staff login through a real OpenID Connect provider (oidc-provider on a free port): the whole
 * authorization code flow with PKCE and private_key_jwt, matching by e-mail and by another claim,
 * and every way it must refuse — a state from another browser, a replay, an expired login, an
 * unknown or deactivated user, a cancelled login, an unreachable provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/services/auth-service';
import { createUser } from '../../server/services/staff-service';
import { updateUser } from '../../server/storage/user-repository';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits } from '../support/clinic';
import { engines } from '../support/databases';
import {
  loginAtProvider,
  logoutAtProvider,
  type RunningProvider,
  startOidcProvider,
} from '../support/oidc-provider';

const KOR = 'http://kor.test';
const CALLBACK = `${KOR}/api/v1/auth/oidc/callback`;
const NOW = new Date('2026-03-02T08:00:00Z');

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

/** Starts a login at KOR: the provider URL it redirects to and the browser-binding cookie. */
async function start(t: TestApp, returnTo?: string) {
  const res = await t.app.request(
    `${KOR}/api/v1/auth/oidc/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
  );
  expect(res.status).toBe(302);
  return { location: res.headers.get('location') ?? '', binding: cookieOf(res, 'kor_oidc') ?? '' };
}

async function callback(t: TestApp, url: URL, binding: string | undefined) {
  return t.app.request(`${KOR}${url.pathname}${url.search}`, {
    headers: binding ? { Cookie: binding } : {},
  });
}

for (const engine of engines()) {
  describe(`OpenID Connect login (${engine.name})`, () => {
    let provider: RunningProvider;
    let t: TestApp;
    let unitId: string;

    beforeAll(async () => {
      provider = await startOidcProvider({
        redirectUri: CALLBACK,
        people: {
          kari: { email: 'Kari.Terapeut@example.org', email_verified: true, name: 'Kari' },
          stranger: { email: 'stranger@example.org', email_verified: true },
          unverified: { email: 'ola@example.org', email_verified: false },
          gone: { email: 'gone@example.org', email_verified: true },
        },
      });
      t = await createTestApp({ engine, start: NOW, oidc: provider.settings() });
      [unitId] = (await fictionalUnits(t, ['Poliklinikk'], NOW)) as [string];
      for (const email of ['kari.terapeut@example.org', 'ola@example.org', 'gone@example.org'])
        await createUser(
          t.db,
          {
            email,
            displayName: email.split('@')[0] as string,
            password: 'a long enough passphrase',
            memberships: [{ unitId, role: 'therapist' }],
          },
          NOW,
        );
    });
    afterAll(async () => {
      await t?.close();
      await provider?.close();
    });

    it('tells the login page it is on and what to call it', async () => {
      const res = await t.app.request('/api/v1/auth/oidc');
      expect(await res.json()).toEqual({ enabled: true, name: 'Testinnlogging' });
    });

    it('logs a therapist in through the provider with PKCE and private_key_jwt, matched by e-mail, roles from KOR', async () => {
      const { location, binding } = await start(t, '/terapeut');
      const authorization = new URL(location);
      expect(authorization.origin).toBe(provider.issuer);
      expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorization.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(authorization.searchParams.get('nonce')).toBeTruthy();
      expect(authorization.searchParams.get('redirect_uri')).toBe(CALLBACK);
      expect(binding).toMatch(/^kor_oidc=[\w-]{43}$/);

      const back = await loginAtProvider(location, 'kari');
      expect(back.origin + back.pathname).toBe(CALLBACK);
      expect(back.searchParams.get('code')).toBeTruthy();
      const res = await callback(t, back, binding);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/terapeut');
      const session = cookieOf(res, 'kor_session');
      expect(session).toBeTruthy();

      const me = await t.app.request('/api/v1/auth/me', { headers: { Cookie: session ?? '' } });
      expect(me.status).toBe(200);
      const { user } = (await me.json()) as {
        user: { email: string; memberships: { unitId: string; role: string }[] };
      };
      expect(user.email).toBe('kari.terapeut@example.org');
      expect(user.memberships).toEqual([{ unitId, role: 'therapist' }]);

      const events = await t.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'auth.oidc_login')
        .execute();
      expect(events.at(-1)).toMatchObject({ outcome: 'allowed', user_id: expect.any(String) });
      // The login can be finished once: the same redirect again is refused.
      const replay = await callback(t, back, binding);
      expect(replay.headers.get('location')).toBe('/?innlogging=state');
      expect(cookieOf(replay, 'kor_session')).toBeUndefined();
    });

    it('logs out at the provider too: the logout answer carries its end-session URL with the ID token', async () => {
      const { location, binding } = await start(t);
      const res = await callback(t, await loginAtProvider(location, 'kari'), binding);
      const session = cookieOf(res, 'kor_session') ?? '';
      const tokenHash = hashToken(session.slice('kor_session='.length));
      const stored = await t.db
        .selectFrom('staff_sessions')
        .select('oidc_id_token')
        .where('token_hash', '=', tokenHash)
        .execute();
      expect(stored[0]?.oidc_id_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const out = await t.app.request('/api/v1/auth/logout', {
        method: 'POST',
        headers: { Cookie: session, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(out.status).toBe(200);
      const { endSessionUrl } = (await out.json()) as { endSessionUrl: string };
      const url = new URL(endSessionUrl);
      expect(url.origin).toBe(provider.issuer);
      expect(url.searchParams.get('id_token_hint')).toBe(stored[0]?.oidc_id_token);
      expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${KOR}/`);
      // The KOR session is over at once, and the ID token went with it.
      expect(
        (await t.app.request('/api/v1/auth/me', { headers: { Cookie: session } })).status,
      ).toBe(401);
      expect(
        await t.db
          .selectFrom('staff_sessions')
          .select('token_hash')
          .where('token_hash', '=', tokenHash)
          .execute(),
      ).toEqual([]);
      // The provider accepts the hint and sends the browser back to KOR's start page.
      expect((await logoutAtProvider(endSessionUrl)).href).toBe(`${KOR}/`);
    });

    it('a password login still logs out with 204 and no provider URL', async () => {
      const login = await t.app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'ola@example.org', password: 'a long enough passphrase' }),
      });
      const session = cookieOf(login, 'kor_session') ?? '';
      const out = await t.app.request('/api/v1/auth/logout', {
        method: 'POST',
        headers: { Cookie: session, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(out.status).toBe(204);
    });

    it('refuses a return from the provider in another browser (no or another binding cookie)', async () => {
      const first = await start(t);
      const back = await loginAtProvider(first.location, 'kari');
      const other = await start(t);
      for (const binding of [undefined, other.binding]) {
        const res = await callback(t, back, binding);
        expect(res.headers.get('location')).toBe('/?innlogging=state');
        expect(cookieOf(res, 'kor_session')).toBeUndefined();
      }
    });

    it('refuses people KOR does not know, deactivated users and unverified e-mail, and audits each', async () => {
      const gone = await userIdOf(t, 'gone@example.org');
      await updateUser(t.db, gone, { is_active: 0 });
      for (const [login, reason] of [
        ['stranger', 'no_user'],
        ['gone', 'no_user'],
        ['unverified', 'claim'],
      ] as const) {
        const { location, binding } = await start(t);
        const res = await callback(t, await loginAtProvider(location, login), binding);
        expect(res.headers.get('location'), login).toBe(`/?innlogging=${reason}`);
        expect(cookieOf(res, 'kor_session'), login).toBeUndefined();
        const last = await t.db
          .selectFrom('audit_events')
          .selectAll()
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow();
        expect(last).toMatchObject({
          action: 'auth.oidc_login',
          outcome: 'denied',
          reason,
          user_id: null,
        });
      }
    });

    it('refuses a login that took longer than ten minutes, and one the provider cancelled', async () => {
      const slow = await start(t);
      const back = await loginAtProvider(slow.location, 'kari');
      t.advance(11 * 60_000);
      const late = await callback(t, back, slow.binding);
      expect(late.headers.get('location')).toBe('/?innlogging=expired');

      const cancelled = await start(t);
      const state = new URL(cancelled.location).searchParams.get('state') ?? '';
      const res = await callback(
        t,
        new URL(`${CALLBACK}?error=access_denied&state=${state}`),
        cancelled.binding,
      );
      expect(res.headers.get('location')).toBe('/?innlogging=cancelled');
    });

    it('sends a return address outside KOR back to the start page', async () => {
      for (const returnTo of ['//evil.example/x', 'https://evil.example', '/\\evil', '/api/v1/x']) {
        const { location, binding } = await start(t, returnTo);
        const res = await callback(t, await loginAtProvider(location, 'kari'), binding);
        expect(res.headers.get('location'), returnTo).toBe('/');
      }
    });

    it('rejects a malformed callback with a clear error, and stores nothing', async () => {
      const res = await t.app.request(`/api/v1/auth/oidc/callback?state=${'x'.repeat(5000)}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/state/);
    });
  });
}

async function userIdOf(t: TestApp, email: string): Promise<string> {
  const row = await t.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('OpenID Connect login as a HelseID client may need it: PAR, DPoP and a security level', () => {
  async function setUp(acr: string) {
    const provider = await startOidcProvider({
      redirectUri: CALLBACK,
      people: { kari: { email: 'kari@example.org', email_verified: true } },
      acr,
    });
    const t = await createTestApp({
      start: NOW,
      oidc: provider.settings({ par: true, dpop: true, acrValues: ['kor-test-high'] }),
    });
    await createUser(
      t.db,
      { email: 'kari@example.org', displayName: 'Kari', password: 'a long enough passphrase' },
      NOW,
    );
    return { provider, t };
  }

  it('pushes the request (PAR), binds the tokens with DPoP and asks for the level', async () => {
    const { provider, t } = await setUp('kor-test-high');
    try {
      const { location, binding } = await start(t, '/terapeut');
      const authorization = new URL(location);
      // Only the client and the provider's reference travel through the browser.
      expect([...authorization.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
      expect(authorization.searchParams.get('request_uri')).toMatch(
        /^urn:ietf:params:oauth:request_uri:/,
      );
      const res = await callback(t, await loginAtProvider(location, 'kari'), binding);
      expect(res.headers.get('location')).toBe('/terapeut');
      expect(cookieOf(res, 'kor_session')).toBeTruthy();
    } finally {
      await t.close();
      await provider.close();
    }
  });

  it('refuses a login at a lower security level than KOR asks for, and audits it', async () => {
    const { provider, t } = await setUp('kor-test-low');
    try {
      const { location, binding } = await start(t);
      const res = await callback(t, await loginAtProvider(location, 'kari'), binding);
      expect(res.headers.get('location')).toBe('/?innlogging=level');
      expect(cookieOf(res, 'kor_session')).toBeUndefined();
      const events = await t.db
        .selectFrom('audit_events')
        .select(['outcome', 'reason'])
        .where('action', '=', 'auth.oidc_login')
        .execute();
      expect(events).toEqual([{ outcome: 'denied', reason: 'level' }]);
    } finally {
      await t.close();
      await provider.close();
    }
  });
});

describe('OpenID Connect login matched by another claim, and its settings', () => {
  it('matches users by external_id when the claim is not e-mail (as HelseID’s pid pseudonym)', async () => {
    const provider = await startOidcProvider({
      redirectUri: CALLBACK,
      people: { per: { pid_pseudonym: 'pseudo-123', name: 'Per' } },
      extraClaims: ['pid_pseudonym'],
    });
    const t = await createTestApp({
      start: NOW,
      oidc: provider.settings({
        userClaim: 'pid_pseudonym',
        scope: 'openid profile pid_pseudonym',
      }),
    });
    try {
      const { id } = await createUser(
        t.db,
        { email: 'per@example.org', displayName: 'Per', password: 'a long enough passphrase' },
        NOW,
      );
      const first = await start(t);
      const refused = await callback(
        t,
        await loginAtProvider(first.location, 'per'),
        first.binding,
      );
      expect(refused.headers.get('location')).toBe('/?innlogging=no_user');

      await updateUser(t.db, id, { external_id: 'pseudo-123' });
      const { location, binding } = await start(t);
      const res = await callback(t, await loginAtProvider(location, 'per'), binding);
      expect(res.headers.get('location')).toBe('/');
      const me = await t.app.request('/api/v1/auth/me', {
        headers: { Cookie: cookieOf(res, 'kor_session') ?? '' },
      });
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe('per@example.org');
    } finally {
      await t.close();
      await provider.close();
    }
  });

  it('is off without settings, and says the provider cannot be reached when it is down', async () => {
    const off = await createTestApp();
    try {
      expect(await (await off.app.request('/api/v1/auth/oidc')).json()).toEqual({ enabled: false });
      const res = await off.app.request('/api/v1/auth/oidc/start');
      expect(res.headers.get('location')).toBe('/?innlogging=disabled');
    } finally {
      await off.close();
    }
    const provider = await startOidcProvider({ redirectUri: CALLBACK, people: {} });
    const settings = provider.settings();
    await provider.close();
    const down = await createTestApp({ oidc: settings });
    try {
      const res = await down.app.request('/api/v1/auth/oidc/start');
      expect(res.headers.get('location')).toBe('/?innlogging=provider');
      expect(await down.db.selectFrom('oidc_logins').selectAll().execute()).toEqual([]);
    } finally {
      await down.close();
    }
  });

  it('refuses a key it cannot use, naming the setting', async () => {
    const provider = await startOidcProvider({ redirectUri: CALLBACK, people: {} });
    try {
      await expect(
        createTestApp({ oidc: provider.settings({ privateKey: 'not a key' }) }),
      ).rejects.toThrow(/KOR_OIDC_PRIVATE_KEY_FILE/);
      await expect(
        createTestApp({ oidc: provider.settings({ signingAlg: 'ES256' }) }),
      ).rejects.toThrow(/ES256 needs an EC P-256 key/);
    } finally {
      await provider.close();
    }
  });
});
