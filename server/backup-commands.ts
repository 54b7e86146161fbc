/**
 * `npm run kor -- backup <file>` and `restore <file>`: the wording around server/storage's SQLite
 * backup. PostgreSQL has its own tools, and the commands say which to use rather than run them.
 */
import type { Config } from './config';
import { BackupError, backupSqlite, restoreSqlite, type TableRows } from './storage/sqlite-backup';

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

type DatabaseConfig = Config['database'];

/** The connection string holds a password: the advice refers to the variable, never its value. */
const POSTGRES_ADVICE = [
  'KOR is on PostgreSQL (DATABASE_URL): use PostgreSQL’s own tools, not this command.',
  '  Back up:  pg_dump --format=custom --file=kor.dump "$DATABASE_URL"',
  '  Restore (KOR stopped, into an empty database):',
  '            pg_restore --exit-on-error --no-owner --dbname="$DATABASE_URL" kor.dump',
  'For point-in-time recovery use a base backup (pg_basebackup) with WAL archiving;',
  'README.md, "Backups", has the steps and how to test a restore.',
];

/** On PostgreSQL the backup tools are PostgreSQL's own: say which, and fail. */
function postgresAdvice(io: CommandOutput): number {
  for (const line of POSTGRES_ADVICE) io.err(line);
  return 1;
}

export async function backupCommand(
  database: DatabaseConfig,
  file: string,
  options: { force: boolean },
  io: CommandOutput,
): Promise<number> {
  if (database.kind === 'postgres') return postgresAdvice(io);
  try {
    const report = await backupSqlite(database.file, file, options);
    io.out(
      `Backed up ${database.file} to ${file}: ${megabytes(report.bytes)}, ${report.pages} pages, ` +
        `in ${report.milliseconds} ms.`,
    );
    io.out('PRAGMA integrity_check on the copy: ok');
    printTables(report.tables, io);
    return 0;
  } catch (error) {
    return refused(error, io);
  }
}

export async function restoreCommand(
  database: DatabaseConfig,
  file: string,
  now: Date,
  io: CommandOutput,
): Promise<number> {
  if (database.kind === 'postgres') return postgresAdvice(io);
  try {
    const report = await restoreSqlite(file, database.file, { now });
    io.out(`Restored ${file} to ${database.file} (a KOR database created ${report.createdAt}).`);
    io.out(
      report.keptAs
        ? `The database it replaced was kept as ${report.keptAs}.`
        : 'There was no database there before.',
    );
    if (report.pending.length > 0)
      io.out(`KOR applies ${report.pending.length} newer migration(s) when it starts.`);
    printTables(report.tables, io);
    io.out('Start KOR again, log in and check the latest responses.');
    return 0;
  } catch (error) {
    return refused(error, io);
  }
}

function printTables(tables: TableRows[], io: CommandOutput): void {
  const width = Math.max(...tables.map((t) => t.table.length));
  io.out('Rows per table:');
  for (const t of tables) io.out(`  ${t.table.padEnd(width)}  ${String(t.rows).padStart(9)}`);
}

function refused(error: unknown, io: CommandOutput): number {
  if (!(error instanceof BackupError)) throw error;
  io.err(error.message);
  return 1;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
