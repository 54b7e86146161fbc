/**
 * Online backup and restore of the SQLite database. A backup is a consistent copy taken while KOR
 * serves (SQLite's backup API), checked with `PRAGMA integrity_check`; a restore puts a checked
 * backup in place of a stopped KOR's database and keeps the one it replaces.
 */
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { migrations } from '../../migrations';

/** A backup or restore that was refused or failed; the message says why and what to do. */
export class BackupError extends Error {}

export interface TableRows {
  table: string;
  rows: number;
}

export interface BackupReport {
  file: string;
  bytes: number;
  pages: number;
  milliseconds: number;
  tables: TableRows[];
}

export interface RestoreReport {
  /** Where the database that was replaced was kept, or null when there was none. */
  keptAs: string | null;
  createdAt: string;
  /** Migrations this KOR has and the backup has not: applied at the next start. */
  pending: string[];
  tables: TableRows[];
}

/**
 * The backup API restarts a copy whenever another connection writes between two steps. KOR's
 * writes come from the server, another process, so the whole database is copied in one step: one
 * read transaction, a consistent snapshot, while WAL lets the server keep writing meanwhile.
 */
const ALL_PAGES = 0x7fffffff;
const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

export async function backupSqlite(
  source: string,
  destination: string,
  options: { force: boolean },
): Promise<BackupReport> {
  const from = path.resolve(source);
  const to = path.resolve(destination);
  if (from === to || SIDE_FILES.some((suffix) => `${from}${suffix}` === to))
    throw new BackupError('The backup must go to another file than the database itself.');
  if (!existsSync(from)) throw new BackupError(`There is no database at ${source}.`);
  if (existsSync(to) && !options.force)
    throw new BackupError(`${destination} exists already: choose another name, or add --force.`);
  if (!existsSync(path.dirname(to)))
    throw new BackupError(`The directory ${path.dirname(destination)} does not exist.`);
  const started = performance.now();
  const partial = `${to}.partial-${process.pid}`;
  removeDatabaseFiles(partial);
  const db = new SQLite(from, { fileMustExist: true, timeout: 5000 });
  let pages: number;
  try {
    if (!hasTable(db, 'kor_meta')) throw new BackupError(`${source} is not a KOR database.`);
    pages = (await db.backup(partial, { progress: () => ALL_PAGES })).totalPages;
  } catch (error) {
    removeDatabaseFiles(partial);
    throw error;
  } finally {
    db.close();
  }
  let tables: TableRows[];
  try {
    tables = checkCopy(partial, destination);
  } catch (error) {
    removeDatabaseFiles(partial);
    throw error;
  }
  // A backup holds health data: readable by its owner only, whatever the umask.
  chmodSync(partial, 0o600);
  syncFile(partial);
  renameSync(partial, to);
  syncFile(path.dirname(to));
  const milliseconds = Math.round(performance.now() - started);
  return { file: to, bytes: statSync(to).size, pages, milliseconds, tables };
}

/**
 * Makes the copy one self-contained file (rollback journal instead of WAL: nothing beside it to
 * forget), checks it, and counts its rows.
 */
function checkCopy(file: string, shownAs: string): TableRows[] {
  const copy = new SQLite(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = integrityProblems(copy);
    if (problems)
      throw new BackupError(`The copy in ${shownAs} failed its integrity check: ${problems}`);
    return rowCounts(copy);
  } finally {
    copy.close();
  }
}

