/**
 * One crash cycle: bursts of concurrent submissions against the running server, SIGKILL at a
 * seeded moment while answers are coming back, a restart, and the outbox — every submission that
 * got no answer — sent again with the same key, as a tablet would.
 */
import type { Random } from '../../server/services/synthetic-shape';
import { type ServerProcess, startServer } from '../server-process';
import {
  type Client,
  newSubmission,
  preparePatient,
  type SendResult,
  type Submission,
  send,
} from './traffic';

/** What the cycles add up; the report prints it. */
export interface Tally {
  /** Distinct submissions sent (each its own Idempotency-Key). */
  submissions: number;
  acknowledged: number;
  /** Requests with a key already sent: racing twins, the outbox after a restart, replays. */
  retried: number;
  /** Submissions with no answer when the server was killed (the outbox). */
  unansweredAtKill: number;
  /** Of those, already committed before the kill: the re-send was answered as a replay. */
  committedBeforeKill: number;
  /** Cycles whose kill left requests in flight. */
  midBurstKills: number;
  /** Unexpected answers (anything but 2xx to a valid submission), one line each. */
  failures: string[];
}

export const emptyTally = (): Tally => ({
  submissions: 0,
  acknowledged: 0,
  retried: 0,
  unansweredAtKill: 0,
  committedBeforeKill: 0,
  midBurstKills: 0,
  failures: [],
});

export interface CycleContext {
  /** The running server; replaced by the restarted one as soon as it is up. */
  server: ServerProcess;
  random: Random;
  dbFile: string;
  keyPrefix: string;
  courseIds: readonly string[];
  tally: Tally;
  /** Every submission of the run, checked again after each cycle. */
  all: Submission[];
}

const BURSTS = { min: 1, max: 3 } as const;
const BURST_SIZE = { min: 8, max: 32 } as const;
const TWIN_SHARE = 0.2;
/** Acknowledged submissions of the cycle sent again after the restart: replays must match. */
const REPLAYS_AFTER_RESTART = 3;
const PREPARE_AT_ONCE = 8;
/**
 * The kill comes this many ms at most after the chosen answer: the server is then anywhere
 * between two commits (reading a request, in a transaction, in fsync, writing an answer).
 */
const KILL_DELAY_MS = 5;

const between = (random: Random, range: { min: number; max: number }) =>
  range.min + Math.floor(random() * (range.max - range.min + 1));

function planBursts(ctx: CycleContext, cycle: number): Submission[][] {
  let n = 0;
  return Array.from({ length: between(ctx.random, BURSTS) }, () =>
    Array.from({ length: between(ctx.random, BURST_SIZE) }, () =>
      newSubmission(ctx.random, `${ctx.keyPrefix}c${cycle}-n${n++}`, ctx.courseIds, TWIN_SHARE),
    ),
  );
}

function record(ctx: CycleContext, s: Submission, result: SendResult): void {
  if (result.retry) ctx.tally.retried++;
  if (result.outcome === 'refused') {
    ctx.tally.failures.push(`${s.key}: ${result.status} ${result.body}`);
  } else if (result.outcome === 'ack') {
    if (s.ackId === undefined) {
      s.ackId = result.id;
      ctx.tally.acknowledged++;
    } else if (s.ackId !== result.id) {
      ctx.tally.failures.push(`${s.key}: acknowledged as ${s.ackId}, then as ${result.id}`);
    }
  }
}

