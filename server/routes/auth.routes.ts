/**
 * Staff login and logout. Login: POST /api/v1/auth/login with { "email", "password" }.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { clientKey } from '../http/client-key';
import { UnauthorizedError } from '../http/errors';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../http/session-cookie';
import { validate } from '../http/validate';
import type { Actor, AuthService } from '../services/auth-service';

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

export function authRoutes(auth: AuthService, trustProxy: boolean) {
  return new Hono()
    .post('/login', validate('json', loginBody), async (c) => {
      const { token, actor } = await auth.login(clientKey(c, trustProxy), c.req.valid('json'));
      setSessionCookie(c, token, trustProxy);
      return c.json({ user: publicUser(actor) });
    })
    .post('/logout', async (c) => {
      const token = readSessionCookie(c);
      if (token) await auth.logout(token);
      clearSessionCookie(c, trustProxy);
      return c.body(null, 204);
    })
    .get('/me', async (c) => {
      const token = readSessionCookie(c);
      const actor = token ? await auth.authenticate(token) : null;
      if (!actor) throw new UnauthorizedError();
      return c.json({ user: { ...publicUser(actor), units: await auth.unitsOf(actor) } });
    });
}
