/**
 * `npm run crash-test -- [--cycles 20] [--seed 1] [--keep]`: the durability claim of SECURITY.md,
 * tested on the real server. A demo database in a temp dir; per cycle the server (a child process
 * on loopback) gets bursts of concurrent submissions — patients' forms and therapists' ratings,
 * each with its own Idempotency-Key, some sent twice at once — and is killed with SIGKILL at a
 * seeded moment while answers come back. It is restarted, every submission that got no answer is
 * sent again with the same key (a tablet's outbox), the unit lead reads a report, and the file is
 * checked: every acknowledged response stored exactly once with the answers sent, no key twice,
 * `PRAGMA integrity_check` ok. Exits non-zero on any loss, duplicate or integrity failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtInRegistry } from '../instruments';
import { DEMO_PASSWORD } from '../server/services/demo-service';
import { initialiseDatabase } from '../server/services/setup-service';
import { prng } from '../server/services/synthetic-shape';
import { migrateToLatest, openDatabase } from '../server/storage/database';
import { type CycleContext, emptyTally, runCycle, type Tally } from './crash-test/cycle';
import { type Client, callOk, login } from './crash-test/traffic';
import { type Verdict, verify } from './crash-test/verify';
import { wholeNumberOption } from './script-args';
import { startServer, stopGracefully } from './server-process';

const THERAPIST = 'demo-terapeut@kor.example';
const LEAD = 'demo-leder@kor.example';
const UNIT = 'DEMO Ruspoliklinikk';

export interface CrashTestOptions {
  cycles: number;
  seed: number;
  /** Keep the temp database (it is always kept when the test fails). */
  keep?: boolean;
  /** One line per cycle. */
  log?: (line: string) => void;
}

export interface CrashReport extends Tally, Omit<Verdict, 'findings'> {
  cycles: number;
  seed: number;
  /** Fidelity reports read by the unit lead after restarts. */
  reportsRead: number;
  elapsedMs: number;
  /** The temp database, when kept. */
  database?: string;
  ok: boolean;
}

/** The demo database of a new installation, and the unit and courses the test works on. */
async function prepareDatabase(file: string): Promise<{ unitId: string; courseIds: string[] }> {
  const db = openDatabase({ kind: 'sqlite', file });
  try {
    await migrateToLatest(db);
    await initialiseDatabase(db, { demo: true, now: new Date(), registry: builtInRegistry() });
    const unit = await db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', UNIT)
      .executeTakeFirstOrThrow();
    const courses = await db
      .selectFrom('treatment_courses as c')
      .innerJoin('course_therapists as t', 't.course_id', 'c.id')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select('c.id')
      .where('u.email', '=', THERAPIST)
      .where('c.unit_id', '=', unit.id)
      .where('c.end_date', 'is', null)
      .execute();
    if (courses.length === 0) throw new Error(`the demo has no active course of ${THERAPIST}`);
    return { unitId: unit.id, courseIds: courses.map((c) => c.id) };
  } finally {
    await db.destroy();
  }
}

/** The session of `email` on the server at `base`: the one kept across restarts, or a new one. */
async function sessionOn(base: string, email: string, kept?: Client): Promise<Client> {
  if (kept) {
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { Cookie: kept.cookie } });
    await me.body?.cancel();
    if (me.ok) return { base, cookie: kept.cookie };
  }
  return login(base, email, DEMO_PASSWORD);
}

