import { type Kysely, sql } from 'kysely';

/**
 * The practice area of the trainer module: a training course may have one practice unit (an
 * organisation with is_practice = 1) filled with synthetic patients, deterministic from a seed;
 * each synthetic course is a practice case with the pattern it shows. Exercises pick cases for a
 * course; each trainee answers what they see and what they would do next, per case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('practice_units')
    .addColumn('training_course_id', 'text', (col) =>
      col.primaryKey().references('training_courses.id'),
    )
    .addColumn('unit_id', 'text', (col) => col.notNull().unique().references('organisations.id'))
    .addColumn('seed', 'integer', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('practice_cases')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('unit_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('course_id', 'text', (col) =>
      col.notNull().unique().references('treatment_courses.id'),
    )
    .addColumn('pattern', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addCheckConstraint(
      'practice_cases_pattern',
      sql`pattern in ('on_track', 'no_early_change', 'alliance_falling', 'deteriorating', 'missed_sessions', 'transfer_dropout')`,
    )
    .execute();
  await db.schema
    .createIndex('practice_cases_unit')
    .on('practice_cases')
    .columns(['unit_id', 'position'])
    .execute();

  await db.schema
    .createTable('training_exercises')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('training_course_id', 'text', (col) =>
      col.notNull().references('training_courses.id'),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('instructions', 'text')
    .addColumn('created_by', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('training_exercises_course')
    .on('training_exercises')
    .column('training_course_id')
    .execute();

  await db.schema
    .createTable('training_exercise_cases')
    .addColumn('exercise_id', 'text', (col) => col.notNull().references('training_exercises.id'))
    .addColumn('case_id', 'text', (col) => col.notNull().references('practice_cases.id'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('training_exercise_cases_pk', ['exercise_id', 'case_id'])
    .execute();

  await db.schema
    .createTable('training_exercise_answers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('exercise_id', 'text', (col) => col.notNull().references('training_exercises.id'))
    .addColumn('case_id', 'text', (col) => col.notNull().references('practice_cases.id'))
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('observed', 'text', (col) => col.notNull())
    .addColumn('next_step', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('training_exercise_answers_one', ['exercise_id', 'case_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'training_exercise_answers',
    'training_exercise_cases',
    'training_exercises',
    'practice_cases',
    'practice_units',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
