/**
 * Training courses, the trainers who run them, their participants and attendance per course day.
 * Dates are ISO text, so order and ranges mean the same on SQLite and PostgreSQL.
 */
import {
  type Expression,
  type ExpressionBuilder,
  PostgresAdapter,
  type SqlBool,
  sql,
} from 'kysely';
import type { Database } from './database';
import type {
  Schema,
  TrainingAttendanceTable,
  TrainingCoursesTable,
  TrainingParticipantsTable,
} from './schema';

export type TrainingCourseRow = TrainingCoursesTable;
export type TrainingParticipantRow = TrainingParticipantsTable;
export type TrainingAttendanceRow = TrainingAttendanceTable;

export async function insertTrainingCourse(
  db: Database,
  row: TrainingCourseRow,
  trainerIds: readonly string[],
): Promise<void> {
  await db.insertInto('training_courses').values(row).execute();
  await replaceTrainingCourseTrainers(db, row.id, trainerIds);
}

export async function replaceTrainingCourseTrainers(
  db: Database,
  courseId: string,
  trainerIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('training_course_trainers').where('course_id', '=', courseId).execute();
  if (trainerIds.length === 0) return;
  await db
    .insertInto('training_course_trainers')
    .values(trainerIds.map((user_id) => ({ course_id: courseId, user_id })))
    .execute();
}

export async function updateTrainingCourse(
  db: Database,
  id: string,
  changes: Partial<Omit<TrainingCourseRow, 'id' | 'created_at' | 'created_by'>>,
): Promise<void> {
  await db.updateTable('training_courses').set(changes).where('id', '=', id).execute();
}