/** The cycles, each ended by the lead reading a report and the file checked; stops at a failure. */
async function runCycles(
  ctx: CycleContext,
  options: CrashTestOptions,
  unitId: string,
): Promise<{ cycles: number; reportsRead: number }> {
  let staff = await sessionOn(ctx.server.base, THERAPIST);
  let lead = await sessionOn(ctx.server.base, LEAD);
  const relogin = async (base: string) => {
    staff = await sessionOn(base, THERAPIST, staff);
    return staff;
  };
  let reportsRead = 0;
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    const result = await runCycle(ctx, cycle, staff, relogin);
    lead = await sessionOn(ctx.server.base, LEAD, lead);
    await callOk(ctx.server.base, 'GET', `/units/${unitId}/reports/fidelity`, {
      Cookie: lead.cookie,
    });
    reportsRead++;
    const failed =
      verify(ctx.dbFile, ctx.keyPrefix, ctx.all).findings.length > 0 ||
      ctx.tally.failures.length > 0;
    options.log?.(
      `cycle ${cycle}/${options.cycles}: ${result.sent} sent, ${result.inFlightAtKill} requests in flight at the kill, ${result.outbox} re-sent; restart ${Math.round(result.restartMs)} ms; ${failed ? 'FAILED' : 'ok'}`,
    );
    if (failed) return { cycles: cycle, reportsRead };
  }
  return { cycles: options.cycles, reportsRead };
}

export async function runCrashTest(options: CrashTestOptions): Promise<CrashReport> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kor-crash-'));
  const dbFile = path.join(dir, 'kor.sqlite');
  const { unitId, courseIds } = await prepareDatabase(dbFile);
  const ctx: CycleContext = {
    server: await startServer(dbFile),
    random: prng(options.seed),
    dbFile,
    keyPrefix: `crash-s${options.seed}-`,
    courseIds,
    tally: emptyTally(),
    all: [],
  };
  let run: { cycles: number; reportsRead: number };
  try {
    run = await runCycles(ctx, options, unitId);
  } finally {
    await stopGracefully(ctx.server);
  }
  // The last word after a clean stop: the whole file once more.
  const { findings, ...verdict } = verify(dbFile, ctx.keyPrefix, ctx.all);
  const failures = [...ctx.tally.failures, ...findings];
  const ok = failures.length === 0 && verdict.integrity === 'ok';
  const keep = options.keep === true || !ok;
  if (!keep) rmSync(dir, { recursive: true, force: true });
  return {
    ...run,
    seed: options.seed,
    ...ctx.tally,
    failures,
    ...verdict,
    elapsedMs: performance.now() - started,
    ...(keep ? { database: dbFile } : {}),
    ok,
  };
}

function argsFrom(argv: readonly string[]): CrashTestOptions {
  const value = (name: string, fallback: number) => wholeNumberOption(argv, name, fallback);
  return { cycles: value('cycles', 20), seed: value('seed', 1), keep: argv.includes('--keep') };
}

function printReport(r: CrashReport): void {
  const seconds = (r.elapsedMs / 1000).toFixed(1);
  console.log(
    [
      '',
      `Crash test, seed ${r.seed}: ${r.cycles} cycles in ${seconds} s (${(r.elapsedMs / 1000 / Math.max(1, r.cycles)).toFixed(1)} s per cycle)`,
      `  submissions sent          ${r.submissions}`,
      `  acknowledged              ${r.acknowledged}`,
      `  retried (same key)        ${r.retried}`,
      `  unanswered at the kill    ${r.unansweredAtKill} (${r.committedBeforeKill} already committed, answered as replays)`,
      `  kills with requests in flight  ${r.midBurstKills} of ${r.cycles}`,
      `  lost                      ${r.lost}`,
      `  duplicated                ${r.duplicated}`,
      `  answers differing         ${r.mismatched}`,
      `  integrity_check           ${r.integrity}`,
      `  reports read after restarts  ${r.reportsRead}`,
      ...(r.database ? [`  database kept at          ${r.database}`] : []),
      ...r.failures.slice(0, 20).map((f) => `  FAILURE: ${f}`),
      r.ok ? 'OK: nothing lost, nothing duplicated.' : 'FAILED',
    ].join('\n'),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await runCrashTest({ ...argsFrom(process.argv.slice(2)), log: console.log });
  printReport(report);
  process.exitCode = report.ok ? 0 : 1;
}
