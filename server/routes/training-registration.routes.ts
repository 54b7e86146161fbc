/**
 * Courses open for registration, for any logged-in staff user: the list, signing up and
 * withdrawing. The actor is the participant; nothing about who registers comes from the body.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../http/require-actor';
import { id } from '../http/schemas';
import { validate } from '../http/validate';
import type { TrainingRegistrationService } from '../services/training-registration-service';

const courseParam = z.object({ id });

export function trainingRegistrationRoutes(registrations: TrainingRegistrationService) {
  return new Hono<ActorEnv>()
    .get('/open-courses', async (c) => c.json(await registrations.listOpen(c.var.actor)))
    .post('/open-courses/:id/registration', validate('param', courseParam), async (c) =>
      c.json(await registrations.register(c.var.actor, c.req.valid('param').id), 201),
    )
    .post('/open-courses/:id/registration/cancel', validate('param', courseParam), async (c) =>
      c.json(await registrations.cancel(c.var.actor, c.req.valid('param').id)),
    );
}
