/**
 * A unit's staff and their roles there, for the unit's lead or unit admin (and system
 * administrators): list, give a user a role by e-mail, remove a user's role. Anyone else: 404.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../http/require-actor';
import { validate } from '../http/validate';
import type { UnitStaffService } from '../services/unit-staff-service';

const id = z.string().trim().min(1, 'an id').max(100, 'at most 100 characters');
const unitParam = z.object({ unitId: id });
const roleBody = z
  .object({
    email: z.string().trim().min(3, 'an e-mail address').max(254, 'at most 254 characters'),
    role: z.enum(['therapist', 'unit_lead', 'trainer', 'admin']),
  })
  .strict();

export function unitStaffRoutes(staff: UnitStaffService) {
  return new Hono<ActorEnv>()
    .get('/:unitId/staff', validate('param', unitParam), async (c) =>
      c.json(await staff.list(c.var.actor, c.req.valid('param').unitId)),
    )
    .put('/:unitId/staff', validate('param', unitParam), validate('json', roleBody), async (c) =>
      c.json(await staff.setRole(c.var.actor, c.req.valid('param').unitId, c.req.valid('json'))),
    )
    .delete(
      '/:unitId/staff/:userId',
      validate('param', unitParam.extend({ userId: id })),
      async (c) => {
        const { unitId, userId } = c.req.valid('param');
        return c.json(await staff.remove(c.var.actor, unitId, userId));
      },
    );
}
