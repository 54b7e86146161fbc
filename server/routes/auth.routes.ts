/**
 * Staff login and logout. Login: POST /api/v1/auth/login with { "email", "password" }, or
 * through OpenID Connect: GET /api/v1/auth/oidc/start sends the browser to the provider, which
 * sends it back to GET /api/v1/auth/oidc/callback; both answer with redirects, so a failure
 * lands on the login page with `?innlogging=<reason>`.
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { clientKey } from '../http/client-key';
import { UnauthorizedError } from '../http/errors';
import {
  clearSessionCookie,
  isHttps,
  readSessionCookie,
  setSessionCookie,
} from '../http/session-cookie';
import { validate } from '../http/validate';
import type { Actor, AuthService } from '../services/auth-service';
import { OIDC_LOGIN_MINUTES, OidcLoginError, type OidcService } from '../services/oidc-service';

const loginBody = z
  .object({
    email: z.string().min(3).max(254),
    password: z.string().min(1).max(1024),
  })
  .strict();

function publicUser(actor: Actor) {
  return {
    id: actor.userId,
    email: actor.email,
    displayName: actor.displayName,
    globalRole: actor.globalRole,
    memberships: actor.memberships,
  };
}

/** Binds a login at the provider to the browser that started it; sent only to /auth/oidc/*. */
const OIDC_COOKIE_PATH = '/api/v1/auth/oidc';
const oidcCookieName = (secure: boolean) => (secure ? '__Secure-kor_oidc' : 'kor_oidc');

function loginPage(c: Context, failure: string) {
  return c.redirect(`/?innlogging=${encodeURIComponent(failure)}`, 302);
}

export function authRoutes(auth: AuthService, oidc: OidcService, trustProxy: boolean) {
  return new Hono()
    .get('/oidc', (c) => c.json(oidc.info()))
    .get(
      '/oidc/start',
      validate('query', z.object({ returnTo: z.string().max(300).optional() })),
      async (c) => {
        try {
          const { url, browserToken } = await oidc.start(c.req.valid('query').returnTo);
          const secure = isHttps(c, trustProxy);
          setCookie(c, oidcCookieName(secure), browserToken, {
            httpOnly: true,
            secure,
            // Lax: the provider's redirect back is a cross-site top-level navigation.
            sameSite: 'Lax',
            path: OIDC_COOKIE_PATH,
            maxAge: OIDC_LOGIN_MINUTES * 60,
          });
          return c.redirect(url, 302);
        } catch (error) {
          if (error instanceof OidcLoginError) return loginPage(c, error.code);
          throw error;
        }
      },
    )
    .get(
      '/oidc/callback',
      // The provider's parameters; openid-client checks them. Bounded, nothing else assumed.
      validate('query', z.record(z.string(), z.string().max(4096))),
      async (c) => {
        const secure = isHttps(c, trustProxy);
        const browserToken = getCookie(c, oidcCookieName(secure));
        deleteCookie(c, oidcCookieName(secure), { path: OIDC_COOKIE_PATH, secure });
        try {
          const { token, returnTo } = await oidc.finish({
            query: new URL(c.req.url).searchParams,
            browserToken,
            client: clientKey(c, trustProxy),
          });
          setSessionCookie(c, token, trustProxy);
          return c.redirect(returnTo, 302);
        } catch (error) {
          if (error instanceof OidcLoginError) return loginPage(c, error.code);
          throw error;
        }
      },
    )
    .post('/login', validate('json', loginBody), async (c) => {
      const { token, actor } = await auth.login(clientKey(c, trustProxy), c.req.valid('json'));
      setSessionCookie(c, token, trustProxy);
      return c.json({ user: publicUser(actor) });
    })
    .post('/logout', async (c) => {
      const token = readSessionCookie(c);
      const idToken = token ? await auth.logout(token) : null;
      clearSessionCookie(c, trustProxy);
      // 204; for a session that began at the provider, 200 with the provider's logout URL for
      // the browser to go to, so the user is logged out there too.
      const endSessionUrl = idToken ? await oidc.endSessionUrl(idToken) : null;
      return endSessionUrl ? c.json({ endSessionUrl }) : c.body(null, 204);
    })
    .get('/me', async (c) => {
      const token = readSessionCookie(c);
      const actor = token ? await auth.authenticate(token) : null;
      if (!actor) throw new UnauthorizedError();
      return c.json({ user: { ...publicUser(actor), units: await auth.unitsOf(actor) } });
    });
}
