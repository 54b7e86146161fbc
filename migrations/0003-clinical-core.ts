import { type Kysely, sql } from 'kysely';

/**
 * Patients (pseudonym codes only), treatment courses with their therapists, episodes at levels of
 * care, and contacts. Every row of clinical data belongs to a unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('patients')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('unit_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('birth_year', 'integer')
    .addColumn('sex', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('patients_unit_code', ['unit_id', 'code'])
    .addCheckConstraint('patients_sex', sql`sex is null or sex in ('female', 'male', 'other')`)
    .execute();

  await db.schema
    .createTable('treatment_courses')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('patient_id', 'text', (col) => col.notNull().references('patients.id'))
    .addColumn('unit_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('start_date', 'text', (col) => col.notNull())
    .addColumn('planned_end_date', 'text')
    .addColumn('planned_duration_weeks', 'integer')
    .addColumn('goals', 'text')
    .addColumn('end_type', 'text')
    .addColumn('end_date', 'text')
    .addColumn('end_note', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addCheckConstraint(
      'treatment_courses_end_type',
      sql`end_type is null or end_type in ('completed', 'dropped_out', 'transferred', 'other')`,
    )
    .execute();
  await db.schema
    .createIndex('treatment_courses_unit')
    .on('treatment_courses')
    .columns(['unit_id', 'end_date'])
    .execute();
  await db.schema
    .createIndex('treatment_courses_patient')
    .on('treatment_courses')
    .column('patient_id')
    .execute();

  await db.schema
    .createTable('course_therapists')
    .addColumn('course_id', 'text', (col) => col.notNull().references('treatment_courses.id'))
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('course_therapists_pk', ['course_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('course_therapists_user')
    .on('course_therapists')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('episodes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('course_id', 'text', (col) => col.notNull().references('treatment_courses.id'))
    .addColumn('unit_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('level_of_care', 'text', (col) => col.notNull())
    .addColumn('start_date', 'text', (col) => col.notNull())
    .addColumn('end_date', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addCheckConstraint(
      'episodes_level_of_care',
      sql`level_of_care in ('outpatient', 'ambulant', 'inpatient', 'digital')`,
    )
    .execute();
  await db.schema.createIndex('episodes_course').on('episodes').column('course_id').execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('course_id', 'text', (col) => col.notNull().references('treatment_courses.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('date', 'text', (col) => col.notNull())
    .addColumn('recorded_by', 'text', (col) => col.references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addCheckConstraint(
      'contacts_kind',
      sql`kind in ('session', 'evaluation', 'no_show', 'cancelled')`,
    )
    .execute();
  await db.schema
    .createIndex('contacts_course')
    .on('contacts')
    .columns(['course_id', 'date'])
    .execute();

  // The audit log: append-only, each event carries the hash of the one before it.
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'integer', (col) => col.primaryKey())
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text')
    .addColumn('role', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('patient_id', 'text')
    .addColumn('course_id', 'text')
    .addColumn('object_type', 'text')
    .addColumn('object_id', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('client', 'text')
    .addColumn('prev_hash', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .addCheckConstraint('audit_events_outcome', sql`outcome in ('allowed', 'denied')`)
    .execute();
  await db.schema
    .createIndex('audit_events_patient')
    .on('audit_events')
    .columns(['patient_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_events_user')
    .on('audit_events')
    .columns(['user_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_events',
    'contacts',
    'episodes',
    'course_therapists',
    'treatment_courses',
    'patients',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
