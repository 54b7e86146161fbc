/**
 * The administrator's research export end to end, as a new administrator meets it: the demo
 * admin opens Admin, chooses the demo outpatient unit and a period, states the purpose, makes
 * the export and downloads its tables — de-identified, joinable, and in the audit log. Real built
 * client, real server with the demo data, Chromium, axe.
 */
import { readFileSync } from 'node:fs';
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

const isoDay = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('the administrator’s research export in the browser', () => {
  it('makes a de-identified export of a unit and downloads its tables', async () => {
    const { page, errors } = await demo.logIn('demo-admin@kor.example', '/admin');
    await page.getByRole('heading', { level: 2, name: 'Forskningsuttrekk' }).waitFor();
    // No unit chosen, no purpose: nothing can be sent yet.
    const make = page.getByRole('button', { name: 'Lag uttrekket' });
    expect(await make.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: /DEMO Ruspoliklinikk/ }).check();
    await page.getByLabel('Fra').fill(isoDay(-365));
    await page.getByLabel('Til').fill(isoDay(0));
    await page.getByLabel(/^Formål/).fill('Avbrudd i poliklinikken – kvalitetsprosjekt 2026');
    await make.click();
    const done = page.getByRole('status');
    await done.getByText('Uttrekket er laget.').waitFor();
    const counts = Object.fromEntries(
      [...((await done.textContent()) ?? '').matchAll(/(\w+): (\d+)/g)].map((m) => [
        m[1],
        Number(m[2]),
      ]),
    );
    expect(counts.courses).toBeGreaterThan(10);
    expect(counts.responses).toBeGreaterThan(100);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      done.getByRole('link', { name: 'courses.csv' }).click(),
    ]);
    const courses = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(courses[0]).toBe(
      'course,patient,unit,start_date,planned_end_date,end_date,end_type,levels_of_care',
    );
    expect(courses).toHaveLength(counts.courses + 1);
    // De-identified: random ids, the unit by name, and no pseudonym code anywhere.
    expect(courses[1]).toMatch(/^C[0-9a-f]{16},P[0-9a-f]{16},DEMO Ruspoliklinikk,/);
    const json = await (
      await page.request.get(
        `${demo.url}${await done.getByRole('link', { name: /Alt som JSON/ }).getAttribute('href')}`,
      )
    ).text();
    expect(json).not.toMatch(/DEMO-\d{3}/);
    expect(JSON.parse(json).responses).toHaveLength(counts.responses);

    // The export is listed with who made it and why.
    const row = page.locator('table tbody tr', { hasText: 'kvalitetsprosjekt 2026' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Demo Administrator');
    await expectNoViolations(page);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'admin-research-export.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
  });

  it('tells a user who is not an administrator that the page is not for them', async () => {
    const { page, errors } = await demo.logIn('demo-leder@kor.example', '/admin');
    await page.getByText('Denne siden er for systemadministratorer.').waitFor();
    expect(await page.getByRole('button', { name: 'Lag uttrekket' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
