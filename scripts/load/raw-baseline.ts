/**
 * The bare driver on the server's own database, after the server has stopped: how many responses
 * a run stored (read back to prove the acknowledgements were real), and the baseline the submit
 * throughput is compared with — the same rows inserted again with better-sqlite3 (WAL,
 * synchronous=FULL, the server's own pragmas) or `pg`, one row per transaction as the server
 * commits one response per request, into a scratch copy of `responses` with its columns,
 * constraints and indexes. This is the one place where the scripts speak SQL: the baseline is the
 * raw driver by definition.
 */
import pg from 'pg';
import { openSqlite } from '../../server/storage/database';
import type { ServerDatabase } from '../server-process';

const SCRATCH = 'load_raw_responses';
const COLUMNS = [
  'id',
  'course_id',
  'unit_id',
  'form_session_id',
  'instrument_id',
  'instrument_version',
  'answers',
  'language',
  'respondent',
  'entered_by',
  'answered_at',
  'score_status',
  'score',
  'scorer_version',
  'idempotency_key',
  'request_hash',
  'created_at',
] as const;

export interface RawInsert {
  rows: number;
  perSecond: number;
  driver: 'better-sqlite3' | 'pg';
}

/** Keys made by the scripts are letters, digits and '-', so LIKE sees no wildcard in them. */
const likePrefix = (keyPrefix: string) => {
  if (!/^[A-Za-z0-9-]+$/.test(keyPrefix)) throw new Error(`bad key prefix ${keyPrefix}`);
  return `${keyPrefix}%`;
};

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The Idempotency-Keys of the responses stored under keys that start with `keyPrefix`. */
export async function storedResponseKeys(
  database: ServerDatabase,
  keyPrefix: string,
): Promise<string[]> {
  const query = 'SELECT idempotency_key AS k FROM responses WHERE idempotency_key LIKE $1';
  if (typeof database !== 'string')
    return withPg(database.url, async (c) =>
      (await c.query(query, [likePrefix(keyPrefix)])).rows.map((r: { k: string }) => r.k),
    );
  const sqlite = openSqlite(database);
  try {
    const rows = sqlite.prepare(query.replace('$1', '?')).all(likePrefix(keyPrefix));
    return (rows as { k: string }[]).map((r) => r.k);
  } finally {
    sqlite.close();
  }
}

function sqliteBaseline(file: string, keyPrefix: string): RawInsert {
  const sqlite = openSqlite(file);
  try {
    const ddl = sqlite
      .prepare(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'responses' AND sql IS NOT NULL ORDER BY type DESC",
      )
      .all() as { sql: string }[];
    sqlite.exec(`DROP TABLE IF EXISTS ${SCRATCH}`);
    // "responses" → "load_raw_responses", "responses_course" → "load_raw_responses_course", …
    for (const { sql } of ddl) sqlite.exec(sql.replace(/"responses(_\w*)?"/g, `"${SCRATCH}$1"`));
    const rows = sqlite
      .prepare(
        `SELECT ${COLUMNS.join(', ')} FROM responses WHERE idempotency_key LIKE ? ORDER BY created_at`,
      )
      .all(likePrefix(keyPrefix)) as Record<string, unknown>[];
    const insert = sqlite.prepare(
      `INSERT INTO ${SCRATCH} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    const started = performance.now();
    // Autocommit: each statement is its own transaction, committed (and fsynced) on its own.
    for (const row of rows) insert.run(row);
    const seconds = (performance.now() - started) / 1000;
    sqlite.exec(`DROP TABLE ${SCRATCH}`);
    return { rows: rows.length, perSecond: rows.length / seconds, driver: 'better-sqlite3' };
  } finally {
    sqlite.close();
  }
}

async function pgBaseline(url: string, keyPrefix: string): Promise<RawInsert> {
  return withPg(url, async (client) => {
    await client.query(`DROP TABLE IF EXISTS ${SCRATCH}`);
    await client.query(`CREATE TABLE ${SCRATCH} (LIKE responses INCLUDING ALL)`);
    // LIKE copies columns, checks and indexes; the foreign keys are added as they are.
    const foreign = await client.query(
      "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'responses'::regclass AND contype = 'f'",
    );
    for (const { conname, def } of foreign.rows as { conname: string; def: string }[])
      await client.query(`ALTER TABLE ${SCRATCH} ADD CONSTRAINT ${SCRATCH}_${conname} ${def}`);
    const { rows } = await client.query(
      `SELECT ${COLUMNS.join(', ')} FROM responses WHERE idempotency_key LIKE $1 ORDER BY created_at`,
      [likePrefix(keyPrefix)],
    );
    const insert = `INSERT INTO ${SCRATCH} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
    const started = performance.now();
    // Autocommit: each statement is its own transaction, committed on its own.
    for (const row of rows as Record<string, unknown>[])
      await client.query(
        insert,
        COLUMNS.map((c) => row[c]),
      );
    const seconds = (performance.now() - started) / 1000;
    await client.query(`DROP TABLE ${SCRATCH}`);
    return { rows: rows.length, perSecond: rows.length / seconds, driver: 'pg' as const };
  });
}

/** Inserts copies of the rows stored under `keyPrefix`, one per transaction; rows per second. */
export async function rawInsertBaseline(
  database: ServerDatabase,
  keyPrefix: string,
): Promise<RawInsert> {
  return typeof database === 'string'
    ? sqliteBaseline(database, keyPrefix)
    : pgBaseline(database.url, keyPrefix);
}
