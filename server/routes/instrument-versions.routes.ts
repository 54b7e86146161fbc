/**
 * Instrument versions for system administrators (to anyone else 404): the list, one version with
 * what changed since the one before, a comparison of two, importing a draft from KOR JSON or a
 * FHIR R4 Questionnaire, publishing or discarding a draft, retiring a version.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { SEMVER_PATTERN } from '../../instruments';
import type { ActorEnv } from '../http/require-actor';
import { validate } from '../http/validate';
import type { InstrumentVersionService } from '../services/instrument-version-service';

const semver = z.string().regex(SEMVER_PATTERN, 'version must be semver, e.g. 1.1.0');
const instrumentId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'an instrument id: lower-case letters, digits and -');
const versionParam = z.object({ instrumentId, version: semver });

const translation = z.discriminatedUnion('status', [
  z
    .object({
      status: z.literal('official'),
      source: z.string().trim().min(3, 'name the published translation').max(500),
    })
    .strict(),
  z
    .object({
      status: z.literal('working'),
      note: z.string().trim().min(3, 'say who made it and how').max(500),
    })
    .strict(),
]);

const importBody = z.discriminatedUnion('format', [
  z
    .object({ format: z.literal('kor-json'), definition: z.record(z.string(), z.unknown()) })
    .strict(),
  z
    .object({
      format: z.literal('fhir-questionnaire'),
      questionnaire: z.record(z.string(), z.unknown()),
      instrumentId: instrumentId.optional(),
      baseVersion: semver.optional(),
      version: semver,
      translation,
      source: z.string().trim().min(3).max(500).optional(),
      commercialUse: z.enum(['allowed', 'prohibited', 'licence-required', 'unverified']).optional(),
    })
    .strict(),
]);

const retireBody = z
  .object({
    reason: z
      .string()
      .trim()
      .min(5, 'say why (at least 5 characters)')
      .max(500, 'at most 500 characters'),
  })
  .strict();

export function instrumentVersionRoutes(versions: InstrumentVersionService) {
  return new Hono<ActorEnv>()
    .get('/', async (c) => c.json({ versions: await versions.list(c.var.actor) }))
    .post('/imports', validate('json', importBody), async (c) =>
      c.json(await versions.importDraft(c.var.actor, c.req.valid('json')), 201),
    )
    .get(
      '/:instrumentId/compare',
      validate('param', z.object({ instrumentId })),
      validate('query', z.object({ from: semver, to: semver })),
      async (c) => {
        const { from, to } = c.req.valid('query');
        return c.json(
          await versions.compare(c.var.actor, c.req.valid('param').instrumentId, from, to),
        );
      },
    )
    .get('/:instrumentId/:version', validate('param', versionParam), async (c) => {
      const { instrumentId: id, version } = c.req.valid('param');
      return c.json(await versions.get(c.var.actor, id, version));
    })
    .delete('/:instrumentId/:version', validate('param', versionParam), async (c) => {
      const { instrumentId: id, version } = c.req.valid('param');
      await versions.discard(c.var.actor, id, version);
      return c.body(null, 204);
    })
    .post('/:instrumentId/:version/publish', validate('param', versionParam), async (c) => {
      const { instrumentId: id, version } = c.req.valid('param');
      return c.json(await versions.publish(c.var.actor, id, version));
    })
    .post(
      '/:instrumentId/:version/retire',
      validate('param', versionParam),
      validate('json', retireBody),
      async (c) => {
        const { instrumentId: id, version } = c.req.valid('param');
        return c.json(await versions.retire(c.var.actor, id, version, c.req.valid('json').reason));
      },
    );
}
