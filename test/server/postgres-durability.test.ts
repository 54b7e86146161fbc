/**
 * KOR refuses a PostgreSQL database that could lose an acknowledged answer (fsync, full-page
 * writes or synchronous commit off), as it refuses SQLite outside WAL with synchronous=FULL.
 * The settings are judged everywhere; on a real server (KOR_TEST_DATABASE_URL) a scratch
 * database with synchronous_commit=off is refused by the check, the server and the CLI.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopServer } from '../../scripts/server-process';
import {
  assertDurableDatabase,
  DatabaseSetupError,
  openDatabase,
  postgresDurabilityProblems,
} from '../../server/storage/database';

const safe = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' };

describe('PostgreSQL durability settings', () => {
  it.each(['on', 'local', 'remote_write', 'remote_apply'])(
    'accepts synchronous_commit=%s with fsync and full_page_writes on',
    (value) => {
      expect(postgresDurabilityProblems({ ...safe, synchronous_commit: value })).toEqual([]);
    },
  );

  it('names each unsafe setting and what to do about it', () => {
    expect(postgresDurabilityProblems({ ...safe, fsync: 'off' })).toEqual([
      expect.stringMatching(/^fsync=off: .*Set fsync = on in postgresql\.conf/),
    ]);
    expect(postgresDurabilityProblems({ ...safe, full_page_writes: 'off' })).toEqual([
      expect.stringMatching(/^full_page_writes=off: .*Set full_page_writes = on/),
    ]);
    expect(postgresDurabilityProblems({ ...safe, synchronous_commit: 'off' })).toEqual([
      expect.stringMatching(/^synchronous_commit=off: .*RESET synchronous_commit/),
    ]);
    expect(
      postgresDurabilityProblems({
        fsync: 'off',
        synchronous_commit: 'off',
        full_page_writes: 'off',
      }),
    ).toHaveLength(3);
  });
});

const adminUrl = process.env.KOR_TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('PostgreSQL durability on a real server', () => {
  const name = `hard_${randomBytes(6).toString('hex')}`;
  const url = new URL(adminUrl ?? 'postgres://localhost/');
  url.pathname = `/${name}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };

  beforeAll(() => admin(`CREATE DATABASE ${name}`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name}`));

  it('passes the server as it is configured', async () => {
    const db = openDatabase({ kind: 'postgres', url: adminUrl ?? '' });
    try {
      await expect(
        assertDurableDatabase(db, { kind: 'postgres', url: adminUrl ?? '' }),
      ).resolves.toBeUndefined();
    } finally {
      await db.destroy();
    }
  });

  it('refuses a database with synchronous_commit=off: the check, the server and the CLI', async () => {
    await admin(`ALTER DATABASE ${name} SET synchronous_commit = off`);
    const target = { kind: 'postgres' as const, url: url.toString() };
    const db = openDatabase(target);
    try {
      const refused = assertDurableDatabase(db, target);
      await expect(refused).rejects.toBeInstanceOf(DatabaseSetupError);
      await expect(refused).rejects.toThrow(/synchronous_commit=off/);
    } finally {
      await db.destroy();
    }

    const started = startServer({ url: url.toString() });
    await expect(started).rejects.toThrow(
      /exit code 1[\s\S]*refuses to start[\s\S]*synchronous_commit=off/,
    );
    // Nothing was created: it refused before migrating.
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const tables = await client.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await client.end();
    expect(tables.rows[0].n).toBe(0);

    const cli = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', 'migrate'],
      { env: { ...process.env, DATABASE_URL: url.toString() } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect('code' in cli && cli.code).toBe(1);
    expect(cli.stderr).toMatch(/synchronous_commit=off/);

    await admin(`ALTER DATABASE ${name} RESET synchronous_commit`);
    const server = await startServer({ url: url.toString() });
    await stopServer(server, 'SIGTERM');
  }, 90_000);
});
