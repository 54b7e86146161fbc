/**
 * The administrator's area end to end. Instrument versions: the demo admin imports a clinic's
 * licensed wording of the session outcome scale as a FHIR Questionnaire file, checks the preview
 * and the changes, publishes it; a therapist makes a tablet code and the patient answers the
 * licensed wording; the response is stored on the new version. The research export, as a new administrator meets it: the demo
 * admin opens Admin, chooses the demo outpatient unit and a period, states the purpose, makes
 * the export and downloads its tables — de-identified, joinable, and in the audit log. Real built
 * client, real server with the demo data, Chromium, axe.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

/** A clinic's own (fictional) licensed wording of the four lines. */
const LICENSED = [
  'Meg: Hvordan har uka vært for deg personlig?',
  'Familie og nære: Hvordan har det vært med dem du står nær?',
  'Sosialt: Hvordan har det gått med jobb, skole og venner?',
  'Alt i alt: Hvordan har uka vært?',
];

describe('instrument versions in the browser', () => {
  it('imports a licensed wording from a FHIR Questionnaire, publishes it, and a patient answers it in a course', {
    timeout: 90_000,
  }, async () => {
    const q = (await (
      await fetch(`${demo.url}/api/v1/instruments/session-outcome/versions/1.0.0/fhir`)
    ).json()) as { item: { linkId: string; text: string; _text?: unknown }[] };
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kor-q-')), 'utbytte-lisens.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...q,
        version: '1.1.0',
        publisher: 'Klinikk Nord',
        item: q.item.map((item, i) => ({ ...item, text: LICENSED[i], _text: undefined })),
      }),
    );

    const { page, errors } = await demo.logIn('demo-admin@kor.example', '/admin/instrumenter');
    await page.getByRole('heading', { level: 2, name: 'Instrumentversjoner' }).waitFor();
    const row = page.locator('table.versions tbody tr', { hasText: 'KOR-U' });
    expect(await row.textContent()).toContain('I bruk (nyeste)');
    await page.getByLabel('Fil (JSON)').setInputFiles(file);
    // The version comes from the file; the source of the wording must be given.
    await expect
      .poll(() => page.getByLabel('Ny versjon', { exact: true }).inputValue())
      .toBe('1.1.0');
    await page.getByLabel(/^Kilde \(/).fill('Lisensavtale Klinikk Nord 2026-11');
    await page.getByRole('button', { name: 'Importer som utkast' }).click();

    const detail = page.locator('.version-detail');
    await detail.getByRole('heading', { name: /KOR-U 1\.1\.0/ }).waitFor();
    expect(await detail.locator('.status').first().textContent()).toBe('Utkast');
    await detail.getByText('Bare ordlyd er endret').waitFor();
    expect(await detail.locator('table.changes tbody tr').count()).toBeGreaterThanOrEqual(4);
    // The English text is kept from 1.0.0, and the page says so.
    await detail.getByText(/ingen engelsk oversettelse i Questionnaire-et/).waitFor();
    await detail
      .locator('.preview')
      .getByText(LICENSED[0] as string)
      .waitFor();
    await expectNoViolations(page);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'admin-instrument-versions.png'),
      fullPage: true,
    });
    const publish = detail.getByRole('button', { name: 'Publiser' });
    expect(await publish.isDisabled()).toBe(true);
    await detail.getByRole('checkbox', { name: /Jeg har kontrollert/ }).check();
    await publish.click();
    await detail.locator('.status', { hasText: 'I bruk (nyeste)' }).waitFor();
    await page
      .locator('table.versions tbody tr', { hasText: '1.1.0' })
      .getByText('I bruk (nyeste)')
      .waitFor();
    expect(errors).toEqual([]);

    // The therapist's next tablet code serves the licensed wording.
    const therapist = await demo.logIn('demo-terapeut@kor.example', '/terapeut');
    const tp = therapist.page;
    await tp.locator('.caseload-table tbody tr').first().getByRole('link').click();
    await tp.getByRole('heading', { level: 2, name: 'Hva KOR ser nå' }).waitFor();
    const choices = tp.locator('fieldset.checks input[type=checkbox]');
    for (let i = 0; i < (await choices.count()); i++) await choices.nth(i).uncheck();
    await tp.getByRole('checkbox', { name: /Hvordan livet går/ }).check();
    await tp.getByRole('button', { name: 'Lag kode til nettbrettet' }).click();
    const code = ((await tp.locator('.big-code .code').textContent()) ?? '').replace(/\D/g, '');
    expect(code).toMatch(/^\d{6}$/);
    const courseUrl = tp.url();

    const tablet = await demo.newPage();
    await tablet.goto(`${demo.url}/tablet`);
    await tablet.locator('#code').waitFor();
    for (const digit of code)
      await tablet.getByRole('button', { name: digit, exact: true }).click();
    await tablet.getByRole('button', { name: 'Start' }).click();
    for (const text of LICENSED) {
      await tablet.getByText(text).waitFor();
      const box = await tablet.locator('.pvas-track').boundingBox();
      if (!box) throw new Error('no line');
      await tablet.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
      await tablet.getByRole('button', { name: 'Neste' }).click();
    }
    await tablet.getByRole('button', { name: 'Send', exact: true }).click();
    await tablet.getByRole('heading', { name: 'Takk!' }).waitFor();

    // Stored on the new version, scored as before.
    const courseId = courseUrl.split('/forlop/')[1]?.split(/[/?#]/)[0];
    const stored = (await (
      await tp.request.get(`${demo.url}/api/v1/courses/${courseId}/responses`)
    ).json()) as {
      responses: { instrument: string; version: string; score: { scores: { total: number } } }[];
    };
    const last = stored.responses.filter((r) => r.instrument === 'session-outcome').at(-1);
    expect(last?.version).toBe('1.1.0');
    expect(last?.score.scores.total).toBeCloseTo(24, 0);
    expect(therapist.errors).toEqual([]);
  });
});
