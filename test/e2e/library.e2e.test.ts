/**
 * The instrument library end to end: the real built client, served by the real server on a free
 * port, in Debian's Chromium (scripts/ensure-chromium.sh installs it).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  expectNoViolations,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from '../support/browser';

const VIEWPORT = { width: 1280, height: 900 };

/** Abbreviation shown on the list page → the instrument's id (its URL). */
const INSTRUMENTS: Record<string, string> = {
  AUDIT: 'audit',
  DUDIT: 'dudit',
  'DUDIT-E': 'dudit-e',
  'HSCL-25': 'hscl-25',
  GAF: 'gaf',
  GAS: 'gas',
  'PSQ-18': 'psq-18',
  'KOR-U': 'session-outcome',
  'KOR-S': 'session-alliance',
  'KOR-K': 'course-evaluation',
};

/** AUDIT worked example A4: items 1..10 → 13 in total, consumption 7, zone II. */
const AUDIT_A4 = [3, 2, 2, 1, 1, 0, 1, 1, 0, 2];

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;
/** Console errors, uncaught page errors and CSP violations seen by the current test's page. */
let pageErrors: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** A fresh context (no stored language choice) at 1280×900, opened at `pathname`. */
async function open(pathname: string): Promise<Page> {
  context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  pageErrors = collectPageErrors(page);
  await page.goto(`${server.url}${pathname}`);
  return page;
}

async function openAudit(): Promise<Page> {
  const page = await open('/instrumenter/audit');
  await page.getByRole('heading', { level: 2, name: 'Prøv skjemaet' }).waitFor();
  return page;
}

/** Clicks the label of the option with scoring `value` of item `id` (as a user would). */
async function choose(page: Page, id: string | number, value: number): Promise<void> {
  const input = page.locator(`input[name="item-${id}"][value="${value}"]`);
  await page.locator('label.option', { has: input }).click();
  expect(await input.isChecked()).toBe(true);
}

async function computeScore(page: Page, buttonName = 'Regn ut skår'): Promise<void> {
  const scored = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/instruments/audit/score') && r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: buttonName }).click();
  expect((await scored).status()).toBe(200);
  await page.locator('[data-score="total"]').waitFor();
}

async function fillAuditA4(page: Page): Promise<void> {
  for (const [index, value] of AUDIT_A4.entries()) await choose(page, index + 1, value);
  await page.locator('#respondent-sex').selectOption('female');
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).textContent()) ?? '').trim();

describe('instrument library in the browser', () => {
  it('lists all ten instruments, each linked to its page', async () => {
    const page = await open('/instrumenter');
    await page.getByRole('heading', { level: 1, name: 'Instrumentbibliotek' }).waitFor();
    await page.locator('.instrument-cards > li').first().waitFor();

    expect(await page.locator('.instrument-cards > li').count()).toBe(10);
    for (const [abbreviation, id] of Object.entries(INSTRUMENTS)) {
      const link = page.getByRole('link', { name: abbreviation, exact: true });
      expect(await link.count(), abbreviation).toBe(1);
      expect(await link.getAttribute('href'), abbreviation).toBe(`/instrumenter/${id}`);
    }
    expect(pageErrors).toEqual([]);
  });

  it('opens AUDIT from the list and scores worked example A4 (13, consumption 7, zone II)', async () => {
    const page = await open('/instrumenter');
    await page.getByRole('link', { name: 'AUDIT', exact: true }).click();
    await page.waitForURL(`${server.url}/instrumenter/audit`);
    await page.getByRole('heading', { level: 2, name: 'Prøv skjemaet' }).waitFor();

    await fillAuditA4(page);
    expect(await page.locator('form').getByText('10 / 10 besvart').count()).toBe(1);

    const request = page.waitForRequest((r) => r.url().endsWith('/audit/score'));
    await computeScore(page);
    expect((await request).postDataJSON()).toMatchObject({
      version: '1.0.0',
      answers: { '1': 3, '2': 2, '3': 2, '9': 0, '10': 2 },
      respondent: { sex: 'female' },
    });

    expect(await text(page, '[data-score="total"]')).toBe('13');
    expect(await text(page, '[data-score="consumption"]')).toBe('7');
    expect(await text(page, '[data-interpretation="zone"]')).toContain('Sone II');
    expect(pageErrors).toEqual([]);
  });

  it('applies the AUDIT skip rule: item 1 "Aldri" skips items 2–8, which count 0', async () => {
    const page = await openAudit();
    // An answer given before the skip rule applies is cleared when its item is hidden.
    await choose(page, 2, 4);
    await page
      .locator('fieldset.item', { has: page.locator('input[name="item-1"]') })
      .locator('label.option', { hasText: 'Aldri' })
      .click();

    const skipped = page.locator('.item-skipped');
    expect(await skipped.count()).toBe(7);
    for (const item of await skipped.all()) {
      expect(await item.textContent()).toContain('Hoppes over');
    }
    expect(await skipped.locator('.item-number').allTextContents()).toEqual([
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ]);
    expect(await page.locator('input[name="item-2"]').count()).toBe(0);
    expect(await page.locator('input[name="item-9"]').count()).toBe(3);

    await choose(page, 9, 2);
    await choose(page, 10, 0);
    expect(await page.locator('form').getByText('3 / 10 besvart').count()).toBe(1);
    await computeScore(page);

    expect(await text(page, '[data-score="total"]')).toBe('2');
    expect(await text(page, '[data-score="consumption"]')).toBe('0');
    expect(await page.locator('.result').textContent()).toContain(
      'Hoppet over (teller 0): 2, 3, 4, 5, 6, 7, 8',
    );
    expect(pageErrors).toEqual([]);
  });

  it('switches to English in the header and keeps the answers already given', async () => {
    const page = await openAudit();
    await choose(page, 1, 3);
    await choose(page, 2, 2);

    await page.getByRole('button', { name: 'English', exact: true }).click();

    await page.getByRole('heading', { level: 2, name: 'Try the form' }).waitFor();
    expect(await page.getByRole('button', { name: 'Compute score' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Regn ut skår' }).count()).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(
      await page.getByRole('button', { name: 'English', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(
      await page
        .locator('fieldset.item', { has: page.locator('input[name="item-1"]') })
        .locator('legend')
        .textContent(),
    ).toContain('How often do you have a drink containing alcohol?');

    expect(await page.locator('input[name="item-1"][value="3"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="item-2"][value="2"]').isChecked()).toBe(true);
    expect(await page.locator('form').getByText('2 / 10 answered').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('shows "Fant ikke instrumentet" for an unknown instrument', async () => {
    const page = await open('/instrumenter/nope');
    const heading = page.getByRole('heading', { level: 1, name: 'Fant ikke instrumentet' });
    await heading.waitFor();
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(
      await page.getByRole('link', { name: 'Til instrumentbiblioteket' }).getAttribute('href'),
    ).toBe('/instrumenter');
    // The browser reports the API's 404 as a failed resource load; nothing else may go wrong.
    expect(pageErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  });

  it('has no axe (WCAG 2.0/2.1 A+AA) violations on the list page', async () => {
    const page = await open('/instrumenter');
    await page.locator('.instrument-cards > li').nth(9).waitFor();

    await expectNoViolations(page);

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'library-list.png'), fullPage: true });
  });

  it('has no axe (WCAG 2.0/2.1 A+AA) violations on the AUDIT page after scoring', async () => {
    const page = await openAudit();
    await fillAuditA4(page);
    await computeScore(page);
    expect(await text(page, '[data-score="total"]')).toBe('13');

    await expectNoViolations(page);

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.locator('.result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'library-audit.png'), fullPage: true });
  });
});
