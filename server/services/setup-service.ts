/**
 * First start of a database: records when it was created and whether it is a demo database.
 */
import type { Database } from '../storage/database';
import { findMeta, upsertMeta } from '../storage/meta-repository';

export interface SetupResult {
  created: boolean;
  messages: string[];
}

export async function initialiseDatabase(
  db: Database,
  options: { demo: boolean; now: Date },
): Promise<SetupResult> {
  if (await findMeta(db, 'created_at')) return { created: false, messages: [] };
  await db.transaction().execute(async (trx) => {
    await upsertMeta(trx, 'created_at', options.now.toISOString(), options.now);
    await upsertMeta(trx, 'demo', options.demo ? '1' : '0', options.now);
  });
  return {
    created: true,
    messages: options.demo
      ? [
          'Demo mode (KOR_DEMO=1): the instrument library is ready; demo units come with the clinical core.',
        ]
      : [],
  };
}
