/**
 * The patient tablet end to end: a therapist makes a form session through the API, and a patient
 * fills in the forms on `/tablet` or from a home link in Debian's Chromium, against the real
 * built client and server. The stored responses are read back through the therapist's API.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST } from '../../server/client-build';
import { FORM_POLICY } from '../../server/services/form-service';
import { PATIENT_BUDGET_BYTES } from '../../vite.config';
import {
  collectPageErrors,
  expectNoViolations,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from '../support/browser';
import { fictionalUnits, STAFF_PASSWORD, staffMember } from '../support/clinic';

const TABLET_PORTRAIT = { width: 768, height: 1024 };
const TABLET_LANDSCAPE = { width: 1280, height: 800 };
/** AUDIT worked example A4: items 1..10 → 13 in total, zone II. */
const AUDIT_A4 = [3, 2, 2, 1, 1, 0, 1, 1, 0, 2];

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;
let pageErrors: string[] = [];
let therapist = '';
let courseId = '';
let unitId = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const now = new Date('2026-03-02T08:00:00Z');
  [unitId] = (await fictionalUnits(server.testApp, ['Poliklinikk (fiktiv)'], now)) as [string];
  therapist = (
    await staffMember(
      server.testApp,
      'terapeut',
      { memberships: [{ unitId, role: 'therapist' }] },
      now,
    )
  ).cookie;
  const patient = await staffApi('POST', `/units/${unitId}/patients`, {
    code: 'TAB-1',
    birthYear: 1985,
    sex: 'female',
  });
  courseId = (
    await staffApi('POST', '/courses', {
      patientId: patient.id,
      startDate: '2026-03-01',
      levelOfCare: 'outpatient',
    })
  ).id;
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** The therapist's side, through the API in-process (the same app the browser talks to). */
async function staffApi(method: string, apiPath: string, body?: unknown) {
  const res = await server.testApp.app.request(`/api/v1${apiPath}`, {
    method,
    headers: {
      Cookie: therapist,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${apiPath}: ${res.status} ${await res.text()}`);
  return (await res.json()) as any;
}

async function formSession(
  instruments: string[],
  channel: 'kiosk' | 'home' = 'kiosk',
): Promise<{ id: string; code?: string; link?: string }> {
  return staffApi('POST', `/courses/${courseId}/form-sessions`, { instruments, channel });
}

interface StoredResponse {
  instrument: string;
  language: string;
  answers: Record<string, number>;
  score: { status: string; scores: Record<string, number | null> };
}
async function responsesOf(sessionId: string): Promise<StoredResponse[]> {
  const rows = await server.testApp.db
    .selectFrom('responses')
    .select('id')
    .where('form_session_id', '=', sessionId)
    .execute();
  const ids = new Set(rows.map((r) => r.id));
  const { responses } = await staffApi('GET', `/courses/${courseId}/responses`);
  return (responses as (StoredResponse & { id: string })[]).filter((r) => ids.has(r.id));
}

/** Waits until the server has `n` responses of a session (the page sends in the background). */
async function waitForResponses(sessionId: string, n: number): Promise<StoredResponse[]> {
  for (let i = 0; i < 100; i++) {
    const rows = await responsesOf(sessionId);
    if (rows.length >= n) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  return responsesOf(sessionId);
}

async function open(
  pathname: string,
  options: { viewport?: { width: number; height: number }; scale?: number; clock?: boolean } = {},
): Promise<Page> {
  context = await browser.newContext({
    viewport: options.viewport ?? TABLET_PORTRAIT,
    deviceScaleFactor: options.scale ?? 1,
    hasTouch: true,
  });
  const page = await context.newPage();
  // A refused connection while offline is what a test is about, not a fault of the page.
  pageErrors = collectPageErrors(page, /ERR_INTERNET_DISCONNECTED|ERR_CONNECTION/);
  if (options.clock) await page.clock.install();
  await page.goto(`${server.url}${pathname}`);
  return page;
}

/** The patient token the page got, read from the exchange as it passes (to try it afterwards). */
function captureToken(page: Page): () => string {
  let token = '';
  page.on('response', async (r) => {
    if (r.url().endsWith('/api/v1/patient/exchange') && r.status() === 200)
      token = ((await r.json()) as { token: string }).token;
  });
  return () => token;
}

async function expectAccessible(page: Page, screen: string) {
  await expectNoViolations(page, screen);
  // No way out of the patient area: not one link.
  expect(await page.locator('a[href]').count(), screen).toBe(0);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function typeCode(page: Page, code: string) {
  await page.locator('#code').waitFor();
  for (const digit of code) await page.getByRole('button', { name: digit, exact: true }).click();
}

const heading = (page: Page) => page.locator('main h1');
const headingText = async (page: Page) => ((await heading(page).textContent()) ?? '').trim();

/** Taps the option with scoring `value`; the page moves on by itself. */
async function tapChoice(page: Page, value: number) {
  const before = await headingText(page);
  await page.locator(`input[type="radio"][value="${value}"]`).click();
  await expect.poll(() => headingText(page)).not.toBe(before);
}

/** Taps the visual-analogue line at `fraction` of its length; returns the value it should give. */
async function tapLine(page: Page, fraction: number): Promise<number> {
  const box = await page.locator('.pvas-track').boundingBox();
  if (!box) throw new Error('no line');
  const x = Math.round(box.x + box.width * fraction);
  await page.touchscreen.tap(x, box.y + box.height / 2);
  return Math.round(((x - box.x) / box.width) * 100) / 10;
}

/** Drags the mark from one place to another with a mouse; returns the value it should give. */
async function dragLine(page: Page, from: number, to: number): Promise<number> {
  const box = await page.locator('.pvas-track').boundingBox();
  if (!box) throw new Error('no line');
  const y = box.y + box.height / 2;
  const end = Math.round(box.x + box.width * to);
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(end, y, { steps: 8 });
  await page.mouse.up();
  return Math.round(((end - box.x) / box.width) * 100) / 10;
}

async function next(page: Page, name = /^(Neste|Next)$/) {
  const before = await headingText(page);
  await page.getByRole('button', { name }).click();
  await expect.poll(() => headingText(page)).not.toBe(before);
}

/**
 * Nothing of what was answered is on the page, in its storage, or in its outbox. The only thing
 * a kiosk keeps is the language choice, reset to bokmål for the next patient.
 */
async function expectForgotten(page: Page, answered: string[]) {
  const content = (await page.locator('body').textContent()) ?? '';
  for (const text of answered) expect(content).not.toContain(text);
  const stored = () =>
    page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('kor-outbox', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('items', { keyPath: 'key' });
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const items = await new Promise<number>((resolve) => {
        const r = db.transaction('items').objectStore('items').count();
        r.onsuccess = () => resolve(r.result);
      });
      db.close();
      const local = Object.fromEntries(
        Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]),
      );
      return { session: sessionStorage.length, local, items };
    });
  await expect.poll(stored).toMatchObject({ session: 0, items: 0 });
  const { local } = await stored();
  expect(Object.keys(local).filter((k) => k !== 'kor.lang')).toEqual([]);
  expect(local['kor.lang'] ?? 'nb').toBe('nb');
}

async function patientStatus(token: string): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/patient/forms`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return res.status;
}

describe.each([
  { lang: 'nb', t: (nb: string, _en: string) => nb },
  { lang: 'en', t: (_nb: string, en: string) => en },
] as const)('the kiosk in $lang', ({ lang, t }) => {
  it('a patient types the code and completes AUDIT, session outcome and session alliance', {
    timeout: 90_000,
  }, async () => {
    const session = await formSession(['audit', 'session-outcome', 'session-alliance']);
    const page = await open('/tablet');
    const token = captureToken(page);
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: t('Skriv inn koden', 'Enter the code') }).waitFor();
    await expectAccessible(page, 'keypad');
    await shot(page, `tablet-${lang}-1-code`);

    await typeCode(page, session.code as string);
    await page.getByRole('button', { name: 'Start' }).waitFor();
    expect(await page.locator('.step').textContent()).toBe(t('Skjema 1 av 3', 'Form 1 of 3'));
    await expectAccessible(page, 'intro');
    await shot(page, `tablet-${lang}-2-intro`);

    await next(page, /^Start$/);
    expect(await page.locator('.progress-text').textContent()).toContain(
      t('Spørsmål 1 av 10', 'Question 1 of 10'),
    );
    await expectAccessible(page, 'choice item');
    await shot(page, `tablet-${lang}-3-choice`);
    for (const value of AUDIT_A4) await tapChoice(page, value);

    await page
      .getByRole('heading', { name: t('Se over svarene dine', 'Check your answers') })
      .waitFor();
    expect(await page.locator('.review > li').count()).toBe(10);
    await expectAccessible(page, 'review');
    await shot(page, `tablet-${lang}-4-review`);
    await next(page, new RegExp(t('Send og gå videre', 'Send and continue')));

    // Session outcome: four lines, marked by touch; no number anywhere on the screen.
    await next(page, /^Start$/);
    const outcome: number[] = [];
    for (const [i, fraction] of [0.62, 0.5, 0.71, 0.55].entries()) {
      outcome.push(await tapLine(page, fraction));
      if (i === 0) {
        expect(await page.locator('main').textContent()).not.toMatch(/\d[,.]\d/);
        await expectAccessible(page, 'visual-analogue item');
        await shot(page, `tablet-${lang}-5-line`);
      }
      await next(page);
    }
    await expectAccessible(page, 'review with lines');
    await next(page, new RegExp(t('Send og gå videre', 'Send and continue')));

    // Session alliance: marked by dragging.
    await next(page, /^Start$/);
    const alliance: number[] = [];
    for (const [from, to] of [
      [0.5, 0.9],
      [0.2, 0.95],
      [0.9, 0.8],
      [0.1, 0.9],
    ] as const) {
      alliance.push(await dragLine(page, from, to));
      await next(page);
    }
    await page.getByRole('button', { name: t('Send', 'Send'), exact: true }).click();
    await page.getByRole('heading', { name: t('Takk!', 'Thank you!') }).waitFor();
    await page.getByText(t('Svarene dine er sendt.', 'Your answers have been sent.')).waitFor();
    await expectAccessible(page, 'thank you');
    await shot(page, `tablet-${lang}-6-thanks`);

    const stored = await waitForResponses(session.id, 3);
    const by = (id: string) => stored.find((r) => r.instrument === id) as StoredResponse;
    expect(stored).toHaveLength(3);
    expect(by('audit').answers).toEqual(
      Object.fromEntries(AUDIT_A4.map((v, i) => [String(i + 1), v])),
    );
    expect(by('audit').score.scores.total).toBe(13);
    expect(by('audit').language).toBe(lang);
    for (const [id, marks] of [
      ['session-outcome', outcome],
      ['session-alliance', alliance],
    ] as const) {
      const values = ['1', '2', '3', '4'].map((k) => by(id).answers[k] as number);
      // Within a millimetre of where the finger was.
      for (const [i, v] of values.entries())
        expect(Math.abs(v - (marks[i] as number))).toBeLessThanOrEqual(0.1);
      const sum = Math.round(values.reduce((a, b) => a + b, 0) * 10) / 10;
      expect(by(id).score.scores.total).toBe(sum);
    }

    // The session is over on the server, and the page has forgotten the patient.
    expect(await patientStatus(token())).toBe(401);
    const answeredTexts = [t('Se over svarene dine', 'Check your answers'), 'AUDIT'];
    await expectForgotten(page, answeredTexts);
    await page.goBack();
    await expectForgotten(page, answeredTexts);
    await page.reload();
    await page.locator('#code').waitFor();
    await expectForgotten(page, answeredTexts);
    // The next patient starts in bokmål.
    expect(await page.locator('html').getAttribute('lang')).toBe('nb');
    expect(pageErrors).toEqual([]);
  });
});

describe('the patient tablet', () => {
  it('AUDIT skips items 2–8 for a patient who never drinks, and the score follows', async () => {
    const session = await formSession(['audit']);
    const page = await open('/tablet');
    await typeCode(page, session.code as string);
    await next(page, /^Start$/);
    await tapChoice(page, 0);
    expect(await headingText(page)).toMatch(/skadet/);
    expect(await page.locator('.progress-text').textContent()).toContain('Spørsmål 2 av 3');
    await tapChoice(page, 2);
    await tapChoice(page, 0);
    expect(await page.locator('.review > li').count()).toBe(3);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('heading', { name: 'Takk!' }).waitFor();
    const [audit] = await waitForResponses(session.id, 1);
    expect(audit?.answers).toEqual({ '1': 0, '9': 2, '10': 0 });
    expect(audit?.score.status).toBe('scored');
    expect(audit?.score.scores.total).toBe(2);
  });

  it('switching language keeps the answers, and larger text makes the text larger', async () => {
    const session = await formSession(['audit']);
    const page = await open('/tablet');
    await typeCode(page, session.code as string);
    await next(page, /^Start$/);
    await tapChoice(page, 3);
    await tapChoice(page, 2);
    const size = () =>
      page.locator('main h1').evaluate((h) => Number.parseFloat(getComputedStyle(h).fontSize));
    const normal = await size();
    await page.getByRole('button', { name: 'Større tekst' }).click();
    expect(await size()).toBeGreaterThan(normal * 1.15);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    expect(await headingText(page)).toBe('How often do you have a drink containing alcohol?');
    expect(await page.locator('input[type="radio"][value="3"]').isChecked()).toBe(true);
    expect(
      await page.getByRole('button', { name: 'Larger text' }).getAttribute('aria-pressed'),
    ).toBe('true');
    // Arrow keys change the choice without moving on; Next moves on.
    await page.locator('input[type="radio"][value="3"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(500);
    expect(await headingText(page)).toBe('How often do you have a drink containing alcohol?');
    expect(await page.locator('input[type="radio"][value="4"]').isChecked()).toBe(true);
    await shot(page, 'tablet-en-larger-text');
    await expectAccessible(page, 'larger text');
  });

  it('a wrong code gets a clear message; after the limit the keypad says to ask for a new code', async () => {
    const session = await formSession(['session-outcome']);
    const page = await open('/tablet');
    const wrong = session.code === '000000' ? '000001' : '000000';
    await typeCode(page, wrong);
    await page.getByText('Koden stemmer ikke, eller den er gått ut').waitFor();
    await expectAccessible(page, 'wrong code');
    await shot(page, 'tablet-nb-wrong-code');
    for (let i = 1; i < FORM_POLICY.maxWrongCodes; i++) {
      await typeCode(page, wrong);
      await page.getByText('Koden stemmer ikke').waitFor();
    }
    await typeCode(page, session.code as string);
    await page.getByText('Be behandleren din om å lage en ny kode').waitFor();
    expect(await page.locator('#code').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '5', exact: true }).isDisabled()).toBe(true);
    await shot(page, 'tablet-nb-locked');
    await expectAccessible(page, 'locked keypad');
    // Another tablet of the clinic (another page) is not locked by this one.
    const other = await context?.newPage();
    if (!other) throw new Error('no page');
    await other.goto(`${server.url}/tablet`);
    await typeCode(other, session.code as string);
    await other.getByRole('button', { name: 'Start' }).waitFor();
  });

  it('a used code and an expired code are refused clearly', async () => {
    const session = await formSession(['session-outcome']);
    const page = await open('/tablet');
    await typeCode(page, session.code as string);
    await page.getByRole('button', { name: 'Start' }).waitFor();
    const again = await open('/tablet');
    // A physical keyboard types into the code field as well.
    await again.locator('#code').focus();
    await again.keyboard.type(session.code as string);
    await again.getByText('Koden stemmer ikke, eller den er gått ut').waitFor();
    const late = await formSession(['session-outcome']);
    server.testApp.advance((FORM_POLICY.codeMinutes + 1) * 60_000);
    await typeCode(again, late.code as string);
    await again.getByText('Koden stemmer ikke, eller den er gått ut').waitFor();
  });

  it('a network failure right after the code is used keeps the session for a retry', async () => {
    const session = await formSession(['session-outcome']);
    const page = await open('/tablet');
    await page.route('**/api/v1/patient/forms', (route) => route.abort('internetdisconnected'), {
      times: 1,
    });
    await typeCode(page, session.code as string);
    await page.getByText('Koden din er tatt vare på').waitFor();
    await expectAccessible(page, 'network problem after the code');
    await page.getByRole('button', { name: 'Prøv igjen' }).click();
    await page.getByRole('button', { name: 'Start' }).waitFor();
  });

  it('a home link works the same way, with only the keyboard; a used or wrong link is refused', async () => {
    const session = await formSession(['session-outcome'], 'home');
    const page = await open(session.link as string, { viewport: TABLET_LANDSCAPE });
    await page.getByRole('button', { name: 'Start' }).waitFor();
    await expectAccessible(page, 'home intro');
    await shot(page, 'home-nb-intro');
    // Keyboard only: Tab to Start, the line's arrow keys, Tab to Next.
    await page.getByRole('button', { name: 'Start' }).focus();
    await page.keyboard.press('Enter');
    for (const presses of [12, 0, 5, 20]) {
      await page.locator('.pvas-track').waitFor();
      // Each new screen puts the focus on its question.
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe(
        'slider',
      );
      await page.keyboard.press('ArrowRight'); // marks the middle: 5
      for (let i = 0; i < presses; i++) await page.keyboard.press('ArrowRight');
      const before = await headingText(page);
      await page.keyboard.press('Tab'); // Back
      await page.keyboard.press('Tab'); // Next
      await page.keyboard.press('Enter');
      await expect.poll(() => headingText(page)).not.toBe(before);
    }
    await page.getByRole('button', { name: 'Send', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Takk!' }).waitFor();
    await page.getByText('Du kan lukke denne siden nå.').waitFor();
    const [outcome] = await waitForResponses(session.id, 1);
    expect(outcome?.answers).toEqual({ '1': 6.2, '2': 5, '3': 5.5, '4': 7 });
    expect(outcome?.score.scores.total).toBe(23.7);

    await page.reload();
    await page
      .getByRole('heading', { name: 'Disse skjemaene er allerede sendt inn. Takk!' })
      .waitFor();
    const wrong = await open(`/f/${'x'.repeat(32)}`);
    await wrong.getByRole('heading', { name: /Lenken er feil eller har gått ut/ }).waitFor();
    await expectAccessible(wrong, 'wrong link');
  });

  it('a network cut during submit loses nothing and stores nothing twice', async () => {
    const session = await formSession(['audit', 'session-outcome', 'session-alliance']);
    const page = await open('/tablet');
    await typeCode(page, session.code as string);
    await next(page, /^Start$/);
    for (const value of AUDIT_A4) await tapChoice(page, value);

    // 1. The network is gone when the patient sends: the answers wait in the page.
    await context?.setOffline(true);
    await next(page, /Send og gå videre/);
    await page.getByText('Ingen kontakt med nettet akkurat nå').waitFor();
    await shot(page, 'tablet-nb-offline');
    await expectAccessible(page, 'offline notice');
    await next(page, /^Start$/);
    for (const fraction of [0.3, 0.4, 0.5, 0.6]) {
      await tapLine(page, fraction);
      await next(page);
    }
    await next(page, /Send og gå videre/);
    expect(await responsesOf(session.id)).toHaveLength(0);
    await context?.setOffline(false);
    await expect.poll(async () => (await responsesOf(session.id)).length).toBe(2);
    await page.getByText('Ingen kontakt med nettet akkurat nå').waitFor({ state: 'detached' });

    // 2. The server stores the last form, but its answer is lost on the way back.
    let cut = 0;
    await page.route('**/api/v1/patient/responses', async (route) => {
      if (cut++ === 0) {
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await next(page, /^Start$/);
    for (const fraction of [0.9, 0.9, 0.8, 0.9]) {
      await tapLine(page, fraction);
      await next(page);
    }
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('heading', { name: 'Takk!' }).waitFor();
    await page.getByText('Svarene dine er sendt.').waitFor();
    expect(cut).toBeGreaterThanOrEqual(2);

    const stored = await responsesOf(session.id);
    expect(stored.map((r) => r.instrument).sort()).toEqual([
      'audit',
      'session-alliance',
      'session-outcome',
    ]);
    const rows = await server.testApp.db
      .selectFrom('responses')
      .select('instrument_id')
      .where('form_session_id', '=', session.id)
      .execute();
    expect(rows).toHaveLength(3);
    expect(stored.find((r) => r.instrument === 'audit')?.score.scores.total).toBe(13);
    expect(pageErrors).toEqual([]);
  });

  it('after 5 idle minutes (with a warning first) the session closes and nothing is left', async () => {
    const session = await formSession(['session-outcome', 'session-alliance']);
    const page = await open('/tablet', { clock: true });
    const token = captureToken(page);
    await typeCode(page, session.code as string);
    await next(page, /^Start$/);
    await tapLine(page, 0.35);
    await next(page);

    // A warning after four minutes; carrying on keeps the answers.
    await page.clock.fastForward('04:01');
    const dialog = page.getByRole('dialog', { name: 'Er du der fortsatt?' });
    await dialog.waitFor();
    await expectAccessible(page, 'idle warning');
    await shot(page, 'tablet-nb-idle-warning');
    await dialog.getByRole('button', { name: 'Ja, jeg vil fortsette' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Tilbake' }).click();
    expect(await page.locator('.pvas-mark').count()).toBe(1);

    // Then five quiet minutes.
    await page.clock.fastForward('05:01');
    await page.getByRole('heading', { name: 'Skjemaet ble lukket' }).waitFor();
    await expectAccessible(page, 'closed after idle');
    await shot(page, 'tablet-nb-idle-closed');
    await expect.poll(() => patientStatus(token())).toBe(401);
    const question = 'Meg selv: Hvordan har du hatt det med deg selv?';
    await expectForgotten(page, [question]);
    await page.goBack();
    await expectForgotten(page, [question]);
    await page.reload();
    await page.locator('#code').waitFor();
    await expectForgotten(page, [question]);
    expect(await responsesOf(session.id)).toHaveLength(0);
    expect(pageErrors).toEqual([]);
  });

  it('never sends a staff cookie, never loads staff code, and stays within the bundle budget', async () => {
    context = await browser.newContext({ viewport: TABLET_PORTRAIT });
    // A staff member once logged in on this tablet's browser.
    const login = await context.request.post(`${server.url}/api/v1/auth/login`, {
      data: { email: 'terapeut@example.org', password: STAFF_PASSWORD },
      headers: { Origin: server.url },
    });
    expect(login.status()).toBe(200);
    const page = await context.newPage();
    const scripts: string[] = [];
    const apiCalls: { url: string; cookie: string | undefined }[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      if (r.url().includes('/api/')) apiCalls.push({ url: r.url(), cookie: r.headers().cookie });
    });
    const session = await formSession(['session-outcome']);
    await page.goto(`${server.url}/tablet`);
    await typeCode(page, session.code as string);
    await page.getByRole('button', { name: 'Start' }).waitFor();

    expect(apiCalls.length).toBeGreaterThanOrEqual(2);
    for (const call of apiCalls) {
      expect(new URL(call.url).pathname).toMatch(/^\/api\/v1\/patient\//);
      expect(call.cookie).toBeUndefined();
    }
    expect(scripts.some((s) => s.includes('PatientArea'))).toBe(true);
    expect(scripts.some((s) => s.includes('Library'))).toBe(false);
    let total = 0;
    for (const script of scripts) {
      const source = await readFile(path.join(CLIENT_DIST, script));
      total += gzipSync(source, { level: 9 }).length;
    }
    expect(total).toBeLessThanOrEqual(PATIENT_BUDGET_BYTES);
    const report = JSON.parse(
      await readFile(path.join(CLIENT_DIST, 'patient-bundle.json'), 'utf8'),
    ) as { totalGzipBytes: number };
    expect(report.totalGzipBytes).toBe(total);
  });

  describe.each([
    { name: 'portrait 768×1024', viewport: TABLET_PORTRAIT, scale: 1 },
    { name: 'landscape 1280×800', viewport: TABLET_LANDSCAPE, scale: 1 },
    // 200 % zoom of 1280×800: half as many CSS pixels, each drawn twice as large.
    { name: '200 % zoom', viewport: { width: 640, height: 400 }, scale: 2 },
  ])('at $name', ({ name, viewport, scale }) => {
    it('fits without sideways scrolling, with touch targets of at least 48 px', async () => {
      const session = await formSession(['audit', 'session-outcome']);
      const page = await open('/tablet', { viewport, scale });
      const check = async (screen: string) => {
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${screen}: sideways overflow`).toBeLessThanOrEqual(0);
        const small = await page
          .locator('main button:visible, header button:visible, .choice, .pvas-track')
          .evaluateAll((els) =>
            els
              .map((el) => ({ el, box: el.getBoundingClientRect() }))
              .filter(({ box }) => box.width < 48 || box.height < 48)
              .map(({ el, box }) => `${el.textContent?.trim()} ${box.width}×${box.height}`),
          );
        expect(small, `${screen}: small targets`).toEqual([]);
        await expectAccessible(page, `${name} ${screen}`);
      };
      await check('keypad');
      await typeCode(page, session.code as string);
      await page.getByRole('button', { name: 'Start' }).waitFor();
      await check('intro');
      await next(page, /^Start$/);
      await check('choice');
      for (const value of AUDIT_A4) await tapChoice(page, value);
      await check('review');
      await next(page, /Send og gå videre/);
      await next(page, /^Start$/);
      await check('line');
      if (scale === 2) await shot(page, 'tablet-nb-zoom-200');
      if (viewport === TABLET_LANDSCAPE) await shot(page, 'tablet-nb-landscape-line');
    });
  });
});
