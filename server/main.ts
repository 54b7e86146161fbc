/**
 * The server's entry point, and the only module that reads the environment.
 */
import { serve } from '@hono/node-server';
import { builtInRegistry } from '../instruments';
import { createApp } from './app';
import { CLIENT_DIST } from './client-build';
import { ConfigError, parseConfig } from './config';
import { createLogger } from './logger';
import { bootstrapAdmin } from './services/auth-service';
import { createRiskEngine } from './services/risk-engine';
import { initialiseDatabase } from './services/setup-service';
import { migrateToLatest, openDatabase } from './storage/database';

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger((line) => process.stdout.write(`${line}\n`));
const db = openDatabase(config.database);
await migrateToLatest(db);
const registry = builtInRegistry();
const setup = await initialiseDatabase(db, { demo: config.demo, now: new Date(), registry });
const admin = await bootstrapAdmin(db, config.admin, new Date());
if (admin)
  setup.messages.push(
    `Created the first administrator: ${admin} (password from KOR_ADMIN_PASSWORD).`,
  );

// Signals that time alone raises (a gap in contacts, a transition window closing) are
// recomputed in the background: once after start-up, then hourly for rows from an earlier day.
// Start-up does not wait for it; a caseload recomputes any row it finds stale itself.
const risk = createRiskEngine(config.riskConfig);
const sweep = () =>
  risk
    .sweep(db, new Date())
    .then((courses) => courses && logger.log('info', 'risk recomputed', { courses }))
    .catch((error: unknown) => logger.log('error', 'risk sweep failed', { error: String(error) }));
setTimeout(sweep, 0).unref();
setInterval(sweep, 60 * 60 * 1000).unref();

const app = createApp({
  db,
  registry,
  logger,
  riskConfig: config.riskConfig,
  clientDir: CLIENT_DIST,
  trustProxy: config.trustProxy,
});
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

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.log('info', 'shutting down', { signal });
  // Finish in-flight requests, then close the database cleanly.
  server.close(async () => {
    await db.destroy();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
