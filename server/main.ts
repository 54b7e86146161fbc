/**
 * The server's entry point, and the only module that reads the environment.
 */
import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { builtInRegistry } from '../instruments';
import { createApp } from './app';
import { CLIENT_DIST } from './client-build';
import { ConfigError, parseConfig } from './config';
import { gracefulClose } from './http/graceful-close';
import { createLogger, errorFacts } from './logger';
import { type OidcSettings, OidcSettingsError } from './services/oidc-service';
import { createRiskEngine } from './services/risk-engine';
import { prepareDatabase } from './services/setup-service';
import {
  assertDurableDatabase,
  type Database,
  DatabaseSetupError,
  openDatabase,
} from './storage/database';
import { INSTANCE_LOCK_KEYS, unlessRunningElsewhere } from './storage/instance-locks';

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

let oidc: OidcSettings | undefined;
if (config.oidc) {
  const { privateKeyFile, ...rest } = config.oidc;
  try {
    oidc = { ...rest, privateKey: readFileSync(privateKeyFile, 'utf8') };
  } catch (error) {
    console.error(
      `KOR_OIDC_PRIVATE_KEY_FILE: cannot read ${privateKeyFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
    process.exit(1);
  }
}

const logger = createLogger((line) => process.stdout.write(`${line}\n`));
let db: Database;
try {
  db = openDatabase(config.database);
  await assertDurableDatabase(db, config.database);
} catch (error) {
  if (!(error instanceof DatabaseSetupError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const registry = builtInRegistry();
// Once across instances starting together on one PostgreSQL database (an advisory lock).
const setup = await prepareDatabase(db, {
  demo: config.demo,
  now: new Date(),
  registry,
  admin: config.admin,
});

// Signals that time alone raises (a gap in contacts, a transition window closing) are
// recomputed in the background: once after start-up, then hourly for rows from an earlier day.
// Start-up does not wait for it; a caseload recomputes any row it finds stale itself. On
// PostgreSQL one instance sweeps at a time; the others skip that round (the next finds the rest).
const risk = createRiskEngine(config.riskConfig);
let sweeping: Promise<unknown> = Promise.resolve();
const sweep = () => {
  sweeping = unlessRunningElsewhere(db, INSTANCE_LOCK_KEYS.riskSweep, () =>
    risk.sweep(db, new Date()),
  )
    .then((courses) => courses && logger.log('info', 'risk recomputed', { courses }))
    .catch((error: unknown) => logger.log('error', 'risk sweep failed', errorFacts(error)));
};
const firstSweep = setTimeout(sweep, 0).unref();
const hourlySweep = setInterval(sweep, 60 * 60 * 1000).unref();

let app: ReturnType<typeof createApp>;
try {
  app = createApp({
    db,
    registry,
    logger,
    riskConfig: config.riskConfig,
    clientDir: CLIENT_DIST,
    trustProxy: config.trustProxy,
    ...(oidc ? { oidc } : {}),
  });
} catch (error) {
  if (!(error instanceof OidcSettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const where =
    config.database.kind === 'sqlite'
      ? `SQLite ${config.database.file}`
      : 'PostgreSQL (DATABASE_URL)';
  const shownHost =
    info.address === '0.0.0.0' || info.address === '::' ? 'localhost' : info.address;
  console.log(
    [
      '',
      `KOR is running at http://${shownHost}:${info.port}/  (database: ${where})`,
      setup.created ? 'A new database was created.' : '',
      ...setup.messages,
      'Stop with Ctrl+C.',
      '',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
});
server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Port ${config.port} is already in use: set PORT to another port.`
      : `Could not start the server: ${error.message}`,
  );
  process.exit(1);
});

if (!(server instanceof Server)) throw new Error('KOR serves plain HTTP/1.1 (behind a TLS proxy)');
const connections = gracefulClose(server);

/** Requests still unanswered this long after SIGTERM are cut (a client that stalls mid-request). */
const SHUTDOWN_GRACE_MS = 10_000;
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  clearTimeout(firstSweep);
  clearInterval(hourlySweep);
  setTimeout(() => {
    logger.log('error', 'shutdown did not finish in time', { signal });
    process.exit(1);
  }, SHUTDOWN_GRACE_MS + 5_000).unref();
  // Stop accepting connections; every request already received runs to its end (its response
  // comes after its COMMIT), then the database closes: SQLite folds the WAL into the file.
  const closed = connections.close(SHUTDOWN_GRACE_MS);
  logger.log('info', 'shutting down', { signal, requests: connections.pending() });
  const { cut } = await closed;
  if (cut > 0) logger.log('warn', 'requests cut after the grace period', { cut });
  await sweeping;
  await db.destroy();
  logger.log('info', 'stopped', { signal });
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
