/**
 * End-to-end files that follow staff through the demo: the real server with the demo data and
 * Chromium, started before the file's tests and stopped after them, and pages logged in with the
 * demo password. The server's clock is the browser's (today), so dates typed in forms line up.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { builtInRegistry } from '../../instruments';
import { DEMO_PASSWORD } from '../../server/services/demo-service';
import { initialiseDatabase } from '../../server/services/setup-service';
import { createUser } from '../../server/services/staff-service';
import {
  collectPageErrors,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
  submitStaffLogin,
} from './browser';

export interface DemoBrowserOptions {
  /** The pages' size. */
  viewport: { width: number; height: number };
  /** A page's step time limit (ms): a step that fails says which, well inside the test's. */
  timeout: number;
  /** Faults a logged-in page may show on purpose (answers before the login, say). */
  expectedErrors: RegExp;
  /** A national trainer of the test's own, beside the demo's; logs in with the demo password. */
  nationalTrainer?: { email: string; displayName: string };
}

export interface DemoBrowser {
  /** The server's base URL, without a trailing slash. */
  readonly url: string;
  /** A fresh browser context, closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context at the viewport, with the step time limit. */
  newPage(): Promise<Page>;
  /**
   * A new page opened at `pathname` and logged in as `email`; `errors` collects what it shows as a
   * fault from the first request on, passing over the expected errors.
   */
  logIn(email: string, pathname: string): Promise<{ page: Page; errors: string[] }>;
}

async function startDemo(
  nationalTrainer: DemoBrowserOptions['nationalTrainer'],
): Promise<{ server: RunningServer; browser: Browser }> {
  const now = new Date();
  const [server, browser] = await Promise.all([startServer({ start: now }), launchBrowser()]);
  try {
    await initialiseDatabase(server.testApp.db, { demo: true, now, registry: builtInRegistry() });
    if (nationalTrainer) {
      await createUser(
        server.testApp.db,
        {
          ...nationalTrainer,
          password: DEMO_PASSWORD,
          globalRole: 'national_trainer',
          memberships: [],
        },
        now,
      );
    }
    await mkdir(SCREENSHOTS, { recursive: true });
  } catch (error) {
    await browser.close();
    await server.close();
    throw error;
  }
  return { server, browser };
}

/** Starts the demo in `beforeAll` of the calling file and stops it in `afterAll`. */
export function useDemoBrowser(options: DemoBrowserOptions): DemoBrowser {
  let running: { server: RunningServer; browser: Browser } | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    running = await startDemo(options.nationalTrainer);
  });
  afterAll(async () => {
    await running?.browser.close();
    await running?.server.close();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  const started = () => {
    if (!running) throw new Error('test setup: the demo is not running (use it inside a test)');
    return running;
  };
  const newContext = async (contextOptions?: BrowserContextOptions) => {
    const context = await started().browser.newContext(contextOptions);
    contexts.push(context);
    return context;
  };
  const newPage = async () => {
    const page = await (await newContext({ viewport: options.viewport })).newPage();
    page.setDefaultTimeout(options.timeout);
    return page;
  };

  return {
    get url() {
      return started().server.url;
    },
    newContext,
    newPage,
    async logIn(email, pathname) {
      const page = await newPage();
      const errors = collectPageErrors(page, options.expectedErrors);
      await page.goto(`${started().server.url}${pathname}`);
      await submitStaffLogin(page, email, DEMO_PASSWORD);
      // Logged in when the login form has gone: the session cookie is set by then, so a test's
      // own API calls from this page (page.request) are not sent before it.
      await page.getByRole('heading', { level: 1, name: 'Logg inn' }).waitFor({ state: 'hidden' });
      return { page, errors };
    },
  };
}
