/**
 * The layers of DESIGN.md, kept by a machine: instruments/ pure, migrations import only kysely,
 * routes thin (no storage), SQL drivers only in storage, client areas independent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');

interface Import {
  file: string;
  specifier: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  return readdirSync(full).flatMap((name) => {
    const p = path.join(full, name);
    if (statSync(p).isDirectory()) return sourceFiles(path.join(dir, name));
    return /\.(ts|tsx)$/.test(name) ? [path.join(dir, name)] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const found: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) {
    found.push({ file, specifier: m[3] ?? '', typeOnly: Boolean(m[2]) });
  }
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ file, specifier: m[1] ?? '', typeOnly: false });
  }
  return found;
}

/** The repository-relative path an import points to, or the package name. */
function target(imp: Import): string {
  if (!imp.specifier.startsWith('.')) return imp.specifier;
  return path.normalize(path.join(path.dirname(imp.file), imp.specifier));
}

const violations = (dir: string, bad: (imp: Import, to: string) => boolean) =>
  sourceFiles(dir)
    .flatMap(importsOf)
    .filter((imp) => bad(imp, target(imp)))
    .map((imp) => `${imp.file} imports ${imp.specifier}`);

describe('layer boundaries', () => {
  it('the scan sees imports (the check is not vacuous)', () => {
    expect(importsOf('server/app.ts').map((i) => i.specifier)).toContain('hono');
  });

  it('instruments/ imports nothing but itself and zod', () => {
    expect(
      violations('instruments', (_, to) => !(to.startsWith('instruments') || to === 'zod')),
    ).toEqual([]);
  });

  it('migrations/ import nothing but kysely and each other', () => {
    expect(
      violations('migrations', (_, to) => !(to.startsWith('migrations') || to === 'kysely')),
    ).toEqual([]);
  });

  it('routes do not reach storage or database drivers', () => {
    expect(
      violations(
        'server/routes',
        (_, to) =>
          to.startsWith('server/storage') || ['kysely', 'better-sqlite3', 'pg'].includes(to),
      ),
    ).toEqual([]);
  });

  it('database drivers and SQL builders are used only in storage', () => {
    const drivers = ['kysely', 'better-sqlite3', 'pg'];
    expect(
      violations(
        'server',
        (imp, to) => drivers.includes(to) && !imp.file.startsWith('server/storage'),
      ),
    ).toEqual([]);
  });

  it('the client imports the server only for types, and instruments only for types or zod-free helpers', () => {
    const runtimeInstruments = ['instruments/skip-rules'];
    expect(
      violations('client', (imp, to) => {
        if (to.startsWith('server')) return !imp.typeOnly;
        if (to.startsWith('instruments')) return !imp.typeOnly && !runtimeInstruments.includes(to);
        return false;
      }),
    ).toEqual([]);
  });

  it('client areas never import each other', () => {
    const areas = readdirSync(path.join(ROOT, 'client/src')).filter(
      (name) => statSync(path.join(ROOT, 'client/src', name)).isDirectory() && name !== 'shared',
    );
    expect(areas.length).toBeGreaterThan(1);
    for (const area of areas) {
      const own = `client/src/${area}`;
      expect(
        violations(
          own,
          (_, to) =>
            to.startsWith('client/src/') &&
            !to.startsWith(own) &&
            !to.startsWith('client/src/shared'),
        ),
      ).toEqual([]);
    }
  });

  it('the patient area talks only to the patient API, and imports no shared code that talks to staff routes', () => {
    const files = sourceFiles('client/src/patient');
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/\/api\/[\w/.-]*/g))
        expect(m[0], file).toMatch(/^\/api\/v1\/patient\b/);
      // shared/api.ts sends cookies: the patient area has its own cookie-less client.
      expect(
        importsOf(file).filter((i) => target(i) === 'client/src/shared/api'),
        file,
      ).toEqual([]);
    }
  });

  it('Chart.js is imported in one chart module only', () => {
    const users = sourceFiles('client').filter((f) =>
      importsOf(f).some((i) => i.specifier.startsWith('chart.js')),
    );
    expect(users.length).toBeLessThanOrEqual(1);
  });
});
