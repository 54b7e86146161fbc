/**
 * An app in-process on a fresh in-memory SQLite database, as every API test builds it.
 */
import { builtInRegistry } from '../../instruments';
import { createApp } from '../../server/app';
import { createLogger, type LogFields, type Logger } from '../../server/logger';
import { type Database, migrateToLatest, openDatabase } from '../../server/storage/database';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Database;
  logLines: string[];
  close(): Promise<void>;
}

export async function createTestApp(options: { clientDir?: string } = {}): Promise<TestApp> {
  const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
  await migrateToLatest(db);
  const logLines: string[] = [];
  const logger: Logger = createLogger((line) => logLines.push(line), 'debug');
  const app = createApp({ db, registry: builtInRegistry(), logger, clientDir: options.clientDir });
  return { app, db, logLines, close: () => db.destroy() };
}

export type { LogFields };

export function postJson(app: TestApp['app'], path: string, body: unknown) {
  return app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}
