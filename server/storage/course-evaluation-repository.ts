/**
 * Anonymous course evaluations. Rows carry the course, the answers and the date only; reads never
 * return them in the order they came in.
 */
import type { Database } from './database';
import type { CourseEvaluationsTable } from './schema';

export type CourseEvaluationRow = CourseEvaluationsTable;

export async function insertCourseEvaluation(db: Database, row: CourseEvaluationRow) {
  await db.insertInto('course_evaluations').values(row).execute();
}

export async function countCourseEvaluations(db: Database, courseId: string): Promise<number> {
  const row = await db
    .selectFrom('course_evaluations')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('course_id', '=', courseId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The scores and comments of the given courses, ordered by course and comment (never by time). */
export async function listCourseEvaluationScores(
  db: Database,
  courseIds: readonly string[],
): Promise<{ courseId: string; score: string; comment: string | null }[]> {
  if (courseIds.length === 0) return [];
  const rows = await db
    .selectFrom('course_evaluations')
    .select(['course_id', 'score', 'comment'])
    .where('course_id', 'in', courseIds)
    .orderBy('course_id')
    .orderBy('comment')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ courseId: r.course_id, score: r.score, comment: r.comment }));
}
