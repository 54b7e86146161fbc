/**
 * The submit budget of DESIGN.md ("Performance budgets"), measured on the real server process
 * over loopback: submissions — half patients' session-outcome forms (a home link exchanged for a
 * token beforehand), half therapists' GAF ratings, as in the crash test — at a fixed rate, open
 * loop; then throughput in a closed loop; then the same rows inserted with the bare driver as the
 * baseline of the ratio. The responses stored are read back: exactly the acknowledged ones.
 * Set-up through the API (logins, links, exchanges) is never measured.
 */
import { randomBytes } from 'node:crypto';
import { prng, type Random } from '../../server/services/synthetic-shape';
import { type Client, login, newSubmission, type Submission } from '../crash-test/traffic';
import { type ServerDatabase, startServer, stopGracefully } from '../server-process';
import { type LatencyFigures, latencyFigures, rssMb, sampleMemory } from './figures';
import { countErrors, type Outcome, runClosedLoop, runOpenLoop } from './open-loop';
import { rawInsertBaseline, storedResponseKeys } from './raw-baseline';
import { preparePatients, submitOnce, visibleCourses } from './workload';

export type { LatencyFigures } from './figures';

export interface SubmitBenchOptions {
  database: ServerDatabase;
  login: { email: string; password: string };
  /** Submissions per second of the fixed-rate part, for `seconds`. */
  rate: number;
  seconds: number;
  seed: number;
  /** The closed-loop throughput part: seconds measured (default 3) and concurrency (default 8). */
  throughputSeconds?: number;
  concurrency?: number;
  /** Progress lines (set-up, phases). */
  log?: (line: string) => void;
}

export interface SubmitBenchResult {
  fixedRate: {
    rate: number;
    seconds: number;
    sent: number;
    ok: number;
    errors: Record<string, number>;
    latency: LatencyFigures;
    achievedRate: number;
  };
  /**
   * The same-run baseline of the fixed-rate part: GET /health — no database, no work — sent at
   * the same rate for the same time by the same client. What the machine and the harness cost
   * whatever the route does; the submit percentiles are read against it.
   */
  healthAtRate: { sent: number; ok: number; latency: LatencyFigures };
  /** fixedRate.latency.p99 / healthAtRate.latency.p99 */
  p99ToHealthP99: number;
  throughput: {
    concurrency: number;
    seconds: number;
    ok: number;
    perSecond: number;
    errors: Record<string, number>;
  };
  rawInsert: { rows: number; perSecond: number; driver: 'better-sqlite3' | 'pg' };
  /** throughput.perSecond / rawInsert.perSecond */
  ratio: number;
  /** RSS of the child server process, MB. */
  serverMemoryMb: { start: number; peak: number; end: number };
  /** Responses read back from the database after the run (= every acknowledged submission). */
  stored: number;
}

/** Submissions sent before the measured parts (stored too, and counted in `stored`). */
export const WARM_UP = 40;
const MEMORY_SAMPLE_MS = 250;
/** How long to wait for a backlog to drain, and an answer that says it has. */
const DRAIN_MS = 120_000;
const PROMPT_MS = 50;
/** Closed-loop batches: each is prepared (unmeasured), then sent; sized to about one second. */
const BATCH = { first: 50, min: 50, max: 5000 } as const;

interface Run {
  staff: Client;
  random: Random;
  courseIds: string[];
  keyPrefix: string;
  /** Every submission sent, and the keys of those that got no answer (timed out). */
  sent: Submission[];
  unanswered: Set<string>;
}

function makeSubmissions(run: Run, label: string, count: number): Submission[] {
  const made = Array.from({ length: count }, (_, i) =>
    newSubmission(run.random, `${run.keyPrefix}${label}${i}`, run.courseIds, 0),
  );
  run.sent.push(...made);
  return made;
}

async function sendAll(run: Run, submissions: Submission[], concurrency: number) {
  const result = await runClosedLoop({
    concurrency,
    count: submissions.length,
    operation: (i) => submit(run, submissions[i]),
  });
  return result;
}

async function submit(run: Run, submission: Submission | undefined): Promise<Outcome> {
  if (!submission) return { kind: 'none', error: 'no submission planned' };
  const outcome = await submitOnce(run.staff, submission);
  if (outcome.error?.endsWith('unanswered')) run.unanswered.add(submission.key);
  return outcome;
}

async function fixedRate(run: Run, rate: number, seconds: number) {
  const submissions = makeSubmissions(run, 'f', Math.max(1, Math.round(rate * seconds)));
  await preparePatients(run.staff, submissions);
  const result = await runOpenLoop({
    rate,
    count: submissions.length,
    operation: (i) => submit(run, submissions[i]),
  });
  return {
    rate,
    seconds,
    sent: result.sent,
    ok: result.samples.filter((s) => !s.error).length,
    errors: countErrors(result.samples),
    latency: latencyFigures(result.samples.map((s) => s.ms)),
    achievedRate: Math.round(result.achievedRate * 10) / 10,
  };
}

async function healthAtRate(base: string, rate: number, seconds: number) {
  const result = await runOpenLoop({
    rate,
    count: Math.max(1, Math.round(rate * seconds)),
    operation: async () => {
      try {
        const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(DRAIN_MS) });
        await res.text();
        return res.ok ? { kind: 'health' } : { kind: 'health', error: `health ${res.status}` };
      } catch {
        return { kind: 'health', error: 'health unanswered' };
      }
    },
  });
  return {
    sent: result.sent,
    ok: result.samples.filter((s) => !s.error).length,
    latency: latencyFigures(result.samples.map((s) => s.ms)),
  };
}

