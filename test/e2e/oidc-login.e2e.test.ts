/**
 * Staff log in through a local OpenID Connect provider in the browser: the real built client,
 * the real server with the demo data, a real provider (oidc-provider) with its own login page,
 * Chromium. A therapist known to KOR lands in their caseload; a person KOR does not know is told
 * plainly, on KOR's page, why it did not work.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../../instruments';
import { initialiseDatabase } from '../../server/services/setup-service';
import {
  expectNoViolations,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from '../support/browser';
import { type RunningProvider, startOidcProvider } from '../support/oidc-provider';

let server: RunningServer;
let provider: RunningProvider | undefined;
let browser: Browser;

beforeAll(async () => {
  const now = new Date();
  [server, browser] = await Promise.all([
    startServer({
      start: now,
      oidc: async (url) => {
        provider = await startOidcProvider({
          redirectUri: `${url}/api/v1/auth/oidc/callback`,
          people: {
            // The demo's therapist, as the provider knows her (e-mail in another case).
            kari: { email: 'Demo-Terapeut@kor.example', email_verified: true, name: 'Kari' },
            ukjent: { email: 'ukjent@kor.example', email_verified: true },
          },
        });
        return provider.settings();
      },
    }),
    launchBrowser(),
  ]);
  await initialiseDatabase(server.testApp.db, { demo: true, now, registry: builtInRegistry() });
  await mkdir(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await provider?.close();
});

async function loginAtProvider(page: Page, login: string) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // The provider asks once to share the e-mail and name with KOR.
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('login through OpenID Connect in the browser', () => {
  it('takes a therapist through the provider into their caseload, with roles from KOR', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    // KOR's own pages must show no fault (the provider's page links a font it cannot fetch here).
    const errors: string[] = [];
    page.on('console', (m) => {
      if (
        m.type() === 'error' &&
        m.location().url.startsWith(server.url) &&
        !/status of 401/.test(m.text())
      )
        errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/terapeut`);
    await page.getByRole('heading', { level: 1, name: 'Logg inn' }).waitFor();
    const button = page.getByRole('link', { name: 'Logg inn med Testinnlogging' });
    await button.waitFor();
    await expectNoViolations(page, 'login with OpenID Connect');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'login-oidc.png') });

    await button.click();
    await page.waitForURL((url) => url.origin === provider?.issuer);
    await loginAtProvider(page, 'kari');
    await page.waitForURL(`${server.url}/terapeut`);
    await page.getByRole('heading', { level: 1, name: 'Mine pasienter' }).waitFor();
    await page.getByText('Innlogget som').waitFor();
    expect(await page.locator('.staff-bar strong').textContent()).toMatch(/Terapeut/);
    // The session is KOR's own: the API answers as the demo therapist.
    const me = await page.request.get(`${server.url}/api/v1/auth/me`);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(
      'demo-terapeut@kor.example',
    );
    expect(errors).toEqual([]);

    // Logging out ends the session at the provider too, which sends the browser back to KOR.
    await page.getByRole('button', { name: /Logg ut/ }).click();
    await page.waitForURL((url) => url.origin === provider?.issuer);
    await page.getByRole('button', { name: /sign me out/i }).click();
    await page.waitForURL(`${server.url}/`);
    expect((await page.request.get(`${server.url}/api/v1/auth/me`)).status()).toBe(401);
    await context.close();
  }, 60_000);

  it('tells a person KOR does not know why the login did not go through', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/enhet`);
    await page.getByRole('link', { name: 'Logg inn med Testinnlogging' }).click();
    await loginAtProvider(page, 'ukjent');
    await page.waitForURL(`${server.url}/?innlogging=no_user`);
    await page
      .getByRole('alert')
      .getByText('Du ble logget inn hos innloggingstjenesten, men har ingen aktiv bruker i KOR.', {
        exact: false,
      })
      .waitFor();
    const me = await page.request.get(`${server.url}/api/v1/auth/me`);
    expect(me.status()).toBe(401);
    await context.close();
  }, 60_000);
});
