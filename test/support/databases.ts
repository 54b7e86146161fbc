/**
 * The real engines the storage tests run on: in-memory SQLite always, and PostgreSQL when
 * KOR_TEST_DATABASE_URL points at a server (.ci/run starts one). Each PostgreSQL test database is
 * created fresh and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../server/storage/database';

export interface TestDatabase {
  db: Database;
  drop(): Promise<void>;
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

const sqlite: Engine = {
  name: 'sqlite',
  async create() {
    const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
    return { db, drop: () => db.destroy() };
  },
};

function postgres(adminUrl: string): Engine {
  return {
    name: 'postgres',
    async create() {
      const name = `kor_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = openDatabase({ kind: 'postgres', url: url.toString() });
      return {
        db,
        async drop() {
          await db.destroy();
          const cleanup = new pg.Client({ connectionString: adminUrl });
          await cleanup.connect();
          await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
          await cleanup.end();
        },
      };
    },
  };
}

export function engines(): Engine[] {
  const url = process.env.KOR_TEST_DATABASE_URL;
  return url ? [sqlite, postgres(url)] : [sqlite];
}
