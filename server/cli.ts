/**
 * `npm run kor -- <command>`: administration from the shell. An entry point like main.ts, it reads
 * the same environment (KOR_DB or DATABASE_URL). Passwords are read from standard input or
 * KOR_PASSWORD, never from the command line, where they would stay in the shell history.
 */
import { parseArgs } from 'node:util';
import { builtInRegistry } from '../instruments';
import { backupCommand, restoreCommand } from './backup-commands';
import { ConfigError, parseConfig } from './config';
import { generateCommand, generateOptions } from './generate-command';
import { DomainError } from './http/errors';
import {
  createOrganisation,
  createUser,
  listUnits,
  resetPassword,
  setExternalId,
} from './services/staff-service';
import type { Database } from './storage/database';
import {
  assertDurableDatabase,
  DatabaseSetupError,
  migrateToLatest,
  openDatabase,
} from './storage/database';
import type { GlobalRole, OrganisationKind, UnitRole } from './storage/schema';

const HELP = `Usage: npm run kor -- <command> [options]

Commands:
  migrate                              create the database if needed and apply every migration
  instruments                          list the instrument versions KOR ships
  create-organisation --kind K --name N [--parent ID]
                                       K: region, trust, provider or unit; prints the new id
  list-units                           list units with their ids
  create-user --email E --name N [--global-role admin|national_trainer] [--member UNIT_ID:ROLE ...]
                                       ROLE: admin, unit_lead, therapist or trainer
  reset-password --email E             sets a new password, lifts a lockout, ends sessions
  set-external-id --email E --external-id X | --clear
                                       the value of KOR_OIDC_USER_CLAIM that identifies the user
                                       at the OpenID Connect provider (e.g. HelseID pid_pseudonym)
  backup FILE [--force]                online backup while KOR runs, checked; --force replaces FILE
  restore FILE                         replaces the database with a checked backup (stop KOR
                                       first); the old one is kept as <db>.before-restore-<time>
  generate --units U --courses N [--seed S] [--responses R] [--today YYYY-MM-DD]
                                       fills an EMPTY database with generated history for load
                                       tests: one unit with 500 active courses plus U units of N
                                       courses each (a quarter active), about 38 responses per
                                       course (--units 130 --courses 400: about 2 million); stops
                                       after R responses if given. Same seed and day (default
                                       today, S default 1): same rows. Names start «Generert –»;
                                       log in as leder@generert.example with the password given
  help                                 show this text

Passwords are read from KOR_PASSWORD or the first line of standard input (at least 12 characters).
The database is KOR_DB (SQLite file, default data/kor.sqlite) or DATABASE_URL (PostgreSQL).`;

const KINDS = ['region', 'trust', 'provider', 'unit'] as const;
const ROLES = ['admin', 'unit_lead', 'therapist', 'trainer'] as const;
const GLOBAL_ROLES = ['admin', 'national_trainer'] as const;

