/**
 * The one validator wrapper: a bad request becomes `{ error: { code, message, issues } }` naming
 * each offending field, never the raw zod object.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { errorBody } from './errors';

export interface OpenApiTag {
  target: keyof ValidationTargets;
  schema: ZodType;
}

/** The validator, tagged with its schema so the OpenAPI document is generated from it. */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  const middleware = zValidator(target, schema, (result, c) => {
    if (result.success) return;
    const issues = result.error.issues.map((i) => ({
      path: [target, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      message: i.message,
    }));
    const where = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return c.json(errorBody('invalid_request', `Invalid ${target}: ${where}`, issues), 400);
  });
  return Object.assign(middleware, { openapi: { target, schema } satisfies OpenApiTag });
}
