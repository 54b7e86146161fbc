/**
 * The trainer module end to end: a national trainer creates a train-the-trainer course, opens it,
 * registers participants, marks attendance and completion (a participant becomes a trainer),
 * participants evaluate anonymously on a tablet, the results appear from three answers, and the
 * new trainer shows in the network's lineage. Real built client, real server, Chromium, axe.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, expectNoViolations, SCREENSHOTS } from '../support/browser';
import { useDemoBrowser } from '../support/demo-browser';

const NATIONAL = 'nasjonal-trener@kor.example';
const PEOPLE = ['Deltaker En', 'Deltaker To', 'Deltaker Tre'];

const demo = useDemoBrowser({
  viewport: { width: 1366, height: 900 },
  timeout: 8000,
  expectedErrors: /status of 401/,
  nationalTrainer: { email: NATIONAL, displayName: 'Nasjonal Trener (fiktiv)' },
});
let pageErrors: string[] = [];

async function logIn(pathname: string): Promise<Page> {
  const { page, errors } = await demo.logIn(NATIONAL, pathname);
  pageErrors = errors;
  return page;
}

const isoDay = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** One anonymous answer on a tablet with no login, as a participant gives it. */
async function evaluate(page: Page, ratings: [number, number, number, number], comment: string) {
  for (const [index, value] of ratings.entries()) {
    await page
      .locator('fieldset.rating')
      .nth(index)
      .locator(`label:has(input[value="${value}"])`)
      .click();
  }
  await page.getByRole('textbox').fill(comment);
  await page.getByRole('button', { name: 'Send anonymt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Takk for svaret!' }).waitFor();
}

describe('the trainer module in the browser', () => {
  it('runs a train-the-trainer course from registration to evaluation and lineage', async () => {
    const page = await logIn('/kurs');
    await page.getByRole('heading', { level: 1, name: 'Kurs' }).waitFor();
    await page.getByRole('button', { name: 'Nytt kurs' }).click();
    await page.getByLabel('Type').selectOption('train_the_trainer');
    await page.getByLabel('Tittel').fill('Tren treneren – KOR i rusbehandling');
    await page.getByLabel('Fra').fill(isoDay(0));
    await page.getByLabel('Til').fill(isoDay(1));
    await page.getByLabel('Kursdager').fill('2');
    await page.getByLabel('Sted').fill('Oslo');
    await page.getByLabel('Egenandel (kr)').fill('1500');
    await page.getByRole('button', { name: 'Opprett kurset' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Tren treneren – KOR i rusbehandling' })
      .waitFor();

    await page.getByRole('button', { name: 'Åpne for påmelding' }).click();
    await page.getByText('Kurset er åpent for påmelding.').waitFor();
    for (const name of PEOPLE) {
      await page.getByLabel('Navn').fill(name);
      await page.getByLabel('Rolle').fill('behandler');
      await page.getByLabel('Enhet', { exact: true }).fill('DEMO Ruspoliklinikk');
      await page.getByLabel('Region').selectOption({ label: 'DEMO Helseregion (fiktiv)' });
      await page.getByRole('button', { name: 'Meld på', exact: true }).click();
      await page.getByText(`${name} er påmeldt.`).waitFor();
    }
    await page.locator('table.participants tbody tr').nth(2).waitFor();
    expect(await page.locator('table.participants tbody tr').count()).toBe(3);

    // Completion needs both days: refused with one, accepted with both.
    await page.getByLabel('Deltaker En til stede dag 1').check();
    await page.getByText('Oppmøte lagret for Deltaker En.').waitFor();
    await page.getByRole('button', { name: 'Marker fullført Deltaker En' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/2/);
    await page.getByLabel('Deltaker En til stede dag 2').check();
    await page.getByText('Oppmøte lagret for Deltaker En.').waitFor();
    await page.getByRole('button', { name: 'Marker fullført Deltaker En' }).click();
    await page.getByText('Deltaker En har fullført og er nå trener.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trainer-course.png'), fullPage: true });
    await expectNoViolations(page);

    // Three anonymous answers on one tablet, with no login.
    const code = ((await page.locator('.evaluation-code .code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    const tablet = await demo.newPage();
    const tabletErrors = collectPageErrors(tablet);
    await tablet.goto(`${demo.url}/kurs/evaluer`);
    await tablet.getByLabel('Kode').fill(code.toLowerCase());
    await tablet.getByRole('button', { name: 'Videre' }).click();
    await tablet.locator('fieldset.rating').first().waitFor();
    await tablet.screenshot({ path: path.join(SCREENSHOTS, 'course-evaluation.png') });
    await expectNoViolations(tablet);
    await evaluate(tablet, [8, 6, 9, 7], 'Nyttig med øvelser på ekte skjermbilder.');
    for (const [ratings, comment] of [
      [[10, 8, 9, 9], 'Mer tid til rollespill.'],
      [[6, 7, 8, 5], 'Godt strukturert.'],
    ] as const) {
      await tablet.getByRole('button', { name: 'Neste deltaker på samme nettbrett' }).click();
      await evaluate(tablet, [...ratings] as [number, number, number, number], comment);
    }
    expect(tabletErrors).toEqual([]);

    // The results appear from three answers: relevance (8 + 10 + 6) / 3 = 8.
    await page.reload();
    await page.getByRole('table', { name: /Gjennomsnitt av 3 svar/ }).waitFor();
    expect(await page.getByRole('row', { name: /Relevant for arbeidet/ }).textContent()).toContain(
      '8',
    );
    expect(await page.locator('ul.comments li').count()).toBe(3);

    await page.getByRole('button', { name: 'Marker som gjennomført' }).click();
    await page.getByText('Kurset er gjennomført.').waitFor();

    // The lineage: the new trainer under the national trainer.
    await page.goto(`${demo.url}/kurs/nettverk`);
    await page.getByRole('heading', { level: 1, name: 'Trenernettverket' }).waitFor();
    const root = page.locator('ul.lineage > li', { hasText: 'Nasjonal Trener (fiktiv)' }).first();
    await root.waitFor();
    expect(await root.locator('ul.lineage li').first().textContent()).toContain('Deltaker En');
    const region = page.getByRole('row', { name: /DEMO Helseregion/ });
    expect(await region.textContent()).toMatch(/3/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trainer-network.png'), fullPage: true });
    await expectNoViolations(page);
    expect(pageErrors.filter((e) => !/status of (404|409)/.test(e))).toEqual([]);
  });

  it('refuses a wrong evaluation code with a plain message', async () => {
    const page = await demo.newPage();
    const errors = collectPageErrors(page, /status of 404/);
    await page.goto(`${demo.url}/kurs/evaluer`);
    await page.getByLabel('Kode').fill('ZZZZZZZZ');
    await page.getByRole('button', { name: 'Videre' }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Fant ikke et kurs med den koden',
    );
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Course evaluation' }).waitFor();
    expect(errors).toEqual([]);
  });
});
