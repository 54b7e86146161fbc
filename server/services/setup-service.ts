/**
 * First start of a database: records when it was created and whether it is a demo database.
 */
import type { InstrumentRegistry } from '../../instruments';
import { type Database, migrateToLatest } from '../storage/database';
import { withStartupLock } from '../storage/instance-locks';
import { findMeta, upsertMeta } from '../storage/meta-repository';
import { bootstrapAdmin } from './auth-service';
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

/**
 * What a starting instance does to its database: migrate, set up a new database (the demo when
 * asked), create the first administrator. Instances of a region that start at the same moment on
 * one PostgreSQL database take turns (an advisory lock), so this happens once: the later ones
 * find it done.
 */
export async function prepareDatabase(
  db: Database,
  options: {
    demo: boolean;
    now: Date;
    registry: InstrumentRegistry;
    admin?: { email: string; password: string } | undefined;
  },
): Promise<SetupResult> {
  return withStartupLock(db, async () => {
    await migrateToLatest(db);
    const setup = await initialiseDatabase(db, options);
    const admin = await bootstrapAdmin(db, options.admin, options.now);
    if (admin)
      setup.messages.push(
        `Created the first administrator: ${admin} (password from KOR_ADMIN_PASSWORD).`,
      );
    return setup;
  });
}
