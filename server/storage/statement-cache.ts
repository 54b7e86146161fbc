/**
 * Prepared statements kept for reuse on the one SQLite connection. Kysely's SQLite driver asks
 * for a fresh statement for every query; preparing one costs more than running most of KOR's
 * queries (a submit prepares about twenty), and it blocks the event loop like any better-sqlite3
 * call. The SQL text is the key: Kysely compiles the same query to the same text with `?`
 * placeholders, so a few hundred statements cover every query KOR makes.
 *
 * Reuse is safe on one connection: better-sqlite3 runs a statement to completion in `all()` and
 * `run()`, and a streamed query holds Kysely's single connection until its iterator ends, so
 * no other query (the same one included) runs while a statement is being iterated.
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept; the least recently used is dropped beyond this. */
export const STATEMENT_CACHE_SIZE = 500;

export function withStatementCache(
  sqlite: SQLite.Database,
  size: number = STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached) {
        // Map keeps insertion order: re-inserting makes this the most recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > size) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
}
