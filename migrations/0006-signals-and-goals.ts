import { type Kysely, sql } from 'kysely';

/**
 * Drop-out signals stored per course (recomputed when data arrives, so the caseload lists fast),
 * the unit's basis for its own expected outcome trajectory, and a course's GAS goals.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('course_risk')
    .addColumn('course_id', 'text', (col) => col.primaryKey().references('treatment_courses.id'))
    .addColumn('unit_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('rule_set', 'text', (col) => col.notNull())
    .addColumn('level', 'text', (col) => col.notNull())
    .addColumn('level_rank', 'integer', (col) => col.notNull())
    .addColumn('score', 'real', (col) => col.notNull())
    .addColumn('safety', 'integer', (col) => col.notNull())
    .addColumn('signals', 'text', (col) => col.notNull())
    .addColumn('last_measurement_at', 'text')
    .addColumn('last_answered', 'text', (col) => col.notNull())
    .addColumn('computed_at', 'text', (col) => col.notNull())
    .addCheckConstraint('course_risk_level', sql`level in ('grey', 'green', 'yellow', 'red')`)
    .execute();
  await db.schema.createIndex('course_risk_unit').on('course_risk').column('unit_id').execute();

  await db.schema
    .createTable('unit_outcome_basis')
    .addColumn('unit_id', 'text', (col) => col.primaryKey().references('organisations.id'))
    .addColumn('series', 'text', (col) => col.notNull())
    .addColumn('n', 'integer', (col) => col.notNull())
    .addColumn('computed_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('course_goals')
    .addColumn('course_id', 'text', (col) => col.notNull().references('treatment_courses.id'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('weight', 'real', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('course_goals_pk', ['course_id', 'position'])
    .addCheckConstraint('course_goals_position', sql`position between 1 and 6`)
    .addCheckConstraint('course_goals_weight', sql`weight >= 0`)
    .execute();

  // The caseload and the reports read contacts and responses per course and date.
  await db.schema
    .createIndex('responses_course_instrument')
    .on('responses')
    .columns(['course_id', 'instrument_id', 'answered_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('responses_course_instrument').execute();
  await db.schema.dropTable('course_goals').execute();
  await db.schema.dropTable('unit_outcome_basis').execute();
  await db.schema.dropTable('course_risk').execute();
}
