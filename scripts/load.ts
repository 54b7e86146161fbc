/**
 * `npm run load`: a bounded load at a constant rate over loopback, open loop — therapists making
 * home links that patients exchange, patients' forms, therapists' ratings, caseload and trends
 * reads, a fifth each — reporting latency percentiles per kind, errors by status and the rate
 * achieved; `--soak` runs longer and reports the server's memory growth.
 *
 *   npm run load -- [--rate 50] [--seconds 60] [--seed 1]
 *   npm run load -- --soak [--minutes 10 | --seconds S] [--sample-seconds 10] [--rate 50]
 *   npm run load -- --url http://127.0.0.1:PORT --email E [--pid P]   (password: KOR_PASSWORD)
 *   npm run load -- --database-url postgres://…/postgres   (own server on a fresh load_ database)
 *
 * Without --url it starts its own server on a fresh demo database (SQLite in a temp dir, or a
 * new PostgreSQL database beside --database-url, dropped afterwards). Only loopback is ever
 * loaded. The report is printed and written to bench-results/load.json (or --out). Exits 1 when
 * any request failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type LoadOptions, type LoadReport, runLoad } from './load/load-run';
import { wholeNumberOption } from './script-args';

const LIMITS = { rate: 1000, seconds: 3600, minutes: 8 * 60 } as const;
const NUMBERS = ['rate', 'seconds', 'minutes', 'seed', 'pid', 'sample-seconds'] as const;
const STRINGS = ['url', 'email', 'database-url', 'out'] as const;
const FLAGS = ['soak'] as const;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

export interface LoadArgs extends Omit<LoadOptions, 'log'> {
  out: string;
}

function stringOption(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

/** Refuses anything it does not know, and any option out of bounds, naming it. */
function refuseUnknown(argv: readonly string[]): void {
  const known = new Set<string>([...NUMBERS, ...STRINGS, ...FLAGS].map((n) => `--${n}`));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!known.has(arg)) throw new Error(`load: unknown option ${arg}`);
    if (!(FLAGS as readonly string[]).includes(arg.slice(2))) i++;
  }
}

function bounded(argv: readonly string[], name: keyof typeof LIMITS, fallback: number): number {
  const value = wholeNumberOption(argv, name, fallback);
  if (value > LIMITS[name]) throw new Error(`--${name} is at most ${LIMITS[name]}, got ${value}`);
  return value;
}

function loopbackUrl(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error(`--url ${url} is not a URL`);
  }
  if (!LOOPBACK.has(host))
    throw new Error(
      `--url ${url}: the load script only loads a server on this machine's loopback ` +
        '(127.0.0.1, ::1 or localhost), never one others use',
    );
  return url;
}

function duration(argv: readonly string[], soak: boolean): number {
  const minutes = argv.includes('--minutes');
  if (minutes && argv.includes('--seconds'))
    throw new Error('load: give --minutes or --seconds, not both');
  if (minutes && !soak) throw new Error('load: --minutes is for --soak; use --seconds');
  if (minutes || (soak && !argv.includes('--seconds'))) return bounded(argv, 'minutes', 10) * 60;
  return bounded(argv, 'seconds', 60);
}

export function parseLoadArgs(argv: readonly string[], env: NodeJS.ProcessEnv): LoadArgs {
  refuseUnknown(argv);
  const soak = argv.includes('--soak');
  const url = stringOption(argv, 'url');
  const databaseUrl = stringOption(argv, 'database-url');
  if (url && databaseUrl) throw new Error('load: give --url or --database-url, not both');
  let target: LoadArgs['target'] = { kind: 'own', ...(databaseUrl ? { databaseUrl } : {}) };
  if (url) {
    loopbackUrl(url);
    const email = stringOption(argv, 'email');
    const password = env.KOR_PASSWORD;
    if (!email || !password)
      throw new Error('load: with --url give --email, and the password in KOR_PASSWORD');
    const pid = argv.includes('--pid') ? wholeNumberOption(argv, 'pid', 1) : undefined;
    target = { kind: 'running', url, email, password, pid };
  } else if (argv.includes('--email') || argv.includes('--pid')) {
    throw new Error('load: --email and --pid go with --url');
  }
  return {
    target,
    rate: bounded(argv, 'rate', 50),
    seconds: duration(argv, soak),
    seed: wholeNumberOption(argv, 'seed', 1),
    soak,
    sampleSeconds: wholeNumberOption(argv, 'sample-seconds', soak ? 10 : 1),
    out: stringOption(argv, 'out') ?? path.join('bench-results', 'load.json'),
  };
}

const row = (name: string, f: LoadReport['overall'] & { errors?: number }) =>
  `  ${name.padEnd(10)} ${String(f.n).padStart(7)} ${[f.p50, f.p95, f.p99, f.max]
    .map((ms) => ms.toFixed(1).padStart(8))
    .join('')}${f.errors ? `   ${f.errors} failed` : ''}`;

export function formatLoadReport(r: LoadReport, soak: boolean): string {
  const m = r.memory;
  const memory = !m.known
    ? [`  server memory: not known (${m.why})`]
    : [
        `  server RSS: ${m.startMb} MB at start, ${m.peakMb} MB peak, ${m.endMb} MB at the end`,
        ...(soak && m.growth
          ? [
              `  growth after ${m.growth.fromSeconds} s: ${m.growth.mb} MB over ${m.growth.samples} samples; least-squares ${m.growth.mbPerHour} MB/hour`,
            ]
          : []),
      ];
  return [
    '',
    `KOR ${soak ? 'soak' : 'load'}: ${r.rate} requests/s for ${r.seconds} s on ${r.target}`,
    `  sent ${r.sent}, answered ${r.answered}, achieved ${r.achievedRate}/s, ${r.errorCount} failed`,
    `  ${'kind'.padEnd(10)} ${'n'.padStart(7)} ${['p50', 'p95', 'p99', 'max'].map((h) => `${h} ms`.padStart(8)).join('')}`,
    ...Object.entries(r.perKind).map(([kind, f]) => row(kind, f)),
    row('all', r.overall),
    ...Object.entries(r.errors).map(([what, n]) => `  errors: ${what} × ${n}`),
    ...memory,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let args: LoadArgs;
  try {
    args = parseLoadArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const report = await runLoad({ ...args, log: console.log });
  console.log(formatLoadReport(report, args.soak));
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify({ soak: args.soak, ...report }, null, 2)}\n`);
  console.log(`  written to ${args.out}`);
  process.exitCode = report.errorCount > 0 ? 1 : 0;
}
