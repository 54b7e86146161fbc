/**
 * Form sessions and responses: the staff side (create a session, enter clinician ratings, read a
 * course's responses) and the patient side (exchange a code or link, fetch due forms, submit).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { clientKey } from '../http/client-key';
import { UnauthorizedError } from '../http/errors';
import type { ActorEnv } from '../http/require-actor';
import { courseParam, id } from '../http/schemas';
import { validate } from '../http/validate';
import type { FormService } from '../services/form-service';
import type { FormSessionQueries } from '../services/form-session-queries';

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string({ message: 'the Idempotency-Key header is required' })
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'Idempotency-Key: 8–100 letters, digits, _ or -'),
});
const answers = z.record(z.string(), z.unknown(), {
  message: 'answers must be an object of item id → value',
});
const language = z.enum(['nb', 'en']);
/** A random id the patient page makes when it loads (not stored anywhere that names a patient). */
const device = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'device: 8–64 letters, digits, _ or -')
  .optional();

export function courseFormRoutes(forms: FormService, sessions: FormSessionQueries) {
  return new Hono<ActorEnv>()
    .get('/:courseId/form-sessions', validate('param', courseParam), async (c) =>
      c.json({ formSessions: await sessions.list(c.var.actor, c.req.valid('param').courseId) }),
    )
    .post(
      '/:courseId/form-sessions/:sessionId/revoke',
      validate('param', courseParam.extend({ sessionId: id })),
      async (c) => {
        const { courseId, sessionId } = c.req.valid('param');
        return c.json(await sessions.revoke(c.var.actor, courseId, sessionId));
      },
    )
    .post(
      '/:courseId/form-sessions',
      validate('param', courseParam),
      validate(
        'json',
        z
          .object({
            instruments: z
              .array(z.string().min(1).max(64))
              .min(1, 'choose at least one instrument')
              .max(10),
            channel: z.enum(['kiosk', 'home']),
            expiresInDays: z.number().int().min(1).max(30).optional(),
          })
          .strict(),
      ),
      async (c) =>
        c.json(
          await forms.create(c.var.actor, c.req.valid('param').courseId, c.req.valid('json')),
          201,
        ),
    )
    .post(
      '/:courseId/responses',
      validate('param', courseParam),
      validate('header', idempotencyHeader),
      validate(
        'json',
        z
          .object({
            instrument: z.string().min(1).max(64),
            version: z.string().max(20).optional(),
            answers,
            language,
          })
          .strict(),
      ),
      async (c) => {
        const result = await forms.enter(
          c.var.actor,
          c.req.valid('param').courseId,
          c.req.valid('json'),
          c.req.valid('header')['idempotency-key'],
        );
        return c.json(result, result.replay ? 200 : 201);
      },
    )
    .get('/:courseId/responses', validate('param', courseParam), async (c) =>
      c.json({ responses: await forms.list(c.var.actor, c.req.valid('param').courseId) }),
    );
}

function bearer(header: string | undefined): string {
  const token = header?.match(/^Bearer ([A-Za-z0-9_-]{20,100})$/)?.[1];
  if (!token)
    throw new UnauthorizedError('A patient session token is needed (Authorization: Bearer …)');
  return token;
}

export function patientRoutes(forms: FormService, trustProxy: boolean) {
  return new Hono()
    .post(
      '/exchange',
      validate(
        'json',
        z.union([
          z.object({ code: z.string().regex(/^\d{6}$/, 'the code has 6 digits'), device }).strict(),
          z
            .object({
              link: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'not a form link'),
              device,
            })
            .strict(),
        ]),
      ),
      async (c) => c.json(await forms.exchange(clientKey(c, trustProxy), c.req.valid('json'))),
    )
    .post(
      '/close',
      validate('json', z.object({ reason: z.enum(['finished', 'idle', 'stopped']) }).strict()),
      async (c) =>
        c.json(
          await forms.close(
            bearer(c.req.header('Authorization')),
            c.req.valid('json').reason,
            clientKey(c, trustProxy),
          ),
        ),
    )
    .get('/forms', async (c) => c.json(await forms.forms(bearer(c.req.header('Authorization')))))
    .post(
      '/responses',
      validate('header', idempotencyHeader),
      validate(
        'json',
        z
          .object({
            instrument: z.string().min(1).max(64),
            version: z.string().max(20),
            answers,
            language,
          })
          .strict(),
      ),
      async (c) => {
        const result = await forms.submit(
          bearer(c.req.header('Authorization')),
          c.req.valid('json'),
          c.req.valid('header')['idempotency-key'],
          clientKey(c, trustProxy),
        );
        return c.json(result, result.replay ? 200 : 201);
      },
    );
}
