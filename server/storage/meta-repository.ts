import type { Database } from './database';

export async function findMeta(db: Database, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('kor_meta')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function upsertMeta(
  db: Database,
  key: string,
  value: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('kor_meta')
    .values({ key, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}
