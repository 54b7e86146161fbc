/**
 * The public scoring contract (DESIGN.md): no login, no patient data.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { LANGUAGES, SEMVER_PATTERN } from '../../instruments';
import { toQuestionnaire } from '../fhir/questionnaire';
import { validate } from '../http/validate';
import type { InstrumentService } from '../services/instrument-service';

const idParam = z.object({ id: z.string().min(1).max(64) });
const versionParam = idParam.extend({
  version: z.string().regex(SEMVER_PATTERN, 'version must be semver, e.g. 1.0.0'),
});

const scoreBody = z
  .object({
    version: z.string().regex(SEMVER_PATTERN, 'version must be semver, e.g. 1.0.0').optional(),
    answers: z.record(z.string(), z.unknown(), {
      message: 'answers must be an object of item id → value',
    }),
    respondent: z
      .object({
        sex: z.enum(['female', 'male']).optional(),
        age: z.number().int().min(0).max(130).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export function instrumentRoutes(instruments: InstrumentService) {
  return new Hono()
    .get('/', validate('query', z.object({ all: z.enum(['true', 'false']).optional() })), (c) =>
      c.json({ instruments: instruments.list(c.req.valid('query').all === 'true') }),
    )
    .get('/:id', validate('param', idParam), (c) =>
      c.json(instruments.get(c.req.valid('param').id)),
    )
    .get('/:id/versions', validate('param', idParam), (c) =>
      c.json({ versions: instruments.versions(c.req.valid('param').id) }),
    )
    .get('/:id/versions/:version', validate('param', versionParam), (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(instruments.get(id, version));
    })
    .get(
      '/:id/versions/:version/fhir',
      validate('param', versionParam),
      validate('query', z.object({ lang: z.enum(LANGUAGES).optional() })),
      (c) => {
        const { id, version } = c.req.valid('param');
        const questionnaire = toQuestionnaire(
          instruments.get(id, version),
          c.req.valid('query').lang,
        );
        return c.body(JSON.stringify(questionnaire), 200, {
          'Content-Type': 'application/fhir+json; charset=utf-8',
        });
      },
    )
    .post('/:id/score', validate('param', idParam), validate('json', scoreBody), (c) => {
      const body = c.req.valid('json');
      return c.json(
        instruments.score(c.req.valid('param').id, body.version, body.answers, body.respondent),
      );
    });
}
