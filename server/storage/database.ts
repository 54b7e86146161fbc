/**
 * Opens the database — embedded SQLite by default, PostgreSQL for a health region — and migrates
 * it. The same Kysely code runs on both.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../../migrations';
import type { Schema } from './schema';
import { withStatementCache } from './statement-cache';

export type Database = Kysely<Schema>;

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** The database cannot give the durability KOR promises; KOR refuses to start on it. */
export class DatabaseSetupError extends Error {}

const SYNCHRONOUS_FULL = 2;

/** True for the private databases SQLite keeps in memory (the tests' databases). */
function inMemory(file: string): boolean {
  return file === ':memory:' || file === '';
}

export function openSqlite(file: string): SQLite.Database {
  if (!inMemory(file)) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  try {
    // WAL with synchronous=FULL: an acknowledged write survives a crash or power loss.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    assertDurable(sqlite, file);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

/**
 * Reads the pragmas back: SQLite answers a journal mode it cannot use (a read-only file, a file
 * system without shared memory such as some network shares) by keeping the old one, silently.
 * A database in memory cannot be WAL and needs no crash safety; it is the tests' database.
 */
export function assertDurable(sqlite: SQLite.Database, file: string): void {
  const journal = String(sqlite.pragma('journal_mode', { simple: true }));
  if (!inMemory(file) && journal !== 'wal') {
    throw new DatabaseSetupError(
      `KOR cannot use ${file}: SQLite kept journal_mode=${journal} instead of WAL. KOR needs ` +
        `write-ahead logging so that an acknowledged answer survives a crash. Put the database ` +
        `in a writable directory on a local disk (not a network share), where SQLite can create ` +
        `${path.basename(file)}-wal and ${path.basename(file)}-shm beside it.`,
    );
  }
  const synchronous = Number(sqlite.pragma('synchronous', { simple: true }));
  if (synchronous < SYNCHRONOUS_FULL) {
    throw new DatabaseSetupError(
      `KOR cannot use ${file}: SQLite runs with synchronous=${synchronous}, not FULL (2); ` +
        'a crash could lose acknowledged answers.',
    );
  }
}

/** PostgreSQL's settings that decide whether an acknowledged COMMIT survives a crash. */
export interface PostgresDurability {
  fsync: string;
  synchronous_commit: string;
  full_page_writes: string;
}

/**
 * What is wrong with these settings, one sentence each naming the setting and the fix; empty
 * when they are safe. synchronous_commit may be on, local, remote_write or remote_apply (all
 * flush the local WAL before COMMIT returns); only off acknowledges before the flush.
 */
export function postgresDurabilityProblems(settings: PostgresDurability): string[] {
  const problems: string[] = [];
  if (settings.fsync !== 'on')
    problems.push(
      `fsync=${settings.fsync}: a crash or power loss can corrupt the database. Set fsync = on ` +
        'in postgresql.conf and reload PostgreSQL (SELECT pg_reload_conf()).',
    );
  if (settings.full_page_writes !== 'on')
    problems.push(
      `full_page_writes=${settings.full_page_writes}: a power loss can leave torn pages that ` +
        'recovery cannot repair. Set full_page_writes = on in postgresql.conf and reload PostgreSQL.',
    );
  if (settings.synchronous_commit === 'off')
    problems.push(
      'synchronous_commit=off: PostgreSQL acknowledges a COMMIT before it is on disk, so a crash ' +
        'could lose answers KOR has already confirmed. Set it back to on: remove it from ' +
        'postgresql.conf, or run ALTER DATABASE <db> RESET synchronous_commit and ' +
        'ALTER ROLE <user> RESET synchronous_commit (and drop it from the connection URL or ' +
        'PGOPTIONS if it is set there).',
    );
  return problems;
}

/**
 * Reads PostgreSQL's durability settings back, as KOR's own connections see them (database and
 * role settings included), and refuses a database that could lose acknowledged answers — the
 * counterpart of the WAL and synchronous=FULL check on SQLite, which openSqlite does itself.
 */
export async function assertDurableDatabase(db: Database, target: DatabaseTarget): Promise<void> {
  if (target.kind !== 'postgres') return;
  const { rows } = await sql<PostgresDurability>`
    SELECT current_setting('fsync') AS fsync,
           current_setting('synchronous_commit') AS synchronous_commit,
           current_setting('full_page_writes') AS full_page_writes`.execute(db);
  const settings = rows[0];
  if (!settings) throw new DatabaseSetupError('KOR could not read the PostgreSQL settings.');
  const problems = postgresDurabilityProblems(settings);
  if (problems.length > 0)
    throw new DatabaseSetupError(
      `KOR refuses to start on this PostgreSQL database:\n  ${problems.join('\n  ')}`,
    );
}

export function openDatabase(target: DatabaseTarget): Database {
  if (target.kind === 'postgres') {
    return new Kysely<Schema>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: target.url, max: 10 }),
      }),
    });
  }
  return new Kysely<Schema>({
    dialect: new SqliteDialect({ database: withStatementCache(openSqlite(target.file)) }),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `Database migration ${failed?.migrationName ?? ''} failed: ${String(error ?? 'unknown error')}`,
    );
  }
  return (results ?? []).map((r) => r.migrationName);
}
