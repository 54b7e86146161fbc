/**
 * Browser (end-to-end) test helpers: Debian's Chromium driven by playwright-core, the real server
 * on a free port serving the real built client, and axe-core accessibility checks.
 *
 * Chromium comes from apt, not from `npx playwright install`: run scripts/ensure-chromium.sh
 * (or set KOR_CHROMIUM to another Chromium binary).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import type { AxeResults, Result as AxeViolation } from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CLIENT_DIST, ensureClientBuilt, PROJECT_ROOT } from '../../server/client-build';
import type { OidcSettings } from '../../server/services/oidc-service';
import { createTestApp, type TestApp } from './app';

/**
 * Where end-to-end tests write screenshots: docs/screenshots (the README's) with
 * KOR_UPDATE_SCREENSHOTS=1, otherwise test-results/ so that `npm test` never changes tracked files.
 */
export const SCREENSHOTS =
  process.env.KOR_UPDATE_SCREENSHOTS === '1'
    ? path.join(PROJECT_ROOT, 'docs', 'screenshots')
    : path.join(PROJECT_ROOT, 'test-results', 'screenshots');

export const CHROMIUM_PATH = process.env.KOR_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Run scripts/ensure-chromium.sh ` +
        '(apt-get install chromium) or set KOR_CHROMIUM to a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  testApp: TestApp;
  close(): Promise<void>;
}

/**
 * The real app (fresh in-memory database) serving the built client on 127.0.0.1, a free port.
 * `oidc` gives the OpenID Connect settings once the server's URL is known (for its callback).
 */
export async function startServer(
  options: { start?: Date; oidc?: (url: string) => Promise<OidcSettings> } = {},
): Promise<RunningServer> {
  await ensureClientBuilt();
  let testApp: TestApp | undefined;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch: (request, env) =>
          testApp ? testApp.app.fetch(request, env) : new Response('starting', { status: 503 }),
        hostname: '127.0.0.1',
        port: 0,
      },
      () => resolve(s as Server),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const oidc = options.oidc ? await options.oidc(url) : undefined;
  testApp = await createTestApp({
    clientDir: CLIENT_DIST,
    ...(options.start ? { start: options.start } : {}),
    ...(oidc ? { oidc } : {}),
  });
  const app = testApp;
  return {
    url,
    testApp: app,
    async close() {
      // Keep-alive connections from the browser would otherwise hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await app.close();
    },
  };
}

const AXE_SOURCE = path.join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
let axeSource: Promise<string> | undefined;

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and returns the violations.
 *
 * The server sends a strict Content-Security-Policy (script-src 'self'), so
 * `page.addScriptTag({ content })` would add an inline <script> the page refuses to run.
 * `page.evaluate(source)` instead evaluates the file through the DevTools protocol, which CSP
 * does not govern, so the page keeps its real CSP (no `bypassCSP`) while axe is checked.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(AXE_SOURCE, 'utf8');
  const source = await axeSource;
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(source);
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (...a: unknown[]) => Promise<AxeResults> } }).axe.run(
        document,
        { runOnly: { type: 'tag', values: tags } },
      ),
    AXE_TAGS,
  );
  return results.violations;
}

/**
 * Collects what would show in the browser console as a fault: console errors, uncaught errors and
 * CSP violations. `expected` passes over messages a test causes on purpose (a cut network).
 */
export function collectPageErrors(page: Page, expected?: RegExp): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected?.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** One line per violation and node, readable in a failed assertion. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${n.target.join(' ')}`),
  );
}

/** Asserts that axe-core finds no WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectNoViolations(page: Page, screen?: string): Promise<void> {
  expect(describeViolations(await runAxe(page)), screen).toEqual([]);
}

/** Logs in through the staff login form the page shows (bokmål labels). */
export async function submitStaffLogin(page: Page, email: string, password: string) {
  await page.getByRole('heading', { level: 1, name: 'Logg inn' }).waitFor();
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}
