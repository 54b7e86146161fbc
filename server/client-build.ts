/**
 * Builds the client when its build is missing or older than any of its sources.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENT_DIST = path.join(PROJECT_ROOT, 'dist', 'client');

const SOURCES = ['client', 'instruments', 'vite.config.ts', 'package-lock.json'];

function newestMtime(entry: string): number {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(entry);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestMtime(path.join(entry, name))),
    stats.mtimeMs,
  );
}

export function clientBuildIsStale(): boolean {
  const built = newestMtime(path.join(CLIENT_DIST, 'index.html'));
  if (built === 0) return true;
  return SOURCES.some((s) => newestMtime(path.join(PROJECT_ROOT, s)) > built);
}

export async function ensureClientBuilt(say: (line: string) => void = console.log): Promise<void> {
  if (!clientBuildIsStale()) return;
  say('Building the client (vite build)…');
  const { build } = await import('vite');
  // Always the production build, as shipped: Vite builds for whatever NODE_ENV is set, and the
  // test runner sets it to "test" (a larger, different bundle than the one patients load).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      // The client folder, as vite.config.ts says, but absolute: npm start may run from anywhere.
      root: path.join(PROJECT_ROOT, 'client'),
      configFile: path.join(PROJECT_ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
