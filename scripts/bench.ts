/**
 * `npm run bench`: the budgets of DESIGN.md ("Performance budgets"), on SQLite and — when
 * KOR_BENCH_DATABASE_URL is set — on PostgreSQL (a fresh database, dropped afterwards), in one
 * run. For each database: generate the history (`npm run kor -- generate`'s service, default
 * 2 million responses), time the caseload of the unit with 500 active courses and one course's
 * trends in-process against two baselines, then the submit benchmark on the real server
 * (scripts/load/submit-bench.ts: fixed rate, throughput, its ratio to a raw driver insert, server
 * memory). Then the patient bundle size from the client build. Figures are reported, never
 * asserted: the exit code is 0 whatever they are. Everything goes to bench-results/bench.json.
 *
 *   npm run bench -- [--responses 2000000] [--requests 200] [--seed 1]
 *                    [--rate 200] [--seconds 20] [--throughput-seconds 3] [--out FILE]
 *                    [--caseload-courses 500]
 *
 * --rate and --seconds are the fixed-rate submit phase; --out replaces bench-results/bench.json
 * (the CI smoke test runs tiny sizes into its own file); --caseload-courses shrinks the caseload
 * unit below the 500 active courses that the budget is about (for that smoke test only).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { builtInRegistry, DEFAULT_RISK_CONFIG } from '../instruments';
import { CLIENT_DIST } from '../server/client-build';
import { CASELOAD_COURSES } from '../server/services/bulk-history';
import { generateHistory } from '../server/services/bulk-history-service';
import { type Database, migrateToLatest, openDatabase } from '../server/storage/database';
import { measureReads, postgresRawSelect, type RawSelect, sqliteRawSelect } from './bench/reads';
import { BUDGETS, budgetRow, machine, megabytes, printTable, type Row } from './bench/report';
import { benchSubmit } from './load/submit-bench';
import { wholeNumberOption } from './script-args';
import type { ServerDatabase } from './server-process';

/** The caseload unit's lead and therapist; the password only lives for this run's database. */
const PASSWORD = `bench ${randomBytes(9).toString('base64url')}`;
/** Units large enough that --responses, not the unit count, ends the generation. */
const COURSES_PER_UNIT = 400;

function argsFrom(argv: readonly string[]) {
  const value = (name: string, fallback: number) => wholeNumberOption(argv, name, fallback);
  return {
    responses: value('responses', 2_000_000),
    requests: value('requests', 200),
    seed: value('seed', 1),
    rate: value('rate', BUDGETS.submitRate),
    seconds: value('seconds', 20),
    throughputSeconds: value('throughput-seconds', 3),
    caseloadCourses: value('caseload-courses', CASELOAD_COURSES),
    out: argv.includes('--out')
      ? String(argv[argv.indexOf('--out') + 1])
      : path.join('bench-results', 'bench.json'),
  };
}
type Args = ReturnType<typeof argsFrom>;

interface Target {
  engine: 'sqlite' | 'postgres';
  db: Database;
  server: ServerDatabase;
  raw(): Promise<RawSelect>;
  bytes(): Promise<number>;
  drop(): Promise<void>;
}

