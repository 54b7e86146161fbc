/**
 * For trainers: finding staff users to register on a course, and the implementation follow-up
 * of the units they support. Access and the audit event are the services' business.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../http/require-actor';
import { validate } from '../http/validate';
import type { StaffSearchService } from '../services/staff-search-service';
import type { TrainingFollowUpService } from '../services/training-follow-up-service';

const staffQuery = z
  .object({
    q: z.string().trim().min(2, 'at least 2 characters').max(100, 'at most 100 characters'),
  })
  .strict();

const followUpQuery = z
  .object({
    months: z
      .string()
      .regex(/^\d{1,3}$/, 'a whole number of months, 6–24')
      .transform(Number)
      .refine((n) => n >= 6 && n <= 24, 'from 6 to 24 months')
      .optional(),
  })
  .strict();

export function trainingFollowUpRoutes(services: {
  staff: StaffSearchService;
  followUp: TrainingFollowUpService;
}) {
  const { staff, followUp } = services;
  return new Hono<ActorEnv>()
    .get('/staff', validate('query', staffQuery), async (c) =>
      c.json(await staff.search(c.var.actor, c.req.valid('query').q)),
    )
    .get('/follow-up', validate('query', followUpQuery), async (c) =>
      c.json(await followUp.followUp(c.var.actor, c.req.valid('query'))),
    );
}
