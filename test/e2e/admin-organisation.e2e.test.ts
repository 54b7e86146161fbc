/**
 * Units and users end to end: the demo admin opens Enheter og brukere, adds a unit under the
 * demo health trust and creates a therapist in it with a temporary password; the new therapist
 * logs in with that password in a browser of their own and has the unit. Real built client, real
 * server with the demo data, Chromium, axe.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoViolations, SCREENSHOTS, submitStaffLogin } from '../support/browser';
import { useDemoBrowser } from '../support/demo-browser';

const demo = useDemoBrowser({
  viewport: { width: 1366, height: 900 },
  timeout: 8000,
  // Loading /api/v1/auth/me before login answers 401: expected.
  expectedErrors: /status of 401/,
});

const UNIT = 'DEMO BUP Nordby';
const EMAIL = 'ny.terapeut@kor.example';
const TEMPORARY = 'Midlertidig-passord-2026';

describe('units and users in the browser', () => {
  it('adds a unit and a therapist in it, who then logs in and has the unit', async () => {
    const { page, errors } = await demo.logIn('demo-admin@kor.example', '/admin/enheter');
    await page.getByRole('heading', { level: 2, name: 'Enheter' }).waitFor();
    expect(
      await page.getByRole('link', { name: 'Enheter og brukere' }).getAttribute('aria-current'),
    ).toBe('page');

    const unitForm = page.getByRole('form', { name: 'Legg til enhet' });
    const parent = unitForm.getByLabel('Under');
    const trust = await parent
      .locator('option', { hasText: 'DEMO HF (fiktivt)' })
      .getAttribute('value');
    await parent.selectOption(trust ?? '');
    await unitForm.getByLabel('Navn').fill(UNIT);
    await unitForm.getByRole('button', { name: 'Legg til enheten' }).click();
    await unitForm.getByRole('status').getByText(`${UNIT} er lagt til.`).waitFor();
    // In the tree, under the trust.
    await page
      .locator(
        `li:has(> .org-name:text-is("DEMO HF (fiktivt)")) > .org-tree > li > .org-name:text-is("${UNIT}")`,
      )
      .waitFor();

    const userForm = page.getByRole('form', { name: 'Ny bruker' });
    await userForm.getByLabel('E-post').fill(EMAIL);
    await userForm.getByLabel('Navn').fill('Ny Terapeut');
    await userForm.getByLabel(/^Midlertidig passord/).fill(TEMPORARY);
    await userForm.getByLabel(/^Enhet/).selectOption({ label: UNIT });
    await userForm.getByLabel('Rolle i enheten').selectOption('therapist');
    await userForm.getByRole('button', { name: 'Opprett brukeren' }).click();
    await userForm.getByRole('status').getByText(`${EMAIL} er opprettet.`).waitFor();
    const row = page.locator('table.users tbody tr', { hasText: EMAIL });
    await row.getByText(`${UNIT} · Terapeut`).waitFor();
    expect(await row.getByRole('button', { name: /^Deaktiver/ }).count()).toBe(1);

    await expectNoViolations(page);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'admin-organisation.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);

    // The new therapist, in a browser of their own, with the temporary password.
    const own = await demo.newPage();
    await own.goto(`${demo.url}/terapeut`);
    await submitStaffLogin(own, EMAIL, TEMPORARY);
    await own.getByRole('button', { name: /Logg ut/ }).waitFor();
    const me = (await (await own.request.get(`${demo.url}/api/v1/auth/me`)).json()) as any;
    expect(me.user.email).toBe(EMAIL);
    expect(me.user.units.map((u: { name: string }) => u.name)).toEqual([UNIT]);
    expect(me.user.memberships).toEqual([{ unitId: me.user.units[0].id, role: 'therapist' }]);
  });
});
