/**
 * The submit benchmark and the load script, small and quick, on the real server process: every
 * figure is there and finite, nothing failed, and the responses stored are the ones acknowledged.
 * Figures are reported by `npm run bench` and `npm run load`, never asserted here.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLoadArgs } from '../../scripts/load';
import { fillDemo, scratchDatabase } from '../../scripts/load/demo-database';
import { benchSubmit, WARM_UP } from '../../scripts/load/submit-bench';
import { DEMO_PASSWORD } from '../../server/services/demo-service';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(os.tmpdir(), 'kor-load-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const pgUrl = process.env.KOR_TEST_DATABASE_URL;
const engines = [
  { name: 'sqlite', adminUrl: undefined },
  ...(pgUrl ? [{ name: 'postgres', adminUrl: pgUrl }] : []),
];

/** Every number anywhere in the value, with its path. */
function numbers(value: unknown, at = ''): [string, number][] {
  if (typeof value === 'number') return [[at, value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => numbers(v, `${at}.${key}`));
  return [];
}

describe.each(engines)('benchSubmit on $name', ({ adminUrl }) => {
  it('measures submissions that were really stored, with finite figures', async () => {
    const scratch = await scratchDatabase(adminUrl);
    try {
      await fillDemo(scratch.database);
      const result = await benchSubmit({
        database: scratch.database,
        login: { email: 'demo-terapeut@kor.example', password: DEMO_PASSWORD },
        rate: 20,
        seconds: 2,
        seed: 3,
        throughputSeconds: 1,
      });
      for (const [where, n] of numbers(result)) expect(Number.isFinite(n), where).toBe(true);
      expect(result.fixedRate).toMatchObject({ sent: 40, ok: 40, errors: {} });
      expect(result.fixedRate.latency.n).toBe(40);
      expect(result.healthAtRate).toMatchObject({ sent: 40, ok: 40 });
      expect(result.p99ToHealthP99).toBeGreaterThan(0);
      expect(result.throughput.errors).toEqual({});
      expect(result.throughput.ok).toBeGreaterThan(0);
      // The warm-up, the fixed rate and the throughput, every one read back from the database.
      expect(result.stored).toBe(WARM_UP + result.fixedRate.ok + result.throughput.ok);
      expect(result.rawInsert.rows).toBe(result.stored);
      expect(result.rawInsert.driver).toBe(adminUrl ? 'pg' : 'better-sqlite3');
      expect(result.ratio).toBeGreaterThan(0);
      expect(result.serverMemoryMb.peak).toBeGreaterThanOrEqual(result.serverMemoryMb.start);
    } finally {
      await scratch.drop();
    }
  }, 120_000);
});

async function load(...args: string[]) {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/load.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, KOR_PASSWORD: '' },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run load', () => {
  it('runs a short soak on its own server and writes the report', async () => {
    const file = path.join(out, 'soak.json');
    const result = await load(
      ...['--soak', '--rate', '20', '--seconds', '3', '--sample-seconds', '1', '--out', file],
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report).toMatchObject({ soak: true, rate: 20, seconds: 3, sent: 60, answered: 60 });
    expect(report.errorCount).toBe(0);
    expect(Object.keys(report.perKind)).toEqual([
      'link',
      'patient',
      'rating',
      'caseload',
      'trends',
    ]);
    for (const figures of Object.values(report.perKind))
      expect(figures).toMatchObject({ n: 12, errors: 0 });
    expect(report.memory.known).toBe(true);
    expect(report.memory.samples.length).toBeGreaterThanOrEqual(3);
    for (const [where, n] of numbers(report)) expect(Number.isFinite(n), where).toBe(true);
    expect(result.stdout).toContain('MB/hour');
  }, 120_000);

  it('refuses a server off loopback and options out of bounds, naming them', () => {
    const parse =
      (...argv: string[]) =>
      () =>
        parseLoadArgs(argv, { KOR_PASSWORD: 'x' });
    expect(parse('--url', 'http://192.0.2.1:3000', '--email', 'a@example.org')).toThrow(
      /--url http:\/\/192\.0\.2\.1:3000: .*loopback/,
    );
    expect(parse('--url', 'http://[::1]:3000', '--email', 'a@example.org')()).toMatchObject({
      target: { kind: 'running', url: 'http://[::1]:3000' },
    });
    expect(parse('--rate', '100000')).toThrow(/--rate is at most 1000/);
    expect(parse('--rate', '0')).toThrow(/--rate must be a whole number/);
    expect(parse('--soak', '--minutes', '100000')).toThrow(/--minutes is at most/);
    expect(parse('--seconds', '2', '--turbo')).toThrow(/unknown option --turbo/);
    expect(parse('--soak', '--minutes', '2')()).toMatchObject({ soak: true, seconds: 120 });
  });
});
