import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../server/storage/database';
import { withStatementCache } from '../../server/storage/statement-cache';

interface Rows {
  notes: { id: number; text: string };
}

describe('the SQLite statement cache', () => {
  const opened: Kysely<Rows>[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy();
  });

  function open(size?: number) {
    const sqlite = openSqlite(':memory:');
    const prepared: string[] = [];
    const counting = new Proxy(sqlite, {
      get(target, key) {
        if (key === 'prepare')
          return (text: string) => {
            prepared.push(text);
            return target.prepare(text);
          };
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const db = new Kysely<Rows>({
      dialect: new SqliteDialect({ database: withStatementCache(counting, size) }),
    });
    opened.push(db);
    return { db, prepared };
  }

  it('prepares a query once and answers it right every time after', async () => {
    const { db, prepared } = open();
    await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`.execute(db);
    for (let i = 1; i <= 5; i++)
      await db
        .insertInto('notes')
        .values({ id: i, text: `n${i}` })
        .execute();
    const find = (id: number) =>
      db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst();
    expect(await find(2)).toEqual({ id: 2, text: 'n2' });
    expect(await find(4)).toEqual({ id: 4, text: 'n4' });
    expect(await find(9)).toBeUndefined();
    const inserts = prepared.filter((text) => text.startsWith('insert'));
    const selects = prepared.filter((text) => text.startsWith('select'));
    expect(inserts).toHaveLength(1);
    expect(selects).toHaveLength(1);
  });

  it('drops the least recently used statement beyond its size', async () => {
    const { db, prepared } = open(2);
    await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`.execute(db);
    const a = () => db.selectFrom('notes').select('id').execute();
    const b = () => db.selectFrom('notes').select('text').execute();
    const c = () => db.selectFrom('notes').selectAll().execute();
    await a();
    await b();
    await a(); // a is now the most recent; b is the oldest
    await c(); // drops b
    await a();
    await b(); // prepared again
    const count = (text: string) => prepared.filter((p) => p === text).length;
    expect(count('select "id" from "notes"')).toBe(1);
    expect(count('select "text" from "notes"')).toBe(2);
    expect(count('select * from "notes"')).toBe(1);
  });

  it('answers from the current schema after the table changes under a cached statement', async () => {
    const { db } = open();
    await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`.execute(db);
    await db.insertInto('notes').values({ id: 1, text: 'før' }).execute();
    const all = () => db.selectFrom('notes').selectAll().execute();
    expect(await all()).toEqual([{ id: 1, text: 'før' }]);
    await sql`ALTER TABLE notes ADD COLUMN extra TEXT NOT NULL DEFAULT 'x'`.execute(db);
    expect(await all()).toEqual([{ id: 1, text: 'før', extra: 'x' }]);
  });

  it('streams a query to its end and runs the same query again afterwards', async () => {
    const { db } = open();
    await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`.execute(db);
    for (let i = 1; i <= 3; i++)
      await db
        .insertInto('notes')
        .values({ id: i, text: `n${i}` })
        .execute();
    const query = db.selectFrom('notes').select('id').orderBy('id');
    const streamed: number[] = [];
    for await (const row of query.stream()) streamed.push(row.id);
    expect(streamed).toEqual([1, 2, 3]);
    expect((await query.execute()).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
