/**
 * An app in-process on a fresh database (in-memory SQLite unless an engine is given), as every
 * API test builds it.
 */
import { builtInRegistry } from '../../instruments';
import { createApp } from '../../server/app';
import { createLogger, type Logger } from '../../server/logger';
import type { OidcSettings } from '../../server/services/oidc-service';
import { type Database, migrateToLatest } from '../../server/storage/database';
import { type Engine, engines } from './databases';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Database;
  logLines: string[];
  /** Moves the test clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function createTestApp(
  options: {
    clientDir?: string;
    engine?: Engine;
    start?: Date;
    trustProxy?: boolean;
    oidc?: OidcSettings;
  } = {},
): Promise<TestApp> {
  const engine = options.engine ?? (engines()[0] as Engine);
  const { db, drop } = await engine.create();
  await migrateToLatest(db);
  const logLines: string[] = [];
  const logger: Logger = createLogger((line) => logLines.push(line), 'debug');
  let now = (options.start ?? new Date('2026-03-02T08:00:00Z')).getTime();
  const app = createApp({
    db,
    registry: builtInRegistry(),
    logger,
    clientDir: options.clientDir,
    clock: () => new Date(now),
    trustProxy: options.trustProxy ?? false,
    ...(options.oidc ? { oidc: options.oidc } : {}),
  });
  return {
    app,
    db,
    logLines,
    advance: (ms) => {
      now += ms;
    },
    close: drop,
  };
}

export function postJson(
  app: TestApp['app'],
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
