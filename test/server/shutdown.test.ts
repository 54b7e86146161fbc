/**
 * Graceful shutdown of the real server process: after SIGTERM every request already received is
 * answered, nothing is acknowledged that was not stored, the process exits 0, and SQLite is closed
 * cleanly (no WAL left to recover, integrity_check ok). The order of events is forced by the
 * protocol (100-continue, the server's own log line), never by waiting a while.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/server-process';
import { DEMO_PASSWORD } from '../../server/services/demo-service';

const ROOT = path.resolve(__dirname, '../..');
const HOST = '127.0.0.1';
const BURST = 30;
const HELD = 4;

/** `node --import tsx server/main.ts` (one process: the signal reaches the server itself). */
function startKor(file: string, port: number) {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (name.startsWith('KOR_') || name === 'DATABASE_URL') delete env[name];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...env, KOR_DB: file, KOR_DEMO: '1', HOST, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { match: string; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.filter((w) => line.includes(w.match))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    lines,
    /** Resolves with the first line the server wrote that contains `match`. */
    printed: (match: string) =>
      new Promise<string>((resolve, reject) => {
        const seen = lines.find((l) => l.includes(match));
        if (seen !== undefined) return resolve(seen);
        waiters.push({ match, resolve });
        void exited.then(() =>
          reject(new Error(`KOR exited before "${match}":\n${lines.join('\n')}`)),
        );
      }),
  };
}

/** One POST on its own connection, as each tablet has its own. */
function send(port: number, route: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: HOST, port, method: 'POST', path: route, agent: false, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

/**
 * A POST whose headers go first with `Expect: 100-continue`: `continued` resolves when the server
 * has read them (the request is in flight), `finish` sends the body and waits for the answer.
 */
function hold(port: number, route: string, headers: Record<string, string>) {
  // A keep-alive connection, as a browser's: the server must end it itself after the answer.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const req = request({
    host: HOST,
    port,
    method: 'POST',
    path: route,
    agent,
    headers: { ...headers, 'Transfer-Encoding': 'chunked', Expect: '100-continue' },
  });
  const answer = new Promise<{ status: number; connection: string | undefined }>(
    (resolve, reject) => {
      req.once('response', (res) => {
        res.resume();
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
        );
      });
      req.once('error', reject);
    },
  );
  req.flushHeaders();
  return {
    continued: new Promise<void>((resolve) => req.once('continue', resolve)),
    async finish(body: string) {
      req.end(body);
      return answer.finally(() => agent.destroy());
    },
  };
}

describe('graceful shutdown of the server process', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kor-shutdown-'));
  const file = path.join(dir, 'kor.sqlite');
  let kor: ReturnType<typeof startKor> | undefined;

  afterAll(() => {
    if (kor && kor.child.exitCode === null && kor.child.signalCode === null)
      kor.child.kill('SIGKILL');
  });

  it('answers the requests it received, stores each acknowledged one, and closes SQLite cleanly', async () => {
    const port = await freePort();
    const base = `http://${HOST}:${port}`;
    kor = startKor(file, port);
    await kor.printed('KOR is running at');
    const json = { 'Content-Type': 'application/json', Origin: base };

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'demo-terapeut@kor.example', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const caseload = await fetch(`${base}/api/v1/courses`, { headers: { Cookie: cookie } });
    const courseId: string = (await caseload.json()).courses[0].id;
    const headers = { ...json, Cookie: cookie };
    const route = `/api/v1/courses/${courseId}/responses`;
    const gaf = (n: number) =>
      JSON.stringify({
        instrument: 'gaf',
        answers: { symptom: 40 + (n % 20), function: 50 },
        language: 'nb',
      });

    // Requests the server is surely handling: it has read their headers (100 Continue) and
    // waits for their bodies, which are sent only after the shutdown has begun.
    const held = Array.from({ length: HELD }, (_, i) =>
      hold(port, route, { ...headers, 'Idempotency-Key': `shutdown-held-${i}` }),
    );
    await Promise.all(held.map((h) => h.continued));

    // A burst of submissions racing the signal, each on its own connection: some are answered
    // before it, some during the shutdown, the rest find the door shut (never received).
    const burst = Array.from({ length: BURST }, (_, i) => {
      const key = `shutdown-burst-${String(i).padStart(2, '0')}`;
      return send(port, route, { ...headers, 'Idempotency-Key': key }, gaf(i)).then(
        (answer) => ({ key, ...answer }),
        (error: NodeJS.ErrnoException) => ({ key, status: 0, body: String(error.code) }),
      );
    });
    await new Promise<void>((resolve) => {
      let answered = 0;
      for (const p of burst) void p.then((a) => a.status === 201 && ++answered === 10 && resolve());
    });
    kor.child.kill('SIGTERM');
    const stopping = JSON.parse(await kor.printed('"shutting down"'));
    expect(stopping.requests).toBeGreaterThanOrEqual(HELD);
    const heldAnswers = await Promise.all(held.map((h, i) => h.finish(gaf(100 + i))));
    expect(heldAnswers).toEqual(held.map(() => ({ status: 201, connection: 'close' })));
    const answered = await Promise.all(burst);
    expect(await kor.exited).toEqual({ code: 0, signal: null });
    expect(kor.lines.join('\n')).toContain('"stopped"');

    // Every answer is a success or no answer at all (a connection refused or reset before the
    // server read the request), never an error.
    expect(answered.filter((a) => a.status !== 0 && a.status !== 201)).toEqual([]);
    const shut = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE'];
    expect(answered.filter((a) => a.status === 0 && !shut.includes(a.body))).toEqual([]);
    const acknowledged = [
      ...held.map((_, i) => `shutdown-held-${i}`),
      ...answered.filter((a) => a.status === 201).map((a) => a.key),
    ].sort();

    // The last connection closed cleanly: SQLite folded the WAL into the file and removed it.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = new SQLite(file, { fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = db
        .prepare<[], { idempotency_key: string }>(
          "SELECT idempotency_key FROM responses WHERE idempotency_key LIKE 'shutdown-%'",
        )
        .all()
        .map((row) => row.idempotency_key)
        .sort();
      expect(new Set(stored).size).toBe(stored.length);
      expect(stored).toEqual(acknowledged);
    } finally {
      db.close();
    }
  }, 90_000);
});
