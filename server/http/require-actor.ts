/**
 * Default deny: routes behind this middleware need a logged-in staff user.
 */
import { createMiddleware } from 'hono/factory';
import type { Actor, AuthService } from '../services/auth-service';
import { clientKey } from './client-key';
import { UnauthorizedError } from './errors';
import { readSessionCookie } from './session-cookie';

export type ActorEnv = { Variables: { actor: Actor } };

export function requireActor(auth: AuthService, trustProxy: boolean) {
  const middleware = createMiddleware<ActorEnv>(async (c, next) => {
    const token = readSessionCookie(c);
    const actor = token ? await auth.authenticate(token) : null;
    if (!actor) throw new UnauthorizedError();
    c.set('actor', { ...actor, client: clientKey(c, trustProxy) });
    await next();
  });
  return Object.assign(middleware, { openapiSecurity: 'staffSession' as const });
}