export async function restoreSqlite(
  backup: string,
  target: string,
  options: { now: Date },
): Promise<RestoreReport> {
  const from = path.resolve(backup);
  const to = path.resolve(target);
  if (from === to) throw new BackupError('The backup is the database itself: nothing to restore.');
  if (!existsSync(from)) throw new BackupError(`There is no backup at ${backup}.`);
  mkdirSync(path.dirname(to), { recursive: true });
  // Check a copy beside the database: the backup itself is never changed, and the final rename
  // stays on one file system.
  const candidate = `${to}.restore-${process.pid}`;
  removeDatabaseFiles(candidate);
  try {
    copyFileSync(from, candidate);
    if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${candidate}-wal`);
    const checked = checkBackup(candidate, backup);
    syncFile(candidate);
    const keptAs = existsSync(to) ? setAside(to, target, options.now) : null;
    for (const suffix of SIDE_FILES) rmSync(`${to}${suffix}`, { force: true });
    renameSync(candidate, to);
    syncFile(path.dirname(to));
    return { ...checked, keptAs };
  } finally {
    removeDatabaseFiles(candidate);
  }
}

/** Refuses anything but an intact KOR database from this KOR or an older one. */
function checkBackup(file: string, shownAs: string): Omit<RestoreReport, 'keptAs'> {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { fileMustExist: true });
    const problems = integrityProblems(db);
    if (problems)
      throw new BackupError(`${shownAs} is damaged: PRAGMA integrity_check reports ${problems}`);
    if (!hasTable(db, 'kor_meta') || !hasTable(db, 'kysely_migration'))
      throw new BackupError(`${shownAs} is an SQLite database, but not a KOR database.`);
    const applied = db
      .prepare<[], { name: string }>('SELECT name FROM kysely_migration ORDER BY name')
      .all()
      .map((row) => row.name);
    const known = Object.keys(migrations);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length > 0)
      throw new BackupError(
        `${shownAs} comes from a newer KOR (migrations ${unknown.join(', ')} are unknown here): ` +
          'upgrade KOR first, then restore.',
      );
    const createdAt = db
      .prepare<[], { value: string }>("SELECT value FROM kor_meta WHERE key = 'created_at'")
      .get()?.value;
    if (!createdAt)
      throw new BackupError(`${shownAs} is a KOR database that was never set up completely.`);
    // One file again, like a fresh backup: a copied -wal is folded in here.
    db.pragma('journal_mode = DELETE');
    const pending = known.filter((name) => !applied.includes(name));
    return { createdAt, pending, tables: rowCounts(db) };
  } catch (error) {
    if (error instanceof SQLite.SqliteError)
      throw new BackupError(`${shownAs} is not a KOR backup: ${error.message}.`);
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * Moves the current database aside as `<db>.before-restore-<time>`, after making sure no
 * process has it open: an exclusive lock is refused while any other connection exists (the
 * server keeps a shared one). Closing this last connection folds the WAL into the file.
 */
function setAside(file: string, shownAs: string, now: Date): string {
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    if (db.pragma('journal_mode', { simple: true }) === 'wal')
      db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    if (error instanceof SQLite.SqliteError && error.code === 'SQLITE_BUSY')
      throw new BackupError(
        `${shownAs} is in use: stop KOR (and anything else that has the database open) ` +
          'before a restore. Nothing was changed.',
      );
    throw error;
  } finally {
    db.close();
  }
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  let aside = `${file}.before-restore-${stamp}`;
  for (let n = 2; existsSync(aside); n++) aside = `${file}.before-restore-${stamp}-${n}`;
  renameSync(file, aside);
  for (const suffix of ['-wal', '-journal'] as const)
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${aside}${suffix}`);
  return aside;
}

function integrityProblems(db: SQLite.Database): string | null {
  const lines = db
    .prepare<[], { integrity_check: string }>('PRAGMA integrity_check')
    .all()
    .map((row) => row.integrity_check);
  if (lines.length === 1 && lines[0] === 'ok') return null;
  return lines.slice(0, 5).join('; ');
}

function hasTable(db: SQLite.Database, name: string): boolean {
  return (
    db
      .prepare<[string], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
      )
      .get(name) !== undefined
  );
}

export function rowCounts(db: SQLite.Database): TableRows[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map(({ name }) => ({
      table: name,
      rows: Number(
        db
          .prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`)
          .get()?.n ?? 0,
      ),
    }));
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(`${file}${suffix}`, { force: true });
}

/** Flushes a file, or a directory's entries after a rename, to the disk. */
function syncFile(file: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