export async function findTrainingCourseById(
  db: Database,
  id: string,
): Promise<TrainingCourseRow | undefined> {
  return db.selectFrom('training_courses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTrainingCourseByCode(
  db: Database,
  code: string,
): Promise<TrainingCourseRow | undefined> {
  return db
    .selectFrom('training_courses')
    .selectAll()
    .where('evaluation_code', '=', code)
    .executeTakeFirst();
}

/**
 * Serialises writes that count against a course's limits (capacity, evaluations): on PostgreSQL
 * the course row is locked until the transaction ends; SQLite has one writer already.
 */
export async function lockTrainingCourse(trx: Database, id: string): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select id from training_courses where id = ${id} for update`.execute(trx);
  }
}

/** Courses newest first: every course, or those a user runs or created. */
export async function listTrainingCourses(
  db: Database,
  filter: { userId?: string } = {},
): Promise<TrainingCourseRow[]> {
  let query = db
    .selectFrom('training_courses as c')
    .selectAll('c')
    .orderBy('c.start_date', 'desc')
    .orderBy('c.title')
    .orderBy('c.id');
  if (filter.userId) query = query.where(runOrCreatedBy(filter.userId));
  return query.execute();
}

/** A filter on courses selected `as c`: those `userId` created or runs as one of their trainers. */
export function runOrCreatedBy(userId: string) {
  return (eb: ExpressionBuilder<Schema & { c: TrainingCoursesTable }, 'c'>): Expression<SqlBool> =>
    eb.or([
      eb('c.created_by', '=', userId),
      eb.exists(
        eb
          .selectFrom('training_course_trainers as t')
          .select('t.user_id')
          .whereRef('t.course_id', '=', 'c.id')
          .where('t.user_id', '=', userId),
      ),
    ]);
}

/** Courses open for registration that end on `today` or later, soonest first. */
export async function listOpenTrainingCourses(
  db: Database,
  today: string,
): Promise<TrainingCourseRow[]> {
  return db
    .selectFrom('training_courses')
    .selectAll()
    .where('status', '=', 'open')
    .where('end_date', '>=', today)
    .orderBy('start_date')
    .orderBy('title')
    .orderBy('id')
    .execute();
}

/** The trainers (users) of the given courses, with their names. */
export async function listTrainersOfCourses(
  db: Database,
  courseIds: readonly string[],
): Promise<{ courseId: string; userId: string; name: string }[]> {
  if (courseIds.length === 0) return [];
  const rows = await db
    .selectFrom('training_course_trainers as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.course_id', 't.user_id', 'u.display_name'])
    .where('t.course_id', 'in', courseIds)
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ courseId: r.course_id, userId: r.user_id, name: r.display_name }));
}

/** Registered and completed participants per course. */
export async function countParticipantsOfCourses(
  db: Database,
  courseIds: readonly string[],
): Promise<Map<string, { registered: number; completed: number }>> {
  const counts = new Map<string, { registered: number; completed: number }>();
  if (courseIds.length === 0) return counts;
  const rows = await db
    .selectFrom('training_participants')
    .select((eb) => [
      'course_id',
      eb.fn.countAll<string | number>().as('registered'),
      eb.fn.sum<string | number | null>('completed').as('completed'),
    ])
    .where('course_id', 'in', courseIds)
    .where('status', '=', 'registered')
    .groupBy('course_id')
    .execute();
  for (const r of rows) {
    counts.set(r.course_id, {
      registered: Number(r.registered),
      completed: Number(r.completed ?? 0),
    });
  }
  return counts;
}

export async function insertTrainingParticipant(
  db: Database,
  row: TrainingParticipantRow,
): Promise<void> {
  await db.insertInto('training_participants').values(row).execute();
}

export async function findTrainingParticipant(
  db: Database,
  courseId: string,
  participantId: string,
): Promise<TrainingParticipantRow | undefined> {
  return db
    .selectFrom('training_participants')
    .selectAll()
    .where('id', '=', participantId)
    .where('course_id', '=', courseId)
    .executeTakeFirst();
}

export async function listTrainingParticipants(
  db: Database,
  courseId: string,
): Promise<TrainingParticipantRow[]> {
  return db
    .selectFrom('training_participants')
    .selectAll()
    .where('course_id', '=', courseId)
    .orderBy('created_at')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** A registered (not cancelled) participant of the course with this user id or e-mail. */
export async function findRegisteredParticipant(
  db: Database,
  courseId: string,
  who: { userId: string | null; email: string | null },
): Promise<TrainingParticipantRow | undefined> {
  const { userId, email } = who;
  if (!userId && !email) return undefined;
  return db
    .selectFrom('training_participants')
    .selectAll()
    .where('course_id', '=', courseId)
    .where('status', '=', 'registered')
    .where((eb) =>
      eb.or([
        ...(userId ? [eb('user_id', '=', userId)] : []),
        ...(email ? [eb('email', '=', email)] : []),
      ]),
    )
    .executeTakeFirst();
}

/** Of the given courses, those on which the user has an active (not cancelled) registration. */
export async function listCoursesRegisteredBy(
  db: Database,
  userId: string,
  courseIds: readonly string[],
): Promise<Set<string>> {
  if (courseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('training_participants')
    .select('course_id')
    .where('user_id', '=', userId)
    .where('status', '=', 'registered')
    .where('course_id', 'in', courseIds)
    .execute();
  return new Set(rows.map((r) => r.course_id));
}

export async function updateTrainingParticipant(
  db: Database,
  id: string,
  changes: Partial<Pick<TrainingParticipantRow, 'status' | 'completed' | 'completed_at'>>,
): Promise<void> {
  await db.updateTable('training_participants').set(changes).where('id', '=', id).execute();
}

export async function upsertAttendance(db: Database, row: TrainingAttendanceRow): Promise<void> {
  await db
    .insertInto('training_attendance')
    .values(row)
    .onConflict((oc) => oc.columns(['participant_id', 'day']).doUpdateSet({ present: row.present }))
    .execute();
}

export async function listAttendance(
  db: Database,
  participantIds: readonly string[],
): Promise<TrainingAttendanceRow[]> {
  if (participantIds.length === 0) return [];
  return db
    .selectFrom('training_attendance')
    .selectAll()
    .where('participant_id', 'in', participantIds)
    .orderBy('participant_id')
    .orderBy('day')
    .execute();
}

/** The highest course day with any attendance recorded (0 when none). */
export async function lastRecordedDay(db: Database, courseId: string): Promise<number> {
  const row = await db
    .selectFrom('training_attendance as a')
    .innerJoin('training_participants as p', 'p.id', 'a.participant_id')
    .select((eb) => eb.fn.max('a.day').as('day'))
    .where('p.course_id', '=', courseId)
    .executeTakeFirst();
  return Number(row?.day ?? 0);
}

/** Participation per region over every course that is not cancelled. */
export async function participationByRegion(
  db: Database,
): Promise<{ regionId: string; participants: number; completed: number }[]> {
  const rows = await db
    .selectFrom('training_participants as p')
    .innerJoin('training_courses as c', 'c.id', 'p.course_id')
    .select((eb) => [
      'p.region_id',
      eb.fn.countAll<string | number>().as('participants'),
      eb.fn.sum<string | number | null>('p.completed').as('completed'),
    ])
    .where('p.status', '=', 'registered')
    .where('c.status', '<>', 'cancelled')
    .where('p.region_id', 'is not', null)
    .groupBy('p.region_id')
    .execute();
  return rows.flatMap((r) =>
    r.region_id
      ? [
          {
            regionId: r.region_id,
            participants: Number(r.participants),
            completed: Number(r.completed ?? 0),
          },
        ]
      : [],
  );
}

/** Courses (not cancelled) per region. */
export async function coursesByRegion(db: Database): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('training_courses')
    .select((eb) => ['region_id', eb.fn.countAll<string | number>().as('n')])
    .where('status', '<>', 'cancelled')
    .where('region_id', 'is not', null)
    .groupBy('region_id')
    .execute();
  return new Map(rows.flatMap((r) => (r.region_id ? [[r.region_id, Number(r.n)]] : [])));
}