/** Sends the bursts one after another; SIGKILL after `killAfter` answers and `delayMs`. */
async function burstUntilKilled(
  ctx: CycleContext,
  server: ServerProcess,
  staff: Client,
  bursts: Submission[][],
  kill: { afterAnswers: number; delayMs: number },
): Promise<{ inFlightAtKill: number; sent: Submission[] }> {
  let started = 0;
  let settled = 0;
  let answered = 0;
  let inFlightAtKill: number | undefined;
  const killNow = () => {
    if (inFlightAtKill !== undefined) return;
    inFlightAtKill = started - settled;
    server.child.kill('SIGKILL');
  };
  const sent: Submission[] = [];
  for (const burst of bursts) {
    if (inFlightAtKill !== undefined) break;
    sent.push(...burst);
    const requests = burst.flatMap((s) => (s.twin ? [s, s] : [s]));
    await Promise.all(
      requests.map(async (s) => {
        started++;
        const result = await send(staff, s);
        settled++;
        record(ctx, s, result);
        if (result.outcome !== 'unanswered' && ++answered === kill.afterAnswers)
          setTimeout(killNow, kill.delayMs);
      }),
    );
  }
  killNow();
  await server.exited;
  return { inFlightAtKill: inFlightAtKill ?? 0, sent };
}

async function prepareTokens(staff: Client, bursts: Submission[][]): Promise<void> {
  const patients = bursts.flat().filter((s) => s.kind === 'patient');
  for (let at = 0; at < patients.length; at += PREPARE_AT_ONCE) {
    await Promise.all(
      patients.slice(at, at + PREPARE_AT_ONCE).map((s) => preparePatient(staff, s)),
    );
  }
}

/** The outbox after the restart: every submission without an answer, sent again at once. */
async function sendOutbox(ctx: CycleContext, staff: Client, outbox: Submission[]): Promise<void> {
  await Promise.all(
    outbox.map(async (s) => {
      const result = await send(staff, s);
      record(ctx, s, result);
      if (result.outcome === 'unanswered')
        ctx.tally.failures.push(`${s.key}: no answer after the restart (${result.error})`);
      if (result.outcome === 'ack' && result.status === 200) ctx.tally.committedBeforeKill++;
    }),
  );
}

/** A few submissions acknowledged before the kill, sent again: the same id, as a replay. */
async function replayAcknowledged(ctx: CycleContext, staff: Client, acknowledged: Submission[]) {
  for (let i = 0; i < REPLAYS_AFTER_RESTART && acknowledged.length > 0; i++) {
    const s = acknowledged[Math.floor(ctx.random() * acknowledged.length)];
    if (!s) continue;
    const result = await send(staff, s);
    record(ctx, s, result);
    if (result.outcome !== 'ack' || result.status !== 200)
      ctx.tally.failures.push(`${s.key}: a replay after the restart was not answered 200`);
  }
}

export interface CycleResult {
  sent: number;
  inFlightAtKill: number;
  outbox: number;
  restartMs: number;
}

/**
 * Runs one cycle on `ctx.server` (logged in as `staff`) and leaves the restarted server there.
 * `relogin` gives a staff session on the new server (the old one should survive the restart).
 */
export async function runCycle(
  ctx: CycleContext,
  cycle: number,
  staff: Client,
  relogin: (base: string) => Promise<Client>,
): Promise<CycleResult> {
  const bursts = planBursts(ctx, cycle);
  await prepareTokens(staff, bursts);
  const requests = bursts.flat().reduce((n, s) => n + (s.twin ? 2 : 1), 0);
  const kill = {
    afterAnswers: 1 + Math.floor(ctx.random() * Math.max(1, requests - 1)),
    delayMs: Math.floor(ctx.random() * (KILL_DELAY_MS + 1)),
  };
  const { inFlightAtKill, sent } = await burstUntilKilled(ctx, ctx.server, staff, bursts, kill);
  ctx.all.push(...sent);
  ctx.tally.submissions += sent.length;
  if (inFlightAtKill > 0) ctx.tally.midBurstKills++;
  const outbox = sent.filter((s) => s.ackId === undefined);
  const acknowledged = sent.filter((s) => s.ackId !== undefined);
  ctx.tally.unansweredAtKill += outbox.length;

  const restartStarted = performance.now();
  ctx.server = await startServer(ctx.dbFile);
  const restartMs = performance.now() - restartStarted;
  const after = await relogin(ctx.server.base);
  await sendOutbox(ctx, after, outbox);
  await replayAcknowledged(ctx, after, acknowledged);
  return { sent: sent.length, inFlightAtKill, outbox: outbox.length, restartMs };
}
