/**
 * `npm run kor -- <command>`: administration from the shell. Reads the same environment as the
 * server (KOR_DB or DATABASE_URL).
 */
import { builtInRegistry } from '../instruments';
import { ConfigError, parseConfig } from './config';
import { migrateToLatest, openDatabase } from './storage/database';

const HELP = `Usage: npm run kor -- <command>

Commands:
  migrate       create the database if needed and apply every migration
  instruments   list the instrument versions KOR ships
  help          show this text

The database is KOR_DB (SQLite file, default data/kor.sqlite) or DATABASE_URL (PostgreSQL).`;

async function run(command: string | undefined): Promise<number> {
  switch (command) {
    case 'migrate': {
      const config = parseConfig(process.env);
      const db = openDatabase(config.database);
      try {
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
  process.exitCode = await run(process.argv[2]);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Failed: ${String(error)}`);
  process.exitCode = 1;
}
