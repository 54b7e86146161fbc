/**
 * FHIR R4 exports of clinical data: a treatment course as a Bundle. Needs a logged-in user; the
 * service decides who may read the course.
 */
import { Hono } from 'hono';
import type { ActorEnv } from '../http/require-actor';
import { courseParam, reasonHeader } from '../http/schemas';
import { validate } from '../http/validate';
import type { FhirExportService } from '../services/fhir-export-service';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function courseFhirRoutes(fhir: FhirExportService) {
  return new Hono<ActorEnv>().get(
    '/:courseId/fhir',
    validate('param', courseParam),
    validate('header', reasonHeader),
    async (c) => {
      const bundle = await fhir.courseBundle(
        c.var.actor,
        c.req.valid('param').courseId,
        c.req.valid('header')['x-access-reason'],
      );
      return c.body(JSON.stringify(bundle), 200, {
        'Content-Type': FHIR_JSON,
        'Content-Disposition': `attachment; filename="kor-forlop-${c.req.valid('param').courseId}.fhir.json"`,
      });
    },
  );
}
