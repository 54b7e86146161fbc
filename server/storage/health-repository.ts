import { sql } from 'kysely';
import type { Database } from './database';

export async function checkDatabase(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}
