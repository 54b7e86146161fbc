/**
 * The audit trail: a patient's access history for the unit lead, and the chain check for admins.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../http/errors';
import type { ActorEnv } from '../http/require-actor';
import { id } from '../http/schemas';
import { validate } from '../http/validate';
import type { AuditQueries } from '../services/audit-service';

export function patientAuditRoutes(audit: AuditQueries) {
  return new Hono<ActorEnv>().get(
    '/:patientId/access-log',
    validate('param', z.object({ patientId: id })),
    async (c) =>
      c.json(await audit.patientAccessHistory(c.var.actor, c.req.valid('param').patientId)),
  );
}

/** Global admins only; to anyone else the route does not exist. */
export function adminAuditRoutes(audit: AuditQueries) {
  return new Hono<ActorEnv>().get('/verify', async (c) => {
    if (c.var.actor.globalRole !== 'admin') throw new NotFoundError('No such route');
    return c.json(await audit.verify());
  });
}