/** Closed loop in batches until `seconds` have been measured; set-up between batches is not. */
async function throughput(run: Run, seconds: number, concurrency: number) {
  let measured = 0;
  let batch: number = BATCH.first;
  const outcomes: Outcome[] = [];
  for (let round = 0; measured < seconds; round++) {
    const submissions = makeSubmissions(run, `t${round}-`, batch);
    await preparePatients(run.staff, submissions);
    const result = await sendAll(run, submissions, concurrency);
    measured += result.seconds;
    outcomes.push(...result.outcomes);
    const perSecond = result.outcomes.length / result.seconds;
    batch = Math.min(BATCH.max, Math.max(BATCH.min, Math.ceil(perSecond * (seconds - measured))));
  }
  const ok = outcomes.filter((o) => !o.error).length;
  return {
    concurrency,
    seconds: Math.round(measured * 100) / 100,
    ok,
    perSecond: Math.round((ok / measured) * 10) / 10,
    errors: countErrors(outcomes),
  };
}

/**
 * The acknowledgements were real: every acknowledged submission is stored, and nothing else is —
 * except perhaps a submission that timed out unanswered, which the server may still commit.
 */
async function checkStored(database: ServerDatabase, run: Run): Promise<number> {
  const stored = new Set(await storedResponseKeys(database, run.keyPrefix));
  const acknowledged = new Set(run.sent.filter((s) => s.ackId !== undefined).map((s) => s.key));
  const lost = [...acknowledged].filter((key) => !stored.has(key)).length;
  const extra = [...stored].filter((key) => !acknowledged.has(key) && !run.unanswered.has(key));
  if (lost > 0 || extra.length > 0)
    throw new Error(
      `benchSubmit: ${acknowledged.size} submissions were acknowledged and ${stored.size} responses are stored: ${lost} acknowledged but not stored, ${extra.length} stored but not acknowledged`,
    );
  return stored.size;
}

/**
 * Requests the client gave up on are still being served: waits until the server answers its
 * health check promptly again, so the backlog of one phase does not fall on the next.
 */
async function drain(base: string): Promise<void> {
  const deadline = Date.now() + DRAIN_MS;
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(DRAIN_MS) });
      await res.text();
      if (performance.now() - started < PROMPT_MS) return;
    } catch {
      // Still busy: ask again.
    }
  }
}

function checkOptions(o: SubmitBenchOptions): void {
  const positive = { rate: o.rate, seconds: o.seconds, throughputSeconds: o.throughputSeconds };
  for (const [name, value] of Object.entries(positive))
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      throw new Error(`benchSubmit: ${name} must be a positive number, got ${value}`);
  const concurrency = o.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(`benchSubmit: concurrency must be a whole number ≥ 1, got ${concurrency}`);
}

export async function benchSubmit(options: SubmitBenchOptions): Promise<SubmitBenchResult> {
  checkOptions(options);
  const log = options.log ?? (() => {});
  const keyPrefix = `bench-${randomBytes(4).toString('hex')}-`;
  const server = await startServer(options.database);
  const pid = server.child.pid;
  const memory = sampleMemory(pid, MEMORY_SAMPLE_MS);
  const start = rssMb(pid);
  let measured: Pick<SubmitBenchResult, 'fixedRate' | 'throughput' | 'healthAtRate'>;
  let run: Run;
  let end: number;
  try {
    const staff = await login(server.base, options.login.email, options.login.password);
    const courseIds = (await visibleCourses(staff)).map((c) => c.id);
    if (courseIds.length === 0)
      throw new Error(`benchSubmit: ${options.login.email} sees no active course`);
    run = {
      staff,
      random: prng(options.seed),
      courseIds,
      keyPrefix,
      sent: [],
      unanswered: new Set(),
    };
    log(`submit bench: ${courseIds.length} courses; warm-up, then ${options.rate}/s`);
    const warmUp = makeSubmissions(run, 'w', WARM_UP);
    await preparePatients(staff, warmUp);
    await sendAll(run, warmUp, 4);
    const health = await healthAtRate(server.base, options.rate, options.seconds);
    const fixed = await fixedRate(run, options.rate, options.seconds);
    await drain(server.base);
    log(`submit bench: fixed rate done (p99 ${fixed.latency.p99} ms); throughput`);
    const closed = await throughput(run, options.throughputSeconds ?? 3, options.concurrency ?? 8);
    measured = { fixedRate: fixed, throughput: closed, healthAtRate: health };
    end = rssMb(pid);
  } finally {
    memory.stop();
    await stopGracefully(server);
  }
  const stored = await checkStored(options.database, run);
  log(`submit bench: ${stored} responses stored; raw insert baseline`);
  const rawInsert = await rawInsertBaseline(options.database, keyPrefix);
  return {
    ...measured,
    rawInsert: { ...rawInsert, perSecond: Math.round(rawInsert.perSecond * 10) / 10 },
    ratio: Math.round((measured.throughput.perSecond / rawInsert.perSecond) * 1000) / 1000,
    p99ToHealthP99:
      Math.round((measured.fixedRate.latency.p99 / measured.healthAtRate.latency.p99) * 10) / 10,
    serverMemoryMb: { start, peak: memory.peak(), end },
    stored,
  };
}
