/**
 * Units and users end to end: the demo admin opens Enheter og brukere, adds a unit under the
 * demo health trust, renames it, is refused deleting the trust (units under it), and creates a
 * therapist in the unit with a temporary password; the new therapist logs in with that password
 * in a browser of their own and has the unit. The demo unit lead gives a colleague a role in one
 * of their units, changes it and removes it. Real built client, real
 * server with the demo data, Chromium, axe.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoViolations, SCREENSHOTS, submitStaffLogin } from '../support/browser';
import { useDemoBrowser } from '../support/demo-browser';

const demo = useDemoBrowser({
  viewport: { width: 1366, height: 900 },
  timeout: 8000,
  // Loading /api/v1/auth/me before login answers 401; the refused deletion (409) and the unknown
  // e-mail address (404) are answers the tests provoke.
  expectedErrors: /status of (401|404|409)/,
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

    // Renamed in the tree; the trust, with units under it, is refused with the reason.
    const item = page.locator('li', { has: page.locator(`> .org-name:text-is("${UNIT}")`) });
    await item.getByRole('button', { name: `Gi nytt navn ${UNIT}` }).click();
    await item.getByLabel(`Nytt navn for ${UNIT}`).fill(`${UNIT} Sør`);
    await item.getByRole('button', { name: 'Lagre navnet' }).click();
    await page.locator(`.org-name:text-is("${UNIT} Sør")`).waitFor();
    const trustItem = page.locator('li', {
      has: page.locator('> .org-name:text-is("DEMO HF (fiktivt)")'),
    });
    await trustItem.getByRole('button', { name: 'Slett DEMO HF (fiktivt)', exact: true }).click();
    await trustItem.getByRole('button', { name: 'Ja, slett' }).click();
    await trustItem
      .getByRole('alert')
      .getByText(/DEMO HF \(fiktivt\) cannot be deleted while it has 3 organisations under it/)
      .waitFor();

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
    expect(me.user.units.map((u: { name: string }) => u.name)).toEqual([`${UNIT} Sør`]);
    expect(me.user.memberships).toEqual([{ unitId: me.user.units[0].id, role: 'therapist' }]);
  });

  it('a unit lead gives a colleague a role in their unit, changes it and removes it', async () => {
    const { page, errors } = await demo.logIn('demo-leder@kor.example', '/admin/ansatte');
    const unit = page.getByRole('region', { name: 'DEMO Døgnavdeling' });
    await unit.getByRole('row', { name: /Demo Terapeut 2/ }).waitFor();
    expect(await unit.getByRole('row', { name: /demo-terapeut@kor\.example/ }).count()).toBe(0);

    const form = unit.getByRole('form', { name: 'Gi en kollega en rolle' });
    await form.getByLabel('E-post').fill('demo-terapeut@kor.example');
    await form.getByLabel('Rolle').selectOption('therapist');
    await form.getByRole('button', { name: 'Gi rollen' }).click();
    await form
      .getByRole('status')
      .getByText(/er terapeut i enheten/)
      .waitFor();
    const row = unit.getByRole('row', { name: /demo-terapeut@kor\.example/ });
    await row.waitFor();

    await row.getByLabel(/^Rolle for/).selectOption('trainer');
    await form
      .getByRole('status')
      .getByText(/er nå veileder/)
      .waitFor();
    await expect.poll(() => row.getByLabel(/^Rolle for/).inputValue()).toBe('trainer');

    // Someone without an account is named in the answer; nothing changes.
    await form.getByLabel('E-post').fill('ukjent@kor.example');
    await form.getByRole('button', { name: 'Gi rollen' }).click();
    await form
      .getByRole('alert')
      .getByText(/No user with e-mail ukjent@kor\.example/)
      .waitFor();

    await expectNoViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-unit-staff.png'), fullPage: true });

    await row.getByRole('button', { name: /^Fjern fra enheten/ }).click();
    await form
      .getByRole('status')
      .getByText(/er fjernet fra enheten/)
      .waitFor();
    await expect
      .poll(() => unit.getByRole('row', { name: /demo-terapeut@kor\.example/ }).count())
      .toBe(0);
    // The lead's own row has no controls.
    const own = unit.getByRole('row', { name: /demo-leder@kor\.example/ });
    expect(await own.getByRole('button').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
