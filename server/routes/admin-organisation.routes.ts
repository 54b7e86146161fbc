/**
 * Units and users for system administrators (to anyone else 404): the organisation tree and the
 * users with their memberships, adding, renaming and deleting a unit, creating a user, changing
 * one (active, global role, OpenID Connect id, lifting a lockout), and setting or removing their
 * role in a unit.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../http/require-actor';
import { validate } from '../http/validate';
import type { OrganisationAdminService } from '../services/organisation-admin-service';

const id = z.string().trim().min(1, 'an id').max(100, 'at most 100 characters');
const unitRole = z.enum(['admin', 'unit_lead', 'therapist', 'trainer']);
const globalRole = z.enum(['admin', 'national_trainer']).nullable();
const externalId = z.string().trim().min(1, 'must not be empty').max(512, 'at most 512 characters');

const unitName = z.string().trim().min(1, 'name the unit').max(200, 'at most 200 characters');

const unitBody = z
  .object({
    kind: z.enum(['region', 'trust', 'provider', 'unit']),
    name: unitName,
    parentId: id.nullable().optional(),
  })
  .strict();

const userBody = z
  .object({
    email: z.string().trim().min(3, 'an e-mail address').max(254, 'at most 254 characters'),
    displayName: z.string().trim().min(1, 'name the user').max(200, 'at most 200 characters'),
    password: z.string().max(1000, 'at most 1000 characters'),
    globalRole: globalRole.optional(),
    externalId: externalId.optional(),
    memberships: z
      .array(z.object({ unitId: id, role: unitRole }).strict())
      .max(50, 'at most 50 memberships')
      .optional(),
  })
  .strict();

const changesBody = z
  .object({
    isActive: z.boolean().optional(),
    globalRole: globalRole.optional(),
    externalId: externalId.nullable().optional(),
    unlock: z.literal(true).optional(),
  })
  .strict()
  .refine(
    (b) => Object.keys(b).length > 0,
    'change at least one of isActive, globalRole, externalId, unlock',
  );

const renameBody = z.object({ name: unitName }).strict();
const unitParam = z.object({ unitId: id });

const userParam = z.object({ userId: id });
const membershipParam = z.object({ userId: id, unitId: id });

export function organisationAdminRoutes(admin: OrganisationAdminService) {
  return new Hono<ActorEnv>()
    .get('/', async (c) => c.json(await admin.overview(c.var.actor)))
    .post('/units', validate('json', unitBody), async (c) =>
      c.json(await admin.createUnit(c.var.actor, c.req.valid('json')), 201),
    )
    .patch(
      '/units/:unitId',
      validate('param', unitParam),
      validate('json', renameBody),
      async (c) =>
        c.json(
          await admin.renameUnit(
            c.var.actor,
            c.req.valid('param').unitId,
            c.req.valid('json').name,
          ),
        ),
    )
    .delete('/units/:unitId', validate('param', unitParam), async (c) => {
      await admin.deleteUnit(c.var.actor, c.req.valid('param').unitId);
      return c.body(null, 204);
    })
    .post('/users', validate('json', userBody), async (c) =>
      c.json(await admin.createUser(c.var.actor, c.req.valid('json')), 201),
    )
    .patch(
      '/users/:userId',
      validate('param', userParam),
      validate('json', changesBody),
      async (c) =>
        c.json(
          await admin.updateUser(c.var.actor, c.req.valid('param').userId, c.req.valid('json')),
        ),
    )
    .put(
      '/users/:userId/memberships/:unitId',
      validate('param', membershipParam),
      validate('json', z.object({ role: unitRole }).strict()),
      async (c) => {
        const { userId, unitId } = c.req.valid('param');
        return c.json(
          await admin.setMembership(c.var.actor, userId, unitId, c.req.valid('json').role),
        );
      },
    )
    .delete('/users/:userId/memberships/:unitId', validate('param', membershipParam), async (c) => {
      const { userId, unitId } = c.req.valid('param');
      await admin.removeMembership(c.var.actor, userId, unitId);
      return c.body(null, 204);
    });
}
