/**
 * Fresh databases for the load scripts and their tests: a demo installation (its units, courses
 * and logins, password DEMO_PASSWORD) in a SQLite file of a temp dir, or in a new PostgreSQL
 * database made beside the one an admin URL names and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { builtInRegistry } from '../../instruments';
import { initialiseDatabase } from '../../server/services/setup-service';
import { migrateToLatest, openDatabase } from '../../server/storage/database';
import type { ServerDatabase } from '../server-process';

export interface ScratchDatabase {
  database: ServerDatabase;
  /** Where it is, for the report (never a password). */
  describe: string;
  drop(): Promise<void>;
}

async function adminQuery(adminUrl: string, query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** A new, empty database: a file in a temp dir, or `load_<random>` on the PostgreSQL server. */
export async function scratchDatabase(adminUrl?: string): Promise<ScratchDatabase> {
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kor-load-'));
    const file = path.join(dir, 'kor.sqlite');
    return {
      database: file,
      describe: `SQLite ${file}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `load_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    database: { url: url.toString() },
    describe: `PostgreSQL database ${name} on ${url.host}`,
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Migrates the database and fills it with the demo installation, as KOR_DEMO=1 would. */
export async function fillDemo(database: ServerDatabase): Promise<void> {
  const db = openDatabase(
    typeof database === 'string'
      ? { kind: 'sqlite', file: database }
      : { kind: 'postgres', url: database.url },
  );
  try {
    await migrateToLatest(db);
    await initialiseDatabase(db, { demo: true, now: new Date(), registry: builtInRegistry() });
  } finally {
    await db.destroy();
  }
}
