/**
 * `npm run kor -- backup` and `restore` on real SQLite files: a backup taken while another
 * process writes is a consistent snapshot, and a restore brings back exactly its rows; a damaged,
 * foreign or newer file is refused and the current database is left as it was.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../../instruments';
import { backupCommand, restoreCommand } from '../../server/backup-commands';
import { initialiseDatabase } from '../../server/services/setup-service';
import { migrateToLatest, openDatabase } from '../../server/storage/database';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const NOW = new Date('2026-03-02T08:00:00Z');

/** Collects what a command prints. */
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

const sqliteAt = (file: string) => ({ kind: 'sqlite' as const, file });
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Per table: the row count and a sha256 over its rows in primary-key order. */
function tableDigests(
  file: string,
  skip: (table: string, row: Record<string, unknown>) => boolean,
) {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
      .map((t) => t.name);
    return Object.fromEntries(
      tables.map((table) => {
        const keys = db
          .prepare<[], { name: string; pk: number }>(`PRAGMA table_info("${table}")`)
          .all()
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => `"${c.name}"`);
        const order = keys.length > 0 ? keys.join(', ') : 'rowid';
        const rows = db
          .prepare<[], Record<string, unknown>>(`SELECT * FROM "${table}" ORDER BY ${order}`)
          .all()
          .filter((row) => !skip(table, row));
        const hash = createHash('sha256');
        for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
        return [table, { rows: rows.length, sha256: hash.digest('hex') }];
      }),
    );
  } finally {
    db.close();
  }
}

/**
 * Another process writing in a loop, as a server would: each transaction adds a contact and a
 * kor_meta row numbered i, and prints i after its COMMIT. "stop" on stdin ends it.
 */
const WRITER = `
const SQLite = require('better-sqlite3');
const db = new SQLite(process.argv[1], { fileMustExist: true, timeout: 5000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
const course = db.prepare('SELECT id FROM treatment_courses ORDER BY id LIMIT 1').get().id;
const contact = db.prepare("INSERT INTO contacts (id, course_id, kind, date, created_at) VALUES (?, ?, 'session', '2026-03-02', '2026-03-02T08:00:00.000Z')");
const meta = db.prepare("INSERT INTO kor_meta (key, value, updated_at) VALUES (?, ?, '2026-03-02T08:00:00.000Z')");
const write = db.transaction((i) => { contact.run('loop-' + i, course); meta.run('loop-' + i, String(i)); });
let stop = false;
process.stdin.on('data', () => { stop = true; });
let i = 0;
(function next() {
  if (stop) { db.close(); return; }
  write(++i);
  process.stdout.write(i + '\\n');
  setImmediate(next);
})();
`;

