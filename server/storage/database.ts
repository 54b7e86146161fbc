/**
 * Opens the database — embedded SQLite by default, PostgreSQL for a health region — and migrates
 * it. The same Kysely code runs on both.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrations } from '../../migrations';
import type { Schema } from './schema';

export type Database = Kysely<Schema>;

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL with synchronous=FULL: an acknowledged write survives a crash or power loss.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function openDatabase(target: DatabaseTarget): Database {
  if (target.kind === 'postgres') {
    return new Kysely<Schema>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: target.url, max: 10 }),
      }),
    });
  }
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database: openSqlite(target.file) }) });
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
