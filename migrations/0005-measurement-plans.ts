import { type Kysely, sql } from 'kysely';

/**
 * Measurement plans: which instruments are due when. A unit's templates are copied to a course,
 * where they can be adjusted; both keep their items in one table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plan_templates')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('unit_id', 'text', (col) => col.notNull().references('organisations.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('plan_templates_unit')
    .on('plan_templates')
    .column('unit_id')
    .execute();

  await db.schema
    .createTable('plan_items')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('owner_kind', 'text', (col) => col.notNull())
    .addColumn('owner_id', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('instrument_id', 'text', (col) => col.notNull())
    .addColumn('schedule', 'text', (col) => col.notNull())
    .addColumn('interval_weeks', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addCheckConstraint('plan_items_owner_kind', sql`owner_kind in ('template', 'course')`)
    .addCheckConstraint(
      'plan_items_schedule',
      sql`schedule in ('intake', 'every_session', 'every_n_weeks', 'discharge')`,
    )
    .addCheckConstraint(
      'plan_items_interval',
      sql`(schedule = 'every_n_weeks') = (interval_weeks is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('plan_items_owner')
    .on('plan_items')
    .columns(['owner_kind', 'owner_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('plan_items').execute();
  await db.schema.dropTable('plan_templates').execute();
}
