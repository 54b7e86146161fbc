/**
 * Measurement-plan templates in the browser: the demo unit lead opens Admin → Måleplaner (the
 * research export and instrument versions stay hidden from them), makes a template for the demo
 * outpatient clinic with an instrument every six weeks; the therapist can choose it for a new
 * course; the lead deletes an old template after confirming. Real built client, real server with
 * the demo data, Chromium, axe.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoViolations, SCREENSHOTS } from '../support/browser';
import { useDemoBrowser } from '../support/demo-browser';

const demo = useDemoBrowser({
  viewport: { width: 1366, height: 900 },
  timeout: 8000,
  // Loading /api/v1/auth/me before login answers 401: expected.
  expectedErrors: /status of 401/,
});

describe('measurement-plan templates in the browser', () => {
  it('a unit lead makes a template the therapist can choose, and deletes an old one', {
    timeout: 60_000,
  }, async () => {
    const { page, errors } = await demo.logIn('demo-leder@kor.example', '/admin/maleplaner');
    await page.getByRole('heading', { level: 2, name: 'Måleplaner' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Administrasjon' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Måleplaner',
      'Ansatte i enheten',
    ]);
    await page.getByLabel(/^Enhet/).selectOption({ label: 'DEMO Ruspoliklinikk' });
    await page.getByRole('rowheader', { name: 'DEMO standard' }).waitFor();

    const form = page.locator('form.template-form');
    await form.getByLabel('Navn på malen').fill('Poliklinikk med HSCL hver 6. uke');
    await form.getByLabel('Instrument 1').selectOption('session-outcome');
    await form.getByLabel('Når').selectOption('every_session');
    await form.getByRole('button', { name: 'Legg til instrument' }).click();
    await form.getByLabel('Instrument 2').selectOption('hscl-25');
    await form.getByLabel('Når').nth(1).selectOption('every_n_weeks');
    await form.getByLabel('Antall uker').fill('6');
    await form.getByRole('button', { name: 'Lagre malen' }).click();
    await page.getByRole('status').getByText('er lagret').waitFor();
    const row = page.locator('table.templates tbody tr', { hasText: 'Poliklinikk med HSCL' });
    expect(await row.textContent()).toContain('hver 6. uke');
    await expectNoViolations(page);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'admin-plan-templates.png'),
      fullPage: true,
    });

    // The therapist of the clinic can start a course on it.
    const therapist = await demo.logIn('demo-terapeut@kor.example', '/terapeut/nytt');
    await therapist.page
      .getByLabel('Måleplan')
      .locator('option', { hasText: 'Poliklinikk med HSCL hver 6. uke' })
      .waitFor({ state: 'attached' });
    expect(therapist.errors).toEqual([]);

    // Deleting asks first; the courses that use the old template keep their plans.
    const old = page.locator('table.templates tbody tr', { hasText: 'DEMO standard' });
    await old.getByRole('button', { name: 'Slett DEMO standard' }).click();
    await old.getByText('beholder planen sin').waitFor();
    await old.getByRole('button', { name: 'Ja, slett malen' }).click();
    await page.getByRole('status').getByText('Malen «DEMO standard» er slettet.').waitFor();
    await expect.poll(() => page.locator('table.templates tbody tr').count()).toBe(1);

    // The research export stays for system administrators.
    await page.goto(`${demo.url}/admin`);
    await page.getByText('Denne siden er for systemadministratorer.').waitFor();
    expect(await page.getByRole('button', { name: 'Lag uttrekket' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a system administrator chooses among every clinical unit', async () => {
    const { page, errors } = await demo.logIn('demo-admin@kor.example', '/admin/maleplaner');
    await page.getByRole('heading', { level: 2, name: 'Måleplaner' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Administrasjon' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Forskningsuttrekk',
      'Instrumentversjoner',
      'Enheter og brukere',
      'Måleplaner',
    ]);
    await page
      .getByLabel(/^Enhet/)
      .selectOption({ label: 'DEMO Døgnavdeling · DEMO HF (fiktivt)' });
    await page.getByRole('rowheader', { name: 'DEMO standard' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('tells a therapist the page is for administrators and unit leads', async () => {
    const { page, errors } = await demo.logIn('demo-terapeut@kor.example', '/admin/maleplaner');
    await page.getByText('Denne siden er for systemadministratorer og enhetsledere.').waitFor();
    expect(await page.getByRole('heading', { name: 'Måleplaner' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
