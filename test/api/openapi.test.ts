/**
 * /api/v1/openapi.json is generated from the registered routes and the zod schemas that validate
 * them: every API route is in it, with its parameters, body and security.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

let t: TestApp;
let doc: any;
beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await t.close();
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every registered API route', () => {
    expect(doc.openapi).toBe('3.1.0');
    const registered = t.app.routes
      .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && !r.path.endsWith('*'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m} ${path}`),
    );
    expect(new Set(documented)).toEqual(new Set(registered));
  });

  it('documents the scoring body from its zod schema', () => {
    const body =
      doc.paths['/api/v1/instruments/{id}/score'].post.requestBody.content['application/json']
        .schema;
    expect(body.required).toEqual(['answers']);
    expect(Object.keys(body.properties).sort()).toEqual(['answers', 'respondent', 'version']);
    expect(body.additionalProperties).toBe(false);
  });

  it('documents path, query and header parameters', () => {
    const get = doc.paths['/api/v1/courses/{courseId}'].get;
    expect(get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'courseId', in: 'path', required: true }),
        expect.objectContaining({ name: 'x-access-reason', in: 'header', required: false }),
      ]),
    );
    const list = doc.paths['/api/v1/instruments'].get;
    expect(list.parameters).toEqual([
      expect.objectContaining({ name: 'all', in: 'query', required: false }),
    ]);
  });

  it('marks staff routes with the session cookie, patient routes with the bearer token, public ones with none', () => {
    expect(doc.paths['/api/v1/courses'].get.security).toEqual([{ staffSession: [] }]);
    expect(doc.paths['/api/v1/patient/forms'].get.security).toEqual([{ patientSession: [] }]);
    expect(doc.paths['/api/v1/patient/exchange'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/instruments/{id}/score'].post.security).toEqual([]);
  });
});
