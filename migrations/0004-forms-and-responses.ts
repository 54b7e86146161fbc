import { type Kysely, sql } from 'kysely';

/**
 * Form sessions (what a patient fills in at one sitting, reached by a short code or a link),
 * responses with their server-computed score snapshot, and failed code attempts for rate limits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('form_sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('course_id', 'text', (col) => col.notNull().references('treatment_courses.id'))
    .addColumn('unit_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('created_by', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('instruments', 'text', (col) => col.notNull())
    .addColumn('code_hash', 'text')
    .addColumn('link_hash', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('patient_token_hash', 'text')
    .addColumn('patient_token_expires_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('completed_at', 'text')
    .addCheckConstraint('form_sessions_channel', sql`channel in ('kiosk', 'home')`)
    .addCheckConstraint(
      'form_sessions_status',
      sql`status in ('open', 'in_progress', 'completed', 'revoked')`,
    )
    .execute();
  await db.schema
    .createIndex('form_sessions_code')
    .on('form_sessions')
    .column('code_hash')
    .execute();
  await db.schema
    .createIndex('form_sessions_link')
    .on('form_sessions')
    .column('link_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('form_sessions_patient_token')
    .on('form_sessions')
    .column('patient_token_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('form_sessions_course')
    .on('form_sessions')
    .column('course_id')
    .execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('course_id', 'text', (col) => col.notNull().references('treatment_courses.id'))
    .addColumn('unit_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('form_session_id', 'text', (col) => col.references('form_sessions.id'))
    .addColumn('instrument_id', 'text', (col) => col.notNull())
    .addColumn('instrument_version', 'text', (col) => col.notNull())
    .addColumn('answers', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('respondent', 'text', (col) => col.notNull())
    .addColumn('entered_by', 'text', (col) => col.references('users.id'))
    .addColumn('answered_at', 'text', (col) => col.notNull())
    .addColumn('score_status', 'text', (col) => col.notNull())
    .addColumn('score', 'text', (col) => col.notNull())
    .addColumn('scorer_version', 'text', (col) => col.notNull())
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('request_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addCheckConstraint(
      'responses_respondent',
      sql`respondent in ('patient', 'therapist', 'other')`,
    )
    .addCheckConstraint('responses_language', sql`language in ('nb', 'en')`)
    .execute();
  await db.schema
    .createIndex('responses_course')
    .on('responses')
    .columns(['course_id', 'answered_at'])
    .execute();

  await db.schema
    .createTable('code_attempts')
    .addColumn('client_key', 'text', (col) => col.notNull())
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('code_attempts_client')
    .on('code_attempts')
    .columns(['client_key', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['code_attempts', 'responses', 'form_sessions'])
    await db.schema.dropTable(table).execute();
}
