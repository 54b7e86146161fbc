/**
 * Bulk writes of generated history (`npm run kor -- generate`, `npm run bench`): multi-row
 * inserts, parents first, one transaction per batch. Only a generator writes this way — the
 * clinical services insert row by row, through their own repositories, with audit events.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { ContactRow, CourseRow, EpisodeRow } from './course-repository';
import type { Database } from './database';
import type { ResponseRow } from './form-repository';
import type { OrganisationRow } from './organisation-repository';
import type { PatientRow } from './patient-repository';
import type { PlanItemRow, PlanTemplateRow } from './plan-repository';
import type { CourseTherapistsTable } from './schema';
import type { MembershipRow, UserRow } from './user-repository';

/** The rows of one batch, by table, in the order they are written. */
export interface BulkRows {
  organisations: OrganisationRow[];
  users: UserRow[];
  memberships: MembershipRow[];
  planTemplates: PlanTemplateRow[];
  patients: PatientRow[];
  courses: CourseRow[];
  courseTherapists: CourseTherapistsTable[];
  episodes: EpisodeRow[];
  contacts: ContactRow[];
  responses: ResponseRow[];
  planItems: PlanItemRow[];
}

export const emptyBulkRows = (): BulkRows => ({
  organisations: [],
  users: [],
  memberships: [],
  planTemplates: [],
  patients: [],
  courses: [],
  courseTherapists: [],
  episodes: [],
  contacts: [],
  responses: [],
  planItems: [],
});

/**
 * Bound parameters per statement: well under SQLite's 32 766 and PostgreSQL's 65 535, and large
 * enough that a statement carries a few hundred rows.
 */
const PARAMETERS_PER_STATEMENT = 8_000;

/** Writes one batch in one transaction: either all of it is there afterwards, or none. */
export async function insertBulkRows(db: Database, rows: BulkRows): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Generated rows can be generated again: no need to wait for the disk at COMMIT.
    if (isPostgres(trx)) await sql`set local synchronous_commit = off`.execute(trx);
    const write = async <R extends object>(list: R[], insert: (chunk: R[]) => Promise<unknown>) => {
      const first = list[0];
      if (!first) return;
      const size = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / Object.keys(first).length));
      for (let i = 0; i < list.length; i += size) await insert(list.slice(i, i + size));
    };
    await write(rows.organisations, (c) => trx.insertInto('organisations').values(c).execute());
    await write(rows.users, (c) => trx.insertInto('users').values(c).execute());
    await write(rows.memberships, (c) => trx.insertInto('memberships').values(c).execute());
    await write(rows.planTemplates, (c) => trx.insertInto('plan_templates').values(c).execute());
    await write(rows.patients, (c) => trx.insertInto('patients').values(c).execute());
    await write(rows.courses, (c) => trx.insertInto('treatment_courses').values(c).execute());
    await write(rows.courseTherapists, (c) =>
      trx.insertInto('course_therapists').values(c).execute(),
    );
    await write(rows.episodes, (c) => trx.insertInto('episodes').values(c).execute());
    await write(rows.contacts, (c) => trx.insertInto('contacts').values(c).execute());
    await write(rows.responses, (c) => trx.insertInto('responses').values(c).execute());
    await write(rows.planItems, (c) => trx.insertInto('plan_items').values(c).execute());
  });
}

/** Treatment courses in the database: a generator refuses to add to real ones. */
export async function countTreatmentCourses(db: Database): Promise<number> {
  const row = await db
    .selectFrom('treatment_courses')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The ids of every unit, for the risk basis and sweep after a bulk load. */
export async function listUnitIds(db: Database): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'unit')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

const isPostgres = (db: Database) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * A bulk load on SQLite commits without waiting for the disk and keeps more pages in memory: a
 * generated database that a power cut interrupts is generated again, not recovered. It ends with
 * `endBulkLoad`, which checkpoints and restores synchronous=FULL. (PostgreSQL: see insertBulkRows.)
 */
export async function beginBulkLoad(db: Database): Promise<void> {
  if (isPostgres(db)) return;
  await sql`pragma synchronous = OFF`.execute(db);
  await sql`pragma cache_size = -262144`.execute(db);
}

export async function endBulkLoad(db: Database): Promise<void> {
  if (isPostgres(db)) return;
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  await sql`pragma cache_size = -2000`.execute(db);
  await sql`pragma synchronous = FULL`.execute(db);
}

/**
 * PostgreSQL's planner needs statistics, which autovacuum gathers some time after a bulk load:
 * gather them now. (SQLite is left as KOR always runs it, without ANALYZE.)
 */
export async function analyzeAfterBulkLoad(db: Database): Promise<void> {
  if (isPostgres(db)) await sql`analyze`.execute(db);
}