function startWriter(file: string) {
  const child: ChildProcess = spawn(process.execPath, ['-e', WRITER, file], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let committed = 0;
  const waiters: { at: number; resolve: () => void }[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    committed = Number(line);
    for (const w of waiters.filter((w) => committed >= w.at)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    committed: () => committed,
    /** Resolves once transaction `at` has committed. */
    reached: (at: number) =>
      new Promise<void>((resolve) => (committed >= at ? resolve() : waiters.push({ at, resolve }))),
    async stop() {
      child.stdin?.end('stop\n');
      expect(await exited).toBe(0);
      return committed;
    },
  };
}

/** The loop's rows numbered above `last`: written after the snapshot was taken. */
const loopNumber = (table: string, row: Record<string, unknown>) => {
  const id = table === 'contacts' ? row.id : table === 'kor_meta' ? row.key : undefined;
  return typeof id === 'string' && id.startsWith('loop-') ? Number(id.slice(5)) : 0;
};

describe('backup and restore of an SQLite database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kor-backup-'));
  const source = path.join(dir, 'kor.sqlite');

  beforeAll(async () => {
    const db = openDatabase(sqliteAt(source));
    await migrateToLatest(db);
    await initialiseDatabase(db, { demo: true, now: NOW, registry: builtInRegistry() });
    await db.destroy();
  });

  it('backs up while another process writes, and restores exactly that snapshot', async () => {
    const writer = startWriter(source);
    await writer.reached(20);
    const before = writer.committed();
    const backup = path.join(dir, 'online.sqlite');
    const run = capture();
    expect(await backupCommand(sqliteAt(source), backup, { force: false }, run.io)).toBe(0);
    expect(run.out).toContain('PRAGMA integrity_check on the copy: ok');
    // The snapshot holds whole transactions: loop rows 1..k in both tables, nothing in between.
    const copy = new SQLite(backup, { readonly: true });
    const contacts = copy
      .prepare<[], { id: string }>("SELECT id FROM contacts WHERE id LIKE 'loop-%'")
      .all();
    const metas = copy
      .prepare<[], { key: string }>("SELECT key FROM kor_meta WHERE key LIKE 'loop-%'")
      .all();
    copy.close();
    const k = contacts.length;
    expect(k).toBeGreaterThanOrEqual(before);
    expect(metas.map((m) => m.key).sort()).toEqual(contacts.map((c) => c.id).sort());
    expect(new Set(contacts.map((c) => loopNumber('contacts', c)))).toEqual(
      new Set(Array.from({ length: k }, (_, i) => i + 1)),
    );
    // The writer went on after the snapshot; the source has more than the backup.
    await writer.reached(k + 1);
    expect(await writer.stop()).toBeGreaterThan(k);

    const restoredFile = path.join(dir, 'fresh', 'kor.sqlite');
    const restore = capture();
    expect(await restoreCommand(sqliteAt(restoredFile), backup, NOW, restore.io)).toBe(0);
    expect(restore.out).toContain('There was no database there before.');
    const expected = tableDigests(source, (table, row) => loopNumber(table, row) > k);
    const restored = tableDigests(restoredFile, () => false);
    expect(restored).toEqual(expected);
    expect(restored.responses?.rows).toBeGreaterThan(1000);
    // The counts the backup printed are the restored ones.
    for (const [table, { rows }] of Object.entries(restored))
      expect(run.out.join('\n')).toMatch(new RegExp(`  ${table} +${rows}$`, 'm'));
  });

  it('refuses a damaged, foreign or newer file and leaves the current database as it was', async () => {
    const good = path.join(dir, 'good.sqlite');
    expect(await backupCommand(sqliteAt(source), good, { force: false }, capture().io)).toBe(0);
    const current = path.join(dir, 'current', 'kor.sqlite');
    expect(await restoreCommand(sqliteAt(current), good, NOW, capture().io)).toBe(0);
    const untouched = sha256(current);

    const junk = path.join(dir, 'junk.sqlite');
    writeFileSync(junk, Buffer.alloc(8192, 'not a database '));
    const foreign = path.join(dir, 'foreign.sqlite');
    const other = new SQLite(foreign);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    other.close();
    const damaged = path.join(dir, 'damaged.sqlite');
    const bytes = readFileSync(good);
    const pageSize = bytes.readUInt16BE(16);
    // Overwrites a whole page in the middle of the file, as a failing disk would.
    bytes.fill(0x5a, pageSize * 100, pageSize * 101);
    writeFileSync(damaged, bytes);
    const newer = path.join(dir, 'newer.sqlite');
    copyFileSync(good, newer);
    const future = new SQLite(newer);
    future.exec("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-future', 'x')");
    future.close();

    const cases = [
      [junk, /junk\.sqlite is not a KOR backup: file is not a database/],
      [foreign, /foreign\.sqlite is an SQLite database, but not a KOR database/],
      [damaged, /damaged\.sqlite (is damaged: PRAGMA integrity_check|is not a KOR backup)/],
      [newer, /newer\.sqlite comes from a newer KOR \(migrations 9999-future/],
    ] as const;
    for (const [file, message] of cases) {
      const run = capture();
      expect(await restoreCommand(sqliteAt(current), file, NOW, run.io)).toBe(1);
      expect(run.err.join('\n')).toMatch(message);
      expect(sha256(current)).toBe(untouched);
      expect(readdirSync(path.dirname(current))).toEqual(['kor.sqlite']);
    }
  });

  it('refuses to restore while KOR has the database open', async () => {
    const backup = path.join(dir, 'while-open.sqlite');
    expect(await backupCommand(sqliteAt(source), backup, { force: false }, capture().io)).toBe(0);
    const server = new SQLite(source);
    server.pragma('journal_mode = WAL');
    server.prepare('SELECT count(*) FROM kor_meta').get();
    const before = sha256(source);
    try {
      const run = capture();
      expect(await restoreCommand(sqliteAt(source), backup, NOW, run.io)).toBe(1);
      expect(run.err.join('\n')).toContain('kor.sqlite is in use: stop KOR');
      expect(sha256(source)).toBe(before);
      expect(readdirSync(dir).filter((name) => name.includes('restore'))).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('npm run kor -- backup never overwrites a file without --force', () => {
    const env = { ...process.env, KOR_DB: source, DATABASE_URL: '' };
    const kor = (...args: string[]) =>
      spawnSync(TSX, ['server/cli.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' });
    const file = path.join(dir, 'cli.sqlite');
    const first = kor('backup', file);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Backed up .* MB, \d+ pages, in \d+ ms\./);
    expect(first.stdout).toMatch(/^ {2}responses +\d+$/m);
    const kept = sha256(file);
    const again = kor('backup', file);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(
      'cli.sqlite exists already: choose another name, or add --force.',
    );
    expect(sha256(file)).toBe(kept);
  });

  it('--force replaces an earlier backup', async () => {
    const file = path.join(dir, 'forced.sqlite');
    writeFileSync(file, 'an older file');
    const run = capture();
    expect(await backupCommand(sqliteAt(source), file, { force: true }, run.io)).toBe(0);
    expect(run.out).toContain('PRAGMA integrity_check on the copy: ok');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = new SQLite(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('on PostgreSQL, names pg_dump and pg_restore and exits non-zero, without the password', async () => {
    const postgres = { kind: 'postgres' as const, url: 'postgres://kor:s3cret@db.example/kor' };
    for (const command of [
      (io: ReturnType<typeof capture>['io']) => backupCommand(postgres, 'x', { force: false }, io),
      (io: ReturnType<typeof capture>['io']) => restoreCommand(postgres, 'x', NOW, io),
    ]) {
      const run = capture();
      expect(await command(run.io)).toBe(1);
      const text = run.err.join('\n');
      expect(text).toContain('pg_dump --format=custom');
      expect(text).toContain('pg_restore');
      expect(text).not.toContain('s3cret');
    }
  });
});
