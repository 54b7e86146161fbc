import type { Kysely } from 'kysely';

/** Facts about the database itself: when it was created, which KOR created it, demo or not. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kor_meta')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kor_meta').execute();
}
