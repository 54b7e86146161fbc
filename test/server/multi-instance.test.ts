/**
 * Two real KOR processes on one PostgreSQL database, as a region runs them behind a load
 * balancer: both start at the same moment on an empty database (migrations and the demo seeding
 * happen once), and nothing a client relies on is kept in one process's
 * memory — a staff session, an Idempotency-Key and the count of wrong codes work across them.
 * Runs when KOR_TEST_DATABASE_URL points at a PostgreSQL server (.ci/run starts one).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  callOk,
  login,
  preparePatient,
  type Submission,
  send,
} from '../../scripts/crash-test/traffic';
import { type ServerProcess, startServer, stopServer } from '../../scripts/server-process';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/services/demo-service';
import { FORM_POLICY } from '../../server/services/form-service';

const adminUrl = process.env.KOR_TEST_DATABASE_URL;
const TITLE = 'two KOR instances on one PostgreSQL database';
const THERAPIST = 'demo-terapeut@kor.example';

async function query(url: string, text: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function count(url: string, text: string, values: unknown[] = []): Promise<number> {
  const [row] = (await query(url, text, values)) as { n: string }[];
  return Number(row?.n);
}

const on = (server: ServerProcess, client: Client): Client => ({ ...client, base: server.base });

async function me(server: ServerProcess, client: Client): Promise<number> {
  const res = await fetch(`${server.base}/api/v1/auth/me`, { headers: { Cookie: client.cookie } });
  await res.body?.cancel();
  return res.status;
}

async function exchangeWrongCode(server: ServerProcess, device: string): Promise<Response> {
  return fetch(`${server.base}/api/v1/patient/exchange`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // Six digits no demo form session has: no code is open in a new demo database.
    body: JSON.stringify({ code: '000000', device }),
  });
}

(adminUrl ? describe : describe.skip)(
  adminUrl ? TITLE : `${TITLE} (skipped: KOR_TEST_DATABASE_URL names no PostgreSQL server)`,
  () => {
    const name = `multi_${randomBytes(6).toString('hex')}`;
    const url = (() => {
      const u = new URL(adminUrl ?? 'postgres://unused');
      u.pathname = `/${name}`;
      return u.toString();
    })();
    const servers: ServerProcess[] = [];
    let started: PromiseSettledResult<ServerProcess>[] = [];
    /** The two servers, A and B; a test that needs them fails clearly when one did not start. */
    const both = (): [ServerProcess, ServerProcess] => {
      const [a, b] = servers;
      if (!a || !b) throw new Error('both servers must have started (see the first test)');
      return [a, b];
    };

    beforeAll(async () => {
      await query(adminUrl ?? '', `CREATE DATABASE ${name}`);
      // The same moment, the same empty database: both run migrations and the first-start set-up.
      const env = { KOR_DEMO: '1' };
      started = await Promise.allSettled([startServer({ url }, env), startServer({ url }, env)]);
      for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    }, 90_000);

    afterAll(async () => {
      await Promise.all(servers.map((s) => stopServer(s, 'SIGTERM')));
      await query(adminUrl ?? '', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }, 30_000);

    it('starts both on an empty database and sets it up once', async () => {
      const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      expect(failures).toEqual([]);
      const [a, b] = both();
      // Exactly one of them created the database and seeded the demo; the other found it done.
      const output = [a.tail(), b.tail()];
      expect(output.filter((o) => o.includes('A new database was created.'))).toHaveLength(1);
      expect(output.filter((o) => o.includes('DEMO DATA'))).toHaveLength(1);
      expect(await count(url, 'select count(*) as n from users where is_demo = 1')).toBe(
        DEMO_USERS.length,
      );
      expect(await count(url, 'select count(*) as n from organisations where is_demo = 1')).toBe(4);
      expect(await count(url, `select count(*) as n from patients where code like 'DEMO-%'`)).toBe(
        40,
      );
    });

    it('keeps a staff session valid on both: login on one, logout on the other', async () => {
      const [a, b] = both();
      const onA = await login(a.base, THERAPIST, DEMO_PASSWORD);
      expect(await me(b, onA)).toBe(200);
      const logout = await fetch(`${b.base}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { Cookie: onA.cookie, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(logout.status).toBe(204);
      expect(await me(a, onA)).toBe(401);
      expect(await me(b, onA)).toBe(401);
    });

    it('answers a submission retried on the other instance with the first result, stored once', async () => {
      const [a, b] = both();
      const staff = await login(a.base, THERAPIST, DEMO_PASSWORD);
      const { courses } = (await callOk(a.base, 'GET', '/courses?scope=mine', {
        Cookie: staff.cookie,
      })) as { courses: { id: string }[] };
      const courseId = courses[0]?.id ?? '';
      const key = (kind: string) => `multi-${kind}-${randomBytes(6).toString('hex')}`;
      const submissions: Submission[] = [
        {
          key: key('patient'),
          kind: 'patient',
          courseId,
          instrument: 'session-outcome',
          answers: { '1': 6.1, '2': 5.4, '3': 7, '4': 6.6 },
          twin: false,
          sends: 0,
        },
        {
          key: key('staff'),
          kind: 'staff',
          courseId,
          instrument: 'gaf',
          answers: { symptom: 55, function: 61 },
          twin: false,
          sends: 0,
        },
      ];
      for (const submission of submissions) {
        // The patient's home link is made and exchanged on A; its token then works on B too.
        if (submission.kind === 'patient') await preparePatient(staff, submission);
        const first = await send(staff, submission);
        const retried = await send(on(b, staff), submission);
        expect(first).toMatchObject({ outcome: 'ack', status: 201, retry: false });
        expect(retried).toMatchObject({ outcome: 'ack', status: 200, retry: true });
        expect(first.outcome === 'ack' && retried.outcome === 'ack' && retried.id).toBe(
          first.outcome === 'ack' && first.id,
        );
        expect(
          await count(url, 'select count(*) as n from responses where idempotency_key = $1', [
            submission.key,
          ]),
        ).toBe(1);
      }
    });

    it('adds up wrong codes sent to either instance towards one limit', async () => {
      const [a, b] = both();
      const device = `multi-device-${randomBytes(4).toString('hex')}`;
      // Three wrong codes on A and two on B: neither alone reaches the limit of five.
      const sent = Array.from({ length: FORM_POLICY.maxWrongCodes }, (_, i) =>
        i % 2 === 0 ? a : b,
      );
      for (const server of sent) expect((await exchangeWrongCode(server, device)).status).toBe(404);
      expect(sent.filter((s) => s === b).length).toBeLessThan(FORM_POLICY.maxWrongCodes);
      const refused = await exchangeWrongCode(b, device);
      await refused.body?.cancel();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('Retry-After')).toBe(
        String(FORM_POLICY.wrongCodeWindowMinutes * 60),
      );
    });
  },
);
