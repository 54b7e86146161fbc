import type { Kysely } from 'kysely';

/**
 * What the caseload shows, stored with a course's risk so the list reads one table and little
 * JSON: what is due (as of the day the risk was computed; a row from an earlier day is recomputed
 * before it is shown) and the signals' codes and explanations without their data points.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('course_risk')
    .addColumn('due', 'text', (col) => col.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('course_risk')
    .addColumn('reasons', 'text', (col) => col.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('course_risk').dropColumn('reasons').execute();
  await db.schema.alterTable('course_risk').dropColumn('due').execute();
}
