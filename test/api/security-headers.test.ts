/**
 * The security headers are on every response — API answers, every kind of API error, and the
 * pages a patient opens — and API answers and patient pages are never stored by a cache.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginLimitFor } from '../../server/services/login-limit';
import { recordWrongCode } from '../../server/services/wrong-codes';
import { createTestApp, postJson, type TestApp } from '../support/app';

/** A stand-in for the built client: the server's static handling is what is tested. */
let clientDir: string;
let t: TestApp;

beforeAll(async () => {
  clientDir = mkdtempSync(path.join(tmpdir(), 'kor-headers-'));
  writeFileSync(
    path.join(clientDir, 'index.html'),
    '<!doctype html><title>KOR</title><script type="module" src="/assets/app.js"></script>',
  );
  t = await createTestApp({ clientDir });
});

afterAll(async () => {
  await t?.close();
  rmSync(clientDir, { recursive: true, force: true });
});

function expectSecurityHeaders(res: Response, label: string) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp, label).toContain("frame-ancestors 'none'");
  expect(csp, label).toContain("script-src 'self'");
  expect(csp, label).toContain("default-src 'self'");
  expect(csp, label).toContain("object-src 'none'");
  expect(csp, label).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), label).toBe('no-referrer');
  expect(res.headers.get('x-frame-options'), label).toBe('DENY');
}

const post = (pathname: string, body: string, headers: Record<string, string> = {}) =>
  t.app.request(pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });

describe('security headers', () => {
  it('are on every API answer and every kind of API error, all with no-store', async () => {
    // Past the login limit for the tests' client (the in-process app has no socket: "unknown").
    const limit = loginLimitFor('unknown');
    for (let i = 0; i < limit.maxForKey; i++)
      await recordWrongCode(t.db, limit.key, new Date('2026-03-02T08:00:00Z'));
    const cases: [number, () => Response | Promise<Response>][] = [
      [200, () => t.app.request('/api/v1/instruments')],
      [200, () => t.app.request('/api/v1/openapi.json')],
      [404, () => t.app.request('/api/v1/nothing-here')],
      [400, () => post('/api/v1/instruments/audit/score', '{"answers": {')],
      [400, () => postJson(t.app, '/api/v1/instruments/audit/score', { answers: [1] })],
      [401, () => t.app.request('/api/v1/auth/me')],
      [401, () => t.app.request('/api/v1/courses/x/caseload')],
      [403, () => post('/api/v1/auth/logout', '{}', { Origin: 'https://evil.example' })],
      [413, () => postJson(t.app, '/api/v1/instruments/audit/score', { x: 'a'.repeat(300_000) })],
      [
        415,
        () => post('/api/v1/auth/login', 'email=a&password=b', { 'Content-Type': 'text/plain' }),
      ],
      [429, () => postJson(t.app, '/api/v1/auth/login', { email: 'a@example.org', password: 'x' })],
    ];
    for (const [status, send] of cases) {
      const res = await send();
      const label = `the ${status}`;
      expect(res.status, label).toBe(status);
      expectSecurityHeaders(res, label);
      expect(res.headers.get('cache-control'), label).toBe('no-store');
    }
  });

  it('are on a 500 too, which says nothing about the failure', async () => {
    const broken = await createTestApp();
    await broken.db.destroy(); // every query now fails
    const res = await broken.app.request('/api/v1/health');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: 'internal', message: 'Something went wrong on the server' },
    });
    expectSecurityHeaders(res, '500');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it.each(['/', '/tablet', '/f/abcdefghijklmnopqrstuvwxyzABCDEF0123456789ab', '/kurs/evaluer'])(
    'are on the page %s, which is not cached',
    async (page) => {
      const res = await t.app.request(page);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expectSecurityHeaders(res, page);
      expect(res.headers.get('cache-control')).toBe('no-store');
    },
  );

  it('are on static files and their 404s', async () => {
    for (const [file, status] of [
      ['/index.html', 200],
      ['/assets/missing.js', 404],
    ] as const) {
      const res = await t.app.request(file);
      expect(res.status, file).toBe(status);
      expectSecurityHeaders(res, file);
    }
  });

  it('the client page loads its script from a file, never inline (the CSP allows no other)', () => {
    const html = readFileSync(path.join(import.meta.dirname, '../../client/index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
