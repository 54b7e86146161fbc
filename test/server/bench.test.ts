/**
 * `npm run bench`, tiny and quick, as a child process: on SQLite (and PostgreSQL when
 * KOR_TEST_DATABASE_URL is set) it generates a database, measures the reads and the submits and
 * writes its JSON with every figure a finite number and every submission acknowledged. Figures
 * are reported by the bench, never asserted here.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'kor-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every number anywhere in the value, with its path. */
function numbers(value: unknown, at = ''): [string, number][] {
  if (typeof value === 'number') return [[at, value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => numbers(v, `${at}.${key}`));
  return [];
}

interface BenchJson {
  results: {
    engine: string;
    generated: { counts: { responses: number } };
    reads: Record<string, unknown>;
    submit: {
      fixedRate: { sent: number; ok: number; errors: Record<string, number> };
      throughput: { ok: number; errors: Record<string, number> };
    };
  }[];
  bundle: { totalGzipBytes: number };
  machine: { cpu: string; cores: number };
}

it('runs the bench on every database and reports every figure', { timeout: 120_000 }, async () => {
  const out = path.join(dir, 'bench.json');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.KOR_BENCH_DATABASE_URL;
  const pgUrl = process.env.KOR_TEST_DATABASE_URL;
  if (pgUrl) env.KOR_BENCH_DATABASE_URL = pgUrl;
  const args = [
    '--import',
    'tsx',
    'scripts/bench.ts',
    ...['--responses', '3000', '--caseload-courses', '40', '--requests', '20'],
    ...['--rate', '20', '--seconds', '2', '--throughput-seconds', '1', '--out', out],
  ];
  await run(process.execPath, args, { cwd: ROOT, env, maxBuffer: 16 * 2 ** 20 });
  const json = JSON.parse(readFileSync(out, 'utf8')) as BenchJson;
  expect(json.results.map((r) => r.engine)).toEqual(pgUrl ? ['sqlite', 'postgres'] : ['sqlite']);
  for (const [where, n] of numbers(json)) expect(Number.isFinite(n), where).toBe(true);
  for (const result of json.results) {
    expect(result.generated.counts.responses).toBeGreaterThanOrEqual(3000);
    expect(Object.keys(result.reads).sort()).toEqual([
      'caseload',
      'caseloadBytes',
      'health',
      'rawSelect',
      'trends',
      'trendsBytes',
    ]);
    const { fixedRate, throughput } = result.submit;
    expect(fixedRate.sent).toBe(40);
    expect(fixedRate.ok).toBe(fixedRate.sent);
    expect(fixedRate.errors).toEqual({});
    expect(throughput.errors).toEqual({});
    expect(throughput.ok).toBeGreaterThan(0);
  }
  expect(json.bundle.totalGzipBytes).toBeGreaterThan(0);
  expect(json.machine.cores).toBeGreaterThan(0);
});
