/**
 * The public scoring contract, in-process against the real app on a fresh SQLite database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postJson, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

describe('GET /api/v1/instruments', () => {
  it('lists the latest version of each instrument', async () => {
    const { status, body } = await json(await t.app.request('/api/v1/instruments'));
    expect(status).toBe(200);
    expect(body.instruments.map((i: { id: string }) => i.id)).toEqual([
      'audit',
      'course-evaluation',
      'dudit',
      'dudit-e',
      'gaf',
      'gas',
      'hscl-25',
      'psq-18',
      'session-alliance',
      'session-outcome',
    ]);
    const audit = body.instruments[0];
    expect(audit).toMatchObject({
      id: 'audit',
      version: '1.0.0',
      title: { nb: expect.any(String), en: expect.any(String) },
    });
  });

  it('?all=true lists every version; a bad value is a 400 naming the parameter', async () => {
    const all = await json(await t.app.request('/api/v1/instruments?all=true'));
    expect(all.status).toBe(200);
    expect(all.body.instruments.length).toBeGreaterThanOrEqual(10);
    const bad = await json(await t.app.request('/api/v1/instruments?all=yes'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['query', 'all']);
  });
});

describe('GET /api/v1/instruments/{id}[/versions/{version}]', () => {
  it('returns the latest definition and a given version, with items and option values', async () => {
    const latest = await json(await t.app.request('/api/v1/instruments/audit'));
    const exact = await json(await t.app.request('/api/v1/instruments/audit/versions/1.0.0'));
    expect(latest.status).toBe(200);
    expect(exact.body).toEqual(latest.body);
    expect(latest.body.items[8]).toMatchObject({
      id: '9',
      options: [{ value: 0 }, { value: 2 }, { value: 4 }],
    });
  });

  it('404 for an unknown instrument or version, 400 for a malformed version', async () => {
    const unknown = await json(await t.app.request('/api/v1/instruments/ors'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('ors'),
    });
    const noVersion = await json(await t.app.request('/api/v1/instruments/audit/versions/9.9.9'));
    expect(noVersion.status).toBe(404);
    expect(noVersion.body.error.message).toContain('9.9.9');
    const malformed = await json(await t.app.request('/api/v1/instruments/audit/versions/latest'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0].path).toEqual(['param', 'version']);
  });
});

describe('POST /api/v1/instruments/{id}/score', () => {
  it('scores a worked example (AUDIT A4, woman)', async () => {
    const answers = {
      '1': 3,
      '2': 2,
      '3': 2,
      '4': 1,
      '5': 1,
      '6': 0,
      '7': 1,
      '8': 1,
      '9': 0,
      '10': 2,
    };
    const { status, body } = await json(
      await postJson(t.app, '/api/v1/instruments/audit/score', {
        answers,
        respondent: { sex: 'female' },
      }),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      instrument: 'audit',
      version: '1.0.0',
      status: 'scored',
      scores: { total: 13, consumption: 7, dependence: 2, harm: 4 },
      interpretation: { zone: 'II', escalate: false, riskLevel: 'increased', auditCPositive: true },
      missing: [],
    });
  });

  it('returns unrounded numbers (HSCL-25 H4)', async () => {
    const items = [2, 2, 1, 2, 1, 1, 3, 2, 1, 2, 3, 2, 1, null, 2, 3, 2, 3, 2, null, 2, 3, 2, 3, 2];
    const answers = Object.fromEntries(items.map((v, i) => [String(i + 1), v]));
    const { body } = await json(
      await postJson(t.app, '/api/v1/instruments/hscl-25/score', { version: '1.0.0', answers }),
    );
    expect(body.scores.total).toBe(47 / 23);
    expect(body.scores.depression).toBe(30 / 13);
    expect(body.missing).toEqual(['14', '20']);
  });

  it('an unscorable form is 200 with status unscorable and a reason', async () => {
    const { status, body } = await json(
      await postJson(t.app, '/api/v1/instruments/session-outcome/score', {
        answers: { '1': 5, '2': 5 },
      }),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'unscorable',
      missing: ['3', '4'],
      reason: expect.any(String),
    });
  });

  it('scores a course evaluation with a comment (8, 6, 9, 7 → mean 7.5)', async () => {
    const { status, body } = await json(
      await postJson(t.app, '/api/v1/instruments/course-evaluation/score', {
        answers: { relevance: 8, understandable: 6, structured: 9, action: 7, comments: 'Nyttig.' },
      }),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      instrument: 'course-evaluation',
      version: '1.0.0',
      status: 'scored',
      scores: { relevance: 8, understandable: 6, structured: 9, action: 7, mean: 7.5 },
      interpretation: {},
      missing: [],
    });
  });

  it.each([
    ['an unknown item', 'audit', { '11': 1 }, '11'],
    [
      'a comment over 2000 characters',
      'course-evaluation',
      { comments: 'x'.repeat(2001) },
      'comments',
    ],
    ['a rating outside 1–10', 'course-evaluation', { action: 0 }, 'action'],
    ['a value the item does not allow', 'audit', { '9': 1 }, '9'],
    ['a value of the wrong type', 'dudit', { '3': 'two' }, '3'],
    ['a decimal finer than 0.1 on a line', 'session-alliance', { '2': 9.55 }, '2'],
  ])('422 naming the item for %s', async (_, id, answers, item) => {
    const { status, body } = await json(
      await postJson(t.app, `/api/v1/instruments/${id}/score`, { answers }),
    );
    expect(status).toBe(422);
    expect(body.error.code).toBe('invalid_answers');
    expect(body.error.message).toContain(`"${item}"`);
    expect(body.error.issues).toContainEqual({
      path: ['answers', item],
      message: expect.stringContaining(`"${item}"`),
    });
  });

  it('names every offending item at once', async () => {
    const { body } = await json(
      await postJson(t.app, '/api/v1/instruments/audit/score', {
        answers: { '9': 1, '10': 3, x: 0 },
      }),
    );
    expect(body.error.issues.map((i: { path: string[] }) => i.path[1]).sort()).toEqual([
      '10',
      '9',
      'x',
    ]);
  });

  it('404 for an unknown instrument or version', async () => {
    expect((await postJson(t.app, '/api/v1/instruments/srs/score', { answers: {} })).status).toBe(
      404,
    );
    const res = await json(
      await postJson(t.app, '/api/v1/instruments/audit/score', { version: '2.0.0', answers: {} }),
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('2.0.0');
  });

  it.each([
    ['no answers', {}, 'answers'],
    ['answers not an object', { answers: [1, 2] }, 'answers'],
    ['a malformed version', { version: 'v1', answers: {} }, 'version'],
    ['an unknown sex', { answers: {}, respondent: { sex: 'x' } }, 'respondent'],
    ['an unknown field', { answers: {}, score: 40 }, ''],
  ])('400 naming the field for %s', async (_, payload, field) => {
    const { status, body } = await json(
      await postJson(t.app, '/api/v1/instruments/audit/score', payload),
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain(field);
  });

  it('malformed JSON is a 400; a non-JSON body is a 415; a huge body is a 413', async () => {
    const broken = await t.app.request('/api/v1/instruments/audit/score', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"answers": {',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).error.message).toMatch(/Malformed/i);
    const text = await t.app.request('/api/v1/instruments/audit/score', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: '{"answers":{}}',
    });
    expect(text.status).toBe(415);
    const huge = await postJson(t.app, '/api/v1/instruments/audit/score', {
      answers: { x: 'a'.repeat(300_000) },
    });
    expect(huge.status).toBe(413);
  });
});

describe('every response', () => {
  it('carries the security headers and no-store on the API, errors included', async () => {
    for (const res of [
      await t.app.request('/api/v1/instruments'),
      await t.app.request('/api/v1/nothing-here'),
    ]) {
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('an unknown API route is a JSON 404', async () => {
    const { status, body } = await json(await t.app.request('/api/v1/nothing-here'));
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });

  it('the health check answers from the database', async () => {
    const { status, body } = await json(await t.app.request('/api/v1/health'));
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok' });
  });

  it('logs route templates and statuses, never answers', async () => {
    await postJson(t.app, '/api/v1/instruments/gaf/score', {
      answers: { symptom: 47, function: 53 },
    });
    const line = JSON.parse(t.logLines.findLast((l) => l.includes('/score')) ?? '{}');
    expect(line).toMatchObject({
      route: '/api/v1/instruments/:id/score',
      method: 'POST',
      status: 200,
    });
    expect(Object.keys(line).sort()).toEqual([
      'level',
      'message',
      'method',
      'ms',
      'route',
      'status',
      'time',
    ]);
    expect(t.logLines.join('\n')).not.toMatch(/symptom|function/);
  });
});
