/**
 * One bounded load run (`npm run load`): the mix of scripts/load/mix.ts at a constant rate, open
 * loop, against a server on loopback — our own child on a fresh demo database, or one already
 * running — with its memory sampled while it runs (only when its process is known).
 */
import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD } from '../../server/services/demo-service';
import { login } from '../crash-test/traffic';
import { type ServerProcess, startServer, stopGracefully } from '../server-process';
import { fillDemo, scratchDatabase } from './demo-database';
import { type LatencyFigures, latencyFigures, memoryGrowth, sampleMemory } from './figures';
import { MIX_KINDS, mixOperation, prepareMix } from './mix';
import { countErrors, runOpenLoop } from './open-loop';

export const DEMO_LOGIN = 'demo-terapeut@kor.example';
/** Patient submissions' worth of tokens made before the run. */
const TOKENS_IN_HAND_SECONDS = 5;

export type LoadTarget =
  | { kind: 'own'; databaseUrl?: string }
  | { kind: 'running'; url: string; email: string; password: string; pid?: number };

export interface LoadOptions {
  target: LoadTarget;
  rate: number;
  seconds: number;
  seed: number;
  soak: boolean;
  sampleSeconds: number;
  /** A line per memory sample and per phase. */
  log: (line: string) => void;
}

export interface LoadReport {
  startedAt: string;
  target: string;
  rate: number;
  seconds: number;
  sent: number;
  answered: number;
  achievedRate: number;
  errors: Record<string, number>;
  errorCount: number;
  overall: LatencyFigures;
  perKind: Record<string, LatencyFigures & { errors: number }>;
  memory:
    | { known: false; why: string }
    | {
        known: true;
        startMb: number;
        peakMb: number;
        endMb: number;
        samples: { seconds: number; mb: number }[];
        growth?: { fromSeconds: number; mb: number; mbPerHour: number; samples: number };
      };
}

interface Server {
  base: string;
  email: string;
  password: string;
  pid?: number;
  describe: string;
  stop(): Promise<void>;
}

async function ownServer(databaseUrl: string | undefined, log: LoadOptions['log']) {
  const scratch = await scratchDatabase(databaseUrl);
  let server: ServerProcess;
  try {
    log(`load: a fresh demo database (${scratch.describe})`);
    await fillDemo(scratch.database);
    server = await startServer(scratch.database);
  } catch (error) {
    await scratch.drop();
    throw error;
  }
  return {
    base: server.base,
    email: DEMO_LOGIN,
    password: DEMO_PASSWORD,
    pid: server.child.pid,
    describe: `own server, ${scratch.describe}`,
    async stop() {
      await stopGracefully(server);
      await scratch.drop();
    },
  } satisfies Server;
}

function runningServer(target: Extract<LoadTarget, { kind: 'running' }>): Server {
  return {
    ...target,
    base: target.url.replace(/\/+$/, ''),
    describe: `running server ${target.url}`,
    stop: async () => {},
  };
}

function perKind(samples: { kind: string; ms: number; error?: string }[]) {
  return Object.fromEntries(
    MIX_KINDS.map((kind) => {
      const mine = samples.filter((s) => s.kind === kind);
      const ok = mine.filter((s) => !s.error).map((s) => s.ms);
      return [kind, { ...latencyFigures(ok), errors: mine.length - ok.length }];
    }),
  );
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { target, rate, seconds, log } = options;
  const server =
    target.kind === 'own' ? await ownServer(target.databaseUrl, log) : runningServer(target);
  try {
    const staff = await login(server.base, server.email, server.password);
    const mix = await prepareMix(staff, {
      seed: options.seed,
      keyPrefix: `load-${randomBytes(4).toString('hex')}-`,
      tokensInHand: Math.max(10, Math.ceil((rate / MIX_KINDS.length) * TOKENS_IN_HAND_SECONDS)),
    });
    log(`load: ${mix.courseIds.length} courses; ${rate} requests/s for ${seconds} s`);
    const memory = sampleMemory(server.pid, options.sampleSeconds * 1000, (s) => {
      if (options.soak) log(`  ${s.seconds.toFixed(0).padStart(6)} s  RSS ${s.mb.toFixed(1)} MB`);
    });
    const startedAt = new Date().toISOString();
    const run = await runOpenLoop({
      rate,
      count: Math.round(rate * seconds),
      operation: (i) => mixOperation(mix, i),
    }).finally(() => memory.stop());
    const errors = countErrors(run.samples);
    const fromSeconds = seconds >= 120 ? 60 : seconds / 4;
    return {
      startedAt,
      target: server.describe,
      rate,
      seconds,
      sent: run.sent,
      answered: run.samples.length,
      achievedRate: Math.round(run.achievedRate * 10) / 10,
      errors,
      errorCount: Object.values(errors).reduce((sum, n) => sum + n, 0),
      overall: latencyFigures(run.samples.filter((s) => !s.error).map((s) => s.ms)),
      perKind: perKind(run.samples),
      memory:
        memory.samples.length === 0
          ? {
              known: false,
              why:
                target.kind === 'running'
                  ? 'the server is not our child: give --pid to read its memory'
                  : 'its memory cannot be read here (/proc)',
            }
          : {
              known: true,
              startMb: memory.samples[0]?.mb ?? Number.NaN,
              peakMb: memory.peak(),
              endMb: memory.samples[memory.samples.length - 1]?.mb ?? Number.NaN,
              samples: memory.samples,
              ...(options.soak
                ? { growth: { fromSeconds, ...memoryGrowth(memory.samples, fromSeconds) } }
                : {}),
            },
    };
  } finally {
    await server.stop();
  }
}