class UsageError extends Error {}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T {
  if (value && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

function onePositional(positionals: string[], usage: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(`Usage: ${usage}`);
  return positionals[0];
}

const consoleOutput = { out: console.log, err: console.error };

async function readPassword(): Promise<string> {
  if (process.env.KOR_PASSWORD) return process.env.KOR_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password (input is shown; prefer KOR_PASSWORD): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const target = parseConfig(process.env).database;
  const db = openDatabase(target);
  try {
    await assertDurableDatabase(db, target);
    await migrateToLatest(db);
    return await work(db);
  } finally {
    await db.destroy();
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      kind: { type: 'string' },
      name: { type: 'string' },
      parent: { type: 'string' },
      email: { type: 'string' },
      'global-role': { type: 'string' },
      member: { type: 'string', multiple: true },
      force: { type: 'boolean' },
      units: { type: 'string' },
      courses: { type: 'string' },
      seed: { type: 'string' },
      responses: { type: 'string' },
      today: { type: 'string' },
      'external-id': { type: 'string' },
      clear: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0 && command !== 'backup' && command !== 'restore')
    throw new UsageError(`Unexpected argument "${positionals[0]}"`);
  const now = new Date();
  switch (command) {
    case 'migrate': {
      const target = parseConfig(process.env).database;
      const db = openDatabase(target);
      try {
        await assertDurableDatabase(db, target);
        const applied = await migrateToLatest(db);
        console.log(
          applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.',
        );
      } finally {
        await db.destroy();
      }
      return 0;
    }
    case 'instruments':
      for (const def of builtInRegistry().all()) {
        const nb = def.translations.nb.status;
        console.log(
          `${def.id.padEnd(18)} ${def.version.padEnd(8)} ${def.status.padEnd(9)} nb:${nb.padEnd(9)} ${def.title.en}`,
        );
      }
      return 0;
    case 'create-organisation': {
      const kind = oneOf<OrganisationKind>(values.kind, KINDS, 'kind');
      const name = required(values.name, 'name');
      const org = await withDatabase((db) =>
        createOrganisation(db, { kind, name, parentId: values.parent ?? null }, now),
      );
      console.log(`${org.id}  ${org.kind}  ${org.name}`);
      return 0;
    }
    case 'list-units': {
      const units = await withDatabase((db) => listUnits(db));
      for (const u of units)
        console.log(
          `${u.id}  ${u.name}${u.is_demo ? '  [DEMO]' : ''}${u.is_practice ? '  [PRACTICE]' : ''}`,
        );
      if (units.length === 0) console.log('No units yet.');
      return 0;
    }
    case 'create-user': {
      const email = required(values.email, 'email');
      const globalRole = values['global-role']
        ? oneOf<GlobalRole>(values['global-role'], GLOBAL_ROLES, 'global-role')
        : null;
      const memberships = (values.member ?? []).map((m) => {
        const [unitId, role] = m.split(':');
        return {
          unitId: required(unitId, 'member UNIT_ID'),
          role: oneOf<UnitRole>(role, ROLES, 'member ROLE'),
        };
      });
      const password = await readPassword();
      const user = await withDatabase((db) =>
        createUser(
          db,
          { email, displayName: values.name ?? email, password, globalRole, memberships },
          now,
        ),
      );
      console.log(`Created ${user.email} (${user.id})`);
      return 0;
    }
    case 'reset-password': {
      const email = required(values.email, 'email');
      const password = await readPassword();
      await withDatabase((db) => resetPassword(db, email, password, now));
      console.log(`New password set for ${email}; open sessions were ended.`);
      return 0;
    }
    case 'set-external-id': {
      const email = required(values.email, 'email');
      const externalId = values.clear ? null : required(values['external-id'], 'external-id');
      await withDatabase((db) => setExternalId(db, email, externalId, now));
      console.log(
        externalId
          ? `${email} now logs in through OpenID Connect as ${externalId}.`
          : `${email} no longer has an OpenID Connect id.`,
      );
      return 0;
    }
    case 'backup':
      return backupCommand(
        parseConfig(process.env).database,
        onePositional(positionals, 'backup FILE'),
        { force: values.force ?? false },
        consoleOutput,
      );
    case 'restore':
      return restoreCommand(
        parseConfig(process.env).database,
        onePositional(positionals, 'restore FILE'),
        now,
        consoleOutput,
      );
    case 'generate': {
      const options = generateOptions(values, now);
      if (typeof options === 'string') throw new UsageError(options);
      const password = await readPassword();
      const config = parseConfig(process.env);
      return withDatabase((db) =>
        generateCommand(
          db,
          { options, password, registry: builtInRegistry(), riskConfig: config.riskConfig },
          consoleOutput,
        ),
      );
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
    console.error(`${error.message}\n\n${HELP}`);
    process.exitCode = 2;
  } else if (
    error instanceof ConfigError ||
    error instanceof DomainError ||
    error instanceof DatabaseSetupError
  ) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    console.error(`Failed: ${String(error)}`);
    process.exitCode = 1;
  }
}
