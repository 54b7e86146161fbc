import { type Kysely, sql } from 'kysely';

/**
 * Instrument versions imported by an administrator, beside the built-in ones: a draft until it
 * is published, then immutable (its definition and the checksum taken at publishing never
 * change). Retirements apply to built-in and imported versions alike: a retired version is not
 * used for new forms, and its responses stay readable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instrument_versions')
    .addColumn('instrument_id', 'text', (col) => col.notNull())
    .addColumn('version', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    /** The definition as JSON text, exactly as published. */
    .addColumn('definition', 'text', (col) => col.notNull())
    /** sha256 of `definition`, set when it is published. */
    .addColumn('sha256', 'text')
    /** 'kor-json' or 'fhir-questionnaire'. */
    .addColumn('origin', 'text', (col) => col.notNull())
    /** The version whose scoring a FHIR import keeps. */
    .addColumn('base_version', 'text')
    .addColumn('imported_by', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('imported_at', 'text', (col) => col.notNull())
    .addColumn('published_by', 'text', (col) => col.references('users.id'))
    .addColumn('published_at', 'text')
    .addPrimaryKeyConstraint('instrument_versions_pk', ['instrument_id', 'version'])
    .addCheckConstraint('instrument_versions_state', sql`state in ('draft', 'published')`)
    .execute();
  await db.schema
    .createTable('instrument_retirements')
    .addColumn('instrument_id', 'text', (col) => col.notNull())
    .addColumn('version', 'text', (col) => col.notNull())
    .addColumn('retired_by', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('retired_at', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('instrument_retirements_pk', ['instrument_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('instrument_retirements').execute();
  await db.schema.dropTable('instrument_versions').execute();
}
