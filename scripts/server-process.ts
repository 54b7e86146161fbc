/**
 * The real server as a child process: `node --import tsx server/main.ts` on loopback, on a free
 * port, over one SQLite file or a PostgreSQL database. One process (no tsx wrapper), so SIGKILL
 * hits the server itself and its memory is the server's own. Used by the crash test, the
 * benchmark, the load script and the tests that need a real process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;
/** Lines of the child's output kept to explain a failed start. */
const TAIL_LINES = 40;

export interface ServerProcess {
  /** http://127.0.0.1:port */
  base: string;
  child: ChildProcess;
  /** Resolves when the process has exited, with its exit code or signal. */
  exited: Promise<string>;
  /** The last lines the server wrote (never request bodies: the logger does not log them). */
  tail(): string;
}

/** A port the kernel reports free on loopback now (the server gets it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Where the child keeps its data: a SQLite file (a path) or a PostgreSQL URL. */
export type ServerDatabase = string | { url: string };

/** The environment of the child: this one, without anything that would point it elsewhere. */
function childEnv(
  database: ServerDatabase,
  port: number,
  extra: Record<string, string>,
): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('KOR_') || name === 'DATABASE_URL') delete env[name];
  }
  const where =
    typeof database === 'string' ? { KOR_DB: database } : { DATABASE_URL: database.url };
  return { ...env, ...where, KOR_DEMO: '0', HOST, PORT: String(port), ...extra };
}

/** How startServer runs the child, besides its environment. */
export interface StartOptions {
  /** Every chunk the child writes to stdout or stderr, from its first (tail() keeps only the end). */
  onOutput?: (text: string) => void;
}

function spawnServer(
  database: ServerDatabase,
  port: number,
  extra: Record<string, string>,
  options: StartOptions,
): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: childEnv(database, port, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    options.onOutput?.(chunk.toString('utf8'));
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - TAIL_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)),
  );
  return { base: `http://${HOST}:${port}`, child, exited, tail: () => lines.join('\n') };
}

async function healthy(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts the server and waits until /api/v1/health answers; a port taken meanwhile is retried.
 * `env` adds to (or overrides) the child's environment, e.g. `{ KOR_DEMO: '1' }`.
 */
export async function startServer(
  database: ServerDatabase,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const server = spawnServer(database, await freePort(), env, options);
    let gone: string | undefined;
    void server.exited.then((how) => {
      gone = how;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (gone === undefined && Date.now() < deadline) {
      if (await healthy(server.base)) return server;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (gone === undefined) await stopServer(server, 'SIGKILL');
    if (attempt < 3 && /already in use/.test(server.tail())) continue;
    throw new Error(`The server did not start (${gone ?? 'timed out'}):\n${server.tail()}`);
  }
}

/** Sends the signal and waits for the process to be gone. */
export async function stopServer(
  server: ServerProcess,
  signal: 'SIGKILL' | 'SIGTERM',
): Promise<string> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}

/** SIGTERM, so in-flight requests finish and the database closes; SIGKILL if that takes too long. */
export async function stopGracefully(server: ServerProcess, withinMs = 15_000): Promise<string> {
  const timer = setTimeout(() => server.child.kill('SIGKILL'), withinMs);
  try {
    return await stopServer(server, 'SIGTERM');
  } finally {
    clearTimeout(timer);
  }
}
