import { sql } from 'kysely';
import type { Database } from './database';
import type { FormSessionsTable, ResponsesTable } from './schema';

export type FormSessionRow = FormSessionsTable;
export type ResponseRow = ResponsesTable;

export async function insertFormSession(db: Database, row: FormSessionRow): Promise<void> {
  await db.insertInto('form_sessions').values(row).execute();
}

export async function findFormSessionById(
  db: Database,
  id: string,
): Promise<FormSessionRow | undefined> {
  return db.selectFrom('form_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An open kiosk session with this code that has not expired. */
export async function findOpenSessionByCode(
  db: Database,
  codeHash: string,
  now: string,
): Promise<FormSessionRow | undefined> {
  return db
    .selectFrom('form_sessions')
    .selectAll()
    .where('code_hash', '=', codeHash)
    .where('status', '=', 'open')
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function findSessionByLink(
  db: Database,
  linkHash: string,
): Promise<FormSessionRow | undefined> {
  return db
    .selectFrom('form_sessions')
    .selectAll()
    .where('link_hash', '=', linkHash)
    .executeTakeFirst();
}

export async function findSessionByPatientToken(
  db: Database,
  tokenHash: string,
): Promise<FormSessionRow | undefined> {
  return db
    .selectFrom('form_sessions')
    .selectAll()
    .where('patient_token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function updateFormSession(
  db: Database,
  id: string,
  changes: Partial<Omit<FormSessionRow, 'id' | 'course_id' | 'unit_id'>>,
): Promise<void> {
  await db.updateTable('form_sessions').set(changes).where('id', '=', id).execute();
}

export async function insertResponse(db: Database, row: ResponseRow): Promise<void> {
  await db.insertInto('responses').values(row).execute();
}

export async function findResponseByIdempotencyKey(
  db: Database,
  key: string,
): Promise<ResponseRow | undefined> {
  return db
    .selectFrom('responses')
    .selectAll()
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function listResponsesOfSession(
  db: Database,
  formSessionId: string,
): Promise<Pick<ResponseRow, 'instrument_id'>[]> {
  return db
    .selectFrom('responses')
    .select('instrument_id')
    .where('form_session_id', '=', formSessionId)
    .execute();
}

export async function listResponsesOfCourse(
  db: Database,
  courseId: string,
): Promise<ResponseRow[]> {
  return db
    .selectFrom('responses')
    .selectAll()
    .where('course_id', '=', courseId)
    .orderBy('answered_at')
    .execute();
}

/** The columns of a response that a course's time line needs: the risk rules and the trends. */
export const TIMELINE_COLUMNS = [
  'id',
  'instrument_id',
  'instrument_version',
  'answered_at',
  'respondent',
  'score_status',
  'score',
  'answers',
] as const satisfies readonly (keyof ResponseRow)[];

export type TimelineRow = Pick<ResponseRow, (typeof TIMELINE_COLUMNS)[number]>;

/**
 * A course's responses in time order, with only the time line's columns: the risk is recomputed
 * from them in every submit, and the other columns (keys, hashes, who entered it) cost a third
 * of the read.
 */
export async function listTimelineOfCourse(db: Database, courseId: string): Promise<TimelineRow[]> {
  return db
    .selectFrom('responses')
    .select(TIMELINE_COLUMNS)
    .where('course_id', '=', courseId)
    .orderBy('answered_at')
    .execute();
}

export async function insertCodeAttempt(
  db: Database,
  clientKey: string,
  at: string,
): Promise<void> {
  await db.insertInto('code_attempts').values({ client_key: clientKey, at }).execute();
}

/** Wrong codes since a time: from one client key, and from every key that starts with a prefix. */
export async function countCodeAttempts(
  db: Database,
  keys: { exact: string; prefix: string },
  since: string,
): Promise<{ exact: number; prefix: number }> {
  // substr, not LIKE: client keys are addresses, which may hold % or _.
  const row = await db
    .selectFrom('code_attempts')
    .select((eb) => [
      eb.fn
        .sum<string | number | null>(
          eb.case().when('client_key', '=', keys.exact).then(1).else(0).end(),
        )
        .as('exact'),
      eb.fn.countAll<string | number>().as('prefix'),
    ])
    .where(sql`substr(client_key, 1, ${keys.prefix.length})`, '=', keys.prefix)
    .where('at', '>', since)
    .executeTakeFirst();
  return { exact: Number(row?.exact ?? 0), prefix: Number(row?.prefix ?? 0) };
}

/** A course's form sessions, newest first, with the instruments answered in each. */
export async function listFormSessionsOfCourse(
  db: Database,
  courseId: string,
  limit: number,
): Promise<(FormSessionRow & { answered: string[] })[]> {
  const sessions = await db
    .selectFrom('form_sessions')
    .selectAll()
    .where('course_id', '=', courseId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  if (!sessions.length) return [];
  const answered = await db
    .selectFrom('responses')
    .select(['form_session_id', 'instrument_id'])
    .where(
      'form_session_id',
      'in',
      sessions.map((s) => s.id),
    )
    .execute();
  return sessions.map((s) => ({
    ...s,
    answered: answered.filter((a) => a.form_session_id === s.id).map((a) => a.instrument_id),
  }));
}
