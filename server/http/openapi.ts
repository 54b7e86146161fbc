/**
 * The OpenAPI document, generated from the registered routes and the very zod schemas that
 * validate their requests (each validator carries its schema; see validate.ts).
 */
import { z } from 'zod';
import type { OpenApiTag } from './validate';

interface RegisteredRoute {
  method: string;
  path: string;
  handler: unknown;
}

const PATIENT_PREFIX = '/api/v1/patient/';
const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: { type: 'array' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

function tagOf(handler: unknown): OpenApiTag | undefined {
  return (handler as { openapi?: OpenApiTag }).openapi;
}

function isGuard(handler: unknown): boolean {
  return (handler as { openapiSecurity?: string }).openapiSecurity === 'staffSession';
}

interface Operation {
  parameters: unknown[];
  requestBody?: unknown;
}

function newOperation(path: string, method: string, guarded: readonly string[]): Operation {
  const staff = guarded.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  const patient = path.startsWith(PATIENT_PREFIX) && path !== `${PATIENT_PREFIX}exchange`;
  const name = path
    .replace(/^\/api\/v1/, '')
    .replace(/[:/{}-]+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
  return {
    operationId: `${method}${name}`,
    parameters: [],
    responses: {
      '200': { description: 'OK', content: { 'application/json': {} } },
      default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
    },
    security: staff ? [{ staffSession: [] }] : patient ? [{ patientSession: [] }] : [],
  } as Operation;
}

export function buildOpenApi(routes: readonly RegisteredRoute[]): Record<string, unknown> {
  const guarded = routes.filter((r) => isGuard(r.handler)).map((r) => r.path.replace(/\/?\*$/, ''));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (!route.path.startsWith('/api/v1/') || route.method === 'ALL' || route.path.endsWith('*'))
      continue;
    const openapiPath = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const method = route.method.toLowerCase();
    paths[openapiPath] ??= {};
    const ops = paths[openapiPath];
    const operation = (ops[method] ?? newOperation(route.path, method, guarded)) as Operation;
    ops[method] = operation;
    const tag = tagOf(route.handler);
    if (!tag) continue;
    if (tag.target === 'json') {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(tag.schema) } },
      };
      continue;
    }
    const location = { param: 'path', query: 'query', header: 'header' }[tag.target as string];
    if (!location) continue;
    const schema = jsonSchema(tag.schema) as {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      operation.parameters.push({
        name,
        in: location,
        required: location === 'path' || (schema.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'KOR API',
      version: '1',
      description:
        'Measurement-based care for Norwegian specialised substance-use treatment. Errors: { "error": { "code", "message", "issues"? } }.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        staffSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'kor_session',
          description: '__Host-kor_session over HTTPS; from POST /api/v1/auth/login',
        },
        patientSession: {
          type: 'http',
          scheme: 'bearer',
          description: 'From POST /api/v1/patient/exchange',
        },
      },
    },
    paths,
  };
}
