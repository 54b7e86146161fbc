/**
 * The practice area of a training course: its practice unit with six synthetic cases, made once
 * by a trainer of the course and read by the course's readers.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../http/require-actor';
import { id } from '../http/schemas';
import { validate } from '../http/validate';
import { MAX_SEED, type PracticeService } from '../services/practice-service';

const courseParam = z.object({ id });
const newPractice = z
  .object({
    seed: z
      .number()
      .int('a whole number')
      .min(1, 'at least 1')
      .max(MAX_SEED, `at most ${MAX_SEED}`)
      .optional(),
  })
  .strict();

export function practiceRoutes(practice: PracticeService) {
  return new Hono<ActorEnv>()
    .post(
      '/courses/:id/practice',
      validate('param', courseParam),
      validate('json', newPractice),
      async (c) =>
        c.json(
          await practice.create(c.var.actor, c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .get('/courses/:id/practice', validate('param', courseParam), async (c) =>
      c.json(await practice.view(c.var.actor, c.req.valid('param').id)),
    );
}
