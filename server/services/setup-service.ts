/**
 * First start of a database: records when it was created and whether it is a demo database.
 */
import type { InstrumentRegistry } from '../../instruments';
import type { Database } from '../storage/database';
import { findMeta, upsertMeta } from '../storage/meta-repository';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo-service';

export interface SetupResult {
  created: boolean;
  messages: string[];
}

export async function initialiseDatabase(
  db: Database,
  options: { demo: boolean; now: Date; registry: InstrumentRegistry },
): Promise<SetupResult> {
  if (await findMeta(db, 'created_at')) return { created: false, messages: [] };
  // Seed before recording the creation: a failed seed is tried again at the next start.
  if (options.demo) await seedDemo(db, options.registry, options.now);
  await db.transaction().execute(async (trx) => {
    await upsertMeta(trx, 'created_at', options.now.toISOString(), options.now);
    await upsertMeta(trx, 'demo', options.demo ? '1' : '0', options.now);
  });
  if (!options.demo) return { created: true, messages: [] };
  return {
    created: true,
    messages: [
      'DEMO DATA (KOR_DEMO=1): a fictional organisation with 40 synthetic patients was created.',
      `Demo logins (password "${DEMO_PASSWORD}"):`,
      ...DEMO_USERS.map((u) => `  ${u.email.padEnd(28)} ${u.role}`),
    ],
  };
}
