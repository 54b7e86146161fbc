import { type Kysely, sql } from 'kysely';

/**
 * The trainer module ("tren treneren"): courses with their trainers, participants (staff users or
 * external people) and attendance per course day; trainers and who trained whom (the lineage
 * from the national trainers down); and anonymous course evaluations.
 *
 * course_evaluations holds nothing that can point at a person: no participant, user, address,
 * device or time of day — only the date, so an answer cannot be matched to someone by when it
 * came in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('start_date', 'text', (col) => col.notNull())
    .addColumn('end_date', 'text', (col) => col.notNull())
    .addColumn('days', 'integer', (col) => col.notNull())
    .addColumn('place', 'text')
    .addColumn('digital', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('capacity', 'integer', (col) => col.notNull())
    .addColumn('fee_nok', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('region_id', 'text', (col) => col.references('organisations.id'))
    .addColumn('unit_id', 'text', (col) => col.references('organisations.id'))
    .addColumn('evaluation_code', 'text', (col) => col.notNull().unique())
    .addColumn('created_by', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addCheckConstraint(
      'training_courses_kind',
      sql`kind in ('inspiration', 'train_the_trainer', 'local', 'network')`,
    )
    .addCheckConstraint(
      'training_courses_status',
      sql`status in ('planned', 'open', 'completed', 'cancelled')`,
    )
    .addCheckConstraint('training_courses_days', sql`days >= 1`)
    .addCheckConstraint('training_courses_digital', sql`digital in (0, 1)`)
    .addCheckConstraint('training_courses_capacity', sql`capacity >= 1`)
    .addCheckConstraint('training_courses_fee', sql`fee_nok >= 0`)
    .addCheckConstraint('training_courses_dates', sql`end_date >= start_date`)
    .execute();
  await db.schema
    .createIndex('training_courses_start')
    .on('training_courses')
    .column('start_date')
    .execute();

  await db.schema
    .createTable('training_course_trainers')
    .addColumn('course_id', 'text', (col) => col.notNull().references('training_courses.id'))
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
    .addPrimaryKeyConstraint('training_course_trainers_pk', ['course_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('training_course_trainers_user')
    .on('training_course_trainers')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('training_participants')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('course_id', 'text', (col) => col.notNull().references('training_courses.id'))
    .addColumn('user_id', 'text', (col) => col.references('users.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text')
    .addColumn('unit_id', 'text', (col) => col.references('organisations.id'))
    .addColumn('unit_name', 'text')
    .addColumn('region_id', 'text', (col) => col.references('organisations.id'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('completed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addCheckConstraint('training_participants_status', sql`status in ('registered', 'cancelled')`)
    .addCheckConstraint('training_participants_completed', sql`completed in (0, 1)`)
    .execute();
  await db.schema
    .createIndex('training_participants_course')
    .on('training_participants')
    .column('course_id')
    .execute();
  // One active registration per person and course: a cancelled one may register again.
  await db.schema
    .createIndex('training_participants_one_user')
    .on('training_participants')
    .columns(['course_id', 'user_id'])
    .unique()
    .where(sql<boolean>`status = 'registered' and user_id is not null`)
    .execute();
  await db.schema
    .createIndex('training_participants_one_email')
    .on('training_participants')
    .columns(['course_id', 'email'])
    .unique()
    .where(sql<boolean>`status = 'registered' and email is not null`)
    .execute();

  await db.schema
    .createTable('training_attendance')
    .addColumn('participant_id', 'text', (col) =>
      col.notNull().references('training_participants.id'),
    )
    .addColumn('day', 'integer', (col) => col.notNull())
    .addColumn('present', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['participant_id', 'day'])
    .addCheckConstraint('training_attendance_day', sql`day >= 1`)
    .addCheckConstraint('training_attendance_present', sql`present in (0, 1)`)
    .execute();

  await db.schema
    .createTable('trainers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.unique().references('users.id'))
    .addColumn('participant_id', 'text', (col) =>
      col.unique().references('training_participants.id'),
    )
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('unit_id', 'text', (col) => col.references('organisations.id'))
    .addColumn('region_id', 'text', (col) => col.references('organisations.id'))
    .addColumn('certified_course_id', 'text', (col) => col.references('training_courses.id'))
    .addColumn('certified_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('trainer_lineage')
    .addColumn('trainer_id', 'text', (col) => col.notNull().references('trainers.id'))
    .addColumn('trained_by', 'text', (col) => col.notNull().references('trainers.id'))
    .addColumn('course_id', 'text', (col) => col.notNull().references('training_courses.id'))
    .addPrimaryKeyConstraint('trainer_lineage_pk', ['trainer_id', 'trained_by', 'course_id'])
    .addCheckConstraint('trainer_lineage_not_self', sql`trainer_id <> trained_by`)
    .execute();
  await db.schema
    .createIndex('trainer_lineage_trained_by')
    .on('trainer_lineage')
    .column('trained_by')
    .execute();

  await db.schema
    .createTable('course_evaluations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('course_id', 'text', (col) => col.notNull().references('training_courses.id'))
    .addColumn('instrument_version', 'text', (col) => col.notNull())
    .addColumn('answers', 'text', (col) => col.notNull())
    .addColumn('comment', 'text')
    .addColumn('score', 'text', (col) => col.notNull())
    .addColumn('submitted_on', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('course_evaluations_course')
    .on('course_evaluations')
    .column('course_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'course_evaluations',
    'trainer_lineage',
    'trainers',
    'training_attendance',
    'training_participants',
    'training_course_trainers',
    'training_courses',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
