import { PostgresAdapter, sql } from 'kysely';
import type { Database } from './database';
import type { ContactsTable, EpisodesTable, Sex, TreatmentCoursesTable } from './schema';

export type CourseRow = TreatmentCoursesTable;
export type EpisodeRow = EpisodesTable;
export type ContactRow = ContactsTable;

export async function insertCourse(
  db: Database,
  row: CourseRow,
  therapistIds: readonly string[],
): Promise<void> {
  await db.insertInto('treatment_courses').values(row).execute();
  for (const userId of therapistIds) {
    await db
      .insertInto('course_therapists')
      .values({ course_id: row.id, user_id: userId, created_at: row.created_at })
      .execute();
  }
}

export async function findCourseById(db: Database, id: string): Promise<CourseRow | undefined> {
  return db.selectFrom('treatment_courses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A course and its patient's recorded sex (some scores depend on it), in one statement. */
export async function findCourseWithPatientSex(
  db: Database,
  id: string,
): Promise<{ course: CourseRow; patientSex: Sex | null } | undefined> {
  const row = await db
    .selectFrom('treatment_courses as c')
    .innerJoin('patients as p', 'p.id', 'c.patient_id')
    .selectAll('c')
    .select('p.sex as patient_sex')
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { patient_sex: patientSex, ...course } = row;
  return { course, patientSex };
}

/** A course and its therapists' user ids in one statement (a round trip less on PostgreSQL). */
export async function findCourseWithTherapists(
  db: Database,
  id: string,
): Promise<{ course: CourseRow; therapists: string[] } | undefined> {
  const rows = await db
    .selectFrom('treatment_courses as c')
    .leftJoin('course_therapists as ct', 'ct.course_id', 'c.id')
    .selectAll('c')
    .select('ct.user_id as therapist_user_id')
    .where('c.id', '=', id)
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  const { therapist_user_id: _therapist, ...course } = first;
  return {
    course,
    therapists: rows.flatMap((r) => (r.therapist_user_id === null ? [] : [r.therapist_user_id])),
  };
}

export async function insertEpisode(db: Database, row: EpisodeRow): Promise<void> {
  await db.insertInto('episodes').values(row).execute();
}

export async function listEpisodes(db: Database, courseId: string): Promise<EpisodeRow[]> {
  return (
    db
      .selectFrom('episodes')
      .selectAll()
      .where('course_id', '=', courseId)
      .orderBy('start_date')
      // Two episodes from one day (a change on the start day): the later recorded is the newer.
      .orderBy('created_at')
      .execute()
  );
}

export async function insertContact(db: Database, row: ContactRow): Promise<void> {
  await db.insertInto('contacts').values(row).execute();
}

export async function listContacts(db: Database, courseId: string): Promise<ContactRow[]> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('course_id', '=', courseId)
    .orderBy('date')
    .execute();
}

export async function closeOpenEpisodes(
  db: Database,
  courseId: string,
  endDate: string,
): Promise<void> {
  await db
    .updateTable('episodes')
    .set({ end_date: endDate })
    .where('course_id', '=', courseId)
    .where('end_date', 'is', null)
    .execute();
}

export async function updateCourse(
  db: Database,
  id: string,
  changes: Partial<
    Pick<CourseRow, 'end_type' | 'end_date' | 'end_note' | 'planned_end_date' | 'updated_at'>
  >,
): Promise<void> {
  await db.updateTable('treatment_courses').set(changes).where('id', '=', id).execute();
}

/**
 * PostgreSQL: locks the course's row until the transaction ends, so that two transactions that
 * recompute the same course's risk take turns and the later one reads what the earlier one
 * committed. The audit chain's lock comes after it in every transaction, for that is taken only
 * inside COMMIT (migration 0015). SQLite has one writer at a time already: nothing to do.
 *
 * NO KEY UPDATE, not UPDATE: inserting a row that references the course (a response, a form
 * session) takes KEY SHARE on it, which UPDATE would conflict with — two such transactions
 * would each wait for the other's KEY SHARE. NO KEY UPDATE conflicts only with itself.
 */
export async function lockCourseRow(trx: Database, courseId: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  // A lock is held until the transaction ends (KOR takes no savepoints): taken once per
  // transaction.
  const held = coursesLocked.get(trx) ?? new Set<string>();
  if (held.has(courseId)) return;
  await sql`select id from treatment_courses where id = ${courseId} for no key update`.execute(trx);
  if (!trx.isTransaction) return;
  held.add(courseId);
  coursesLocked.set(trx, held);
}

/** The course rows each open transaction has locked (a transaction is its own Kysely instance). */
const coursesLocked = new WeakMap<Database, Set<string>>();
