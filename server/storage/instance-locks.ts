/**
 * Coordination between KOR instances that share one PostgreSQL database (a region behind a load
 * balancer): PostgreSQL advisory locks, held by one pooled connection for the length of the work,
 * so a crashed instance's lock goes with its connection. On SQLite there is one instance on one
 * machine, and the work simply runs.
 *
 * The keys sit beside the audit log's (7_411_001, audit-repository.ts).
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Database } from './database';

export const INSTANCE_LOCK_KEYS = {
  /** Migrations, the first-start set-up (demo seeding) and the first administrator. */
  startup: 7_411_002,
  /** The background risk sweep: one instance at a time sweeps, the others skip that round. */
  riskSweep: 7_411_003,
} as const;

const onPostgres = (db: Database) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Runs `work` while no other instance runs start-up work: an instance starting at the same
 * moment waits here, then finds the database migrated and set up. `work` uses `db` as usual
 * (its other connections); the lock's connection only holds the lock.
 */
export async function withStartupLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (!onPostgres(db)) return work();
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${INSTANCE_LOCK_KEYS.startup})`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${INSTANCE_LOCK_KEYS.startup})`.execute(conn);
    }
  });
}

/**
 * Runs `work` unless another instance holds the lock `key` (then resolves `undefined` at once,
 * without waiting): for background work that one instance doing is enough.
 */
export async function unlessRunningElsewhere<T>(
  db: Database,
  key: number,
  work: () => Promise<T>,
): Promise<T | undefined> {
  if (!onPostgres(db)) return work();
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_lock(${key}) as locked`.execute(conn);
    if (!rows[0]?.locked) return undefined;
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}
