import { type Kysely, sql } from 'kysely';

/**
 * De-identified research exports. A row records who made one, for what stated purpose, of which
 * units and period — and the export's own secret, from which its random ids are derived (so the
 * tables of one export join, and two exports cannot be joined with each other).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('research_exports')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('created_by', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    /** JSON array of unit ids. */
    .addColumn('unit_ids', 'text', (col) => col.notNull())
    .addColumn('period_from', 'text', (col) => col.notNull())
    .addColumn('period_to', 'text', (col) => col.notNull())
    .addColumn('secret', 'text', (col) => col.notNull())
    .addCheckConstraint('research_exports_period', sql`period_from <= period_to`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('research_exports').execute();
}