function sqliteTarget(dir: string): Target {
  const file = path.join(dir, 'bench.sqlite');
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  return {
    engine: 'sqlite',
    db: openDatabase({ kind: 'sqlite', file }),
    server: file,
    raw: async () => sqliteRawSelect(file),
    bytes: async () => size(file) + size(`${file}-wal`),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const name = `gen_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await client.query(query);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    engine: 'postgres',
    db: openDatabase({ kind: 'postgres', url: url.toString() }),
    server: { url: url.toString() },
    raw: () => postgresRawSelect(url.toString()),
    bytes: async () =>
      Number((await admin(`select pg_database_size('${name}') as n`)).rows[0]?.n ?? Number.NaN),
    drop: async () => void (await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function benchOne(target: Target, args: Args, log: (line: string) => void) {
  const started = performance.now();
  await migrateToLatest(target.db);
  const generated = await generateHistory(target.db, {
    options: {
      seed: args.seed,
      units: Math.ceil(args.responses / 10_000),
      courses: COURSES_PER_UNIT,
      maxResponses: args.responses,
      caseloadCourses: args.caseloadCourses,
      today: new Date(),
    },
    password: PASSWORD,
    registry: builtInRegistry(),
    riskConfig: DEFAULT_RISK_CONFIG,
  });
  const generateSeconds = Math.round(performance.now() - started) / 1000;
  const c = generated.counts;
  log(
    `${target.engine}: generated ${c.responses} responses, ${c.courses} courses, ${c.units} units ` +
      `in ${generateSeconds} s`,
  );
  const login = { email: generated.login, password: PASSWORD };
  const raw = await target.raw();
  let reads: Awaited<ReturnType<typeof measureReads>>;
  try {
    const input = {
      login,
      unitId: generated.caseloadUnitId,
      courses: args.caseloadCourses,
      requests: args.requests,
    };
    reads = await measureReads(target.db, raw, input);
  } finally {
    await raw.close();
    await target.db.destroy();
  }
  log(`${target.engine}: caseload p95 ${reads.caseload.p95} ms, trends p95 ${reads.trends.p95} ms`);
  // A failed submit run is a finding to report with the other figures, not a reason to lose them.
  let submitError: string | null = null;
  const submit = await benchSubmit({
    database: target.server,
    login,
    rate: args.rate,
    seconds: args.seconds,
    throughputSeconds: args.throughputSeconds,
    seed: args.seed,
    log: (line) => log(`${target.engine}: ${line}`),
  }).catch((error: unknown) => {
    submitError = String(error);
    log(`${target.engine}: the submit benchmark failed: ${submitError}`);
    return null;
  });
  return {
    engine: target.engine,
    caseloadCourses: args.caseloadCourses,
    generated: { ...generated, seconds: { ...generated.seconds, total: generateSeconds } },
    databaseMb: megabytes(await target.bytes()),
    reads,
    ratios: {
      caseloadP95ToHealthP95: reads.caseload.p95 / reads.health.p95,
      caseloadP95ToRawSelectP95: reads.caseload.p95 / reads.rawSelect.p95,
      trendsP95ToHealthP95: reads.trends.p95 / reads.health.p95,
    },
    submit,
    submitError,
  };
}
type Result = Awaited<ReturnType<typeof benchOne>>;

/** The patient area's JavaScript (gzip), from the client build's report; builds when missing. */
function patientBundle(): { totalGzipBytes: number; file: string } {
  const file = path.join(CLIENT_DIST, 'patient-bundle.json');
  if (!existsSync(file)) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const report = JSON.parse(readFileSync(file, 'utf8')) as { totalGzipBytes: number };
  return { totalGzipBytes: report.totalGzipBytes, file: path.relative(process.cwd(), file) };
}

function rows(r: Result): Row[] {
  return [...readRows(r), ...(r.submit ? submitRows(r.submit) : [failedSubmit(r)])];
}

const failedSubmit = (r: Result): Row => ({
  figure: 'submit benchmark',
  value: `failed: ${r.submitError ?? 'unknown'}`.slice(0, 80),
  met: false,
});

type Submit = NonNullable<Result['submit']>;

function submitRows(s: Submit): Row[] {
  return [
    budgetRow(
      `submit p99 at ${s.fixedRate.rate}/s`,
      s.fixedRate.latency.p99,
      'ms',
      BUDGETS.submitP99Ms,
    ),
    {
      figure: 'submit p50 / p95',
      value: `${s.fixedRate.latency.p50} / ${s.fixedRate.latency.p95} ms`,
    },
    {
      figure: `baseline GET /health p50 / p99 at ${s.fixedRate.rate}/s`,
      value: `${s.healthAtRate.latency.p50} / ${s.healthAtRate.latency.p99} ms`,
    },
    { figure: 'submit p99 ÷ health p99', value: s.p99ToHealthP99.toFixed(1) },
    {
      figure: 'submits ok / sent (fixed rate)',
      value: `${s.fixedRate.ok} / ${s.fixedRate.sent}`,
      met: s.fixedRate.ok === s.fixedRate.sent,
    },
    {
      figure: `submit throughput (${s.throughput.concurrency} at once)`,
      value: `${s.throughput.perSecond.toFixed(0)}/s`,
    },
    { figure: `raw ${s.rawInsert.driver} insert`, value: `${s.rawInsert.perSecond.toFixed(0)}/s` },
    { figure: 'throughput ÷ raw insert', value: s.ratio.toFixed(3) },
    {
      figure: 'server memory start / peak / end',
      value: `${s.serverMemoryMb.start} / ${s.serverMemoryMb.peak} / ${s.serverMemoryMb.end} MB`,
    },
  ];
}

function readRows(r: Result): Row[] {
  const g = r.generated;
  return [
    { figure: 'responses generated', value: String(g.counts.responses) },
    { figure: 'generation (write + risk)', value: `${g.seconds.total} s` },
    { figure: 'database size', value: `${r.databaseMb} MB` },
    budgetRow(
      `caseload p95 (${r.caseloadCourses} active courses)`,
      r.reads.caseload.p95,
      'ms',
      BUDGETS.caseloadP95Ms,
    ),
    { figure: 'caseload p50 / p99', value: `${r.reads.caseload.p50} / ${r.reads.caseload.p99} ms` },
    budgetRow("one course's trends p95", r.reads.trends.p95, 'ms', BUDGETS.trendsP95Ms),
    { figure: 'trends p50 / p99', value: `${r.reads.trends.p50} / ${r.reads.trends.p99} ms` },
    { figure: 'baseline GET /health p95', value: `${r.reads.health.p95} ms` },
    {
      figure: `baseline raw select of the ${r.caseloadCourses} rows p95`,
      value: `${r.reads.rawSelect.p95} ms`,
    },
    {
      figure: 'caseload p95 ÷ raw select p95',
      value: r.ratios.caseloadP95ToRawSelectP95.toFixed(1),
    },
  ];
}

async function main() {
  const args = argsFrom(process.argv.slice(2));
  const host = machine();
  const log = (line: string) => console.log(line);
  log(`KOR bench — ${JSON.stringify(args)}`);
  log(
    `machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, node ${host.node}, ${host.os}`,
  );
  const targets: (() => Promise<Target>)[] = [
    async () => sqliteTarget(mkdtempSync(path.join(os.tmpdir(), 'kor-bench-'))),
  ];
  const pgUrl = process.env.KOR_BENCH_DATABASE_URL;
  if (pgUrl) targets.push(() => postgresTarget(pgUrl));
  const results: Result[] = [];
  for (const open of targets) {
    const target = await open();
    try {
      results.push(await benchOne(target, args, log));
    } finally {
      await target.drop();
    }
  }
  const bundle = patientBundle();
  for (const r of results) printTable(`${r.engine}`, rows(r));
  printTable('client', [
    budgetRow(
      'patient bundle (gzip)',
      bundle.totalGzipBytes / 1024,
      'KB',
      BUDGETS.patientBundleBytes / 1024,
    ),
  ]);
  const { out } = args;
  mkdirSync(path.dirname(out), { recursive: true });
  const report = {
    at: new Date().toISOString(),
    args,
    machine: host,
    budgets: BUDGETS,
    results,
    bundle,
  };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwritten to ${out} (figures are reported, not asserted: exit 0)`);
}

await main();
