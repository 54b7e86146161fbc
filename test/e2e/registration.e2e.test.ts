/**
 * The invitation end to end: a trainer opens a course for registration and copies the invitation,
 * a therapist signs up at /kurs/pamelding and appears in the course room, then withdraws. Real
 * built client, real server with the demo data, Chromium, axe.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoViolations, SCREENSHOTS } from '../support/browser';
import { useDemoBrowser } from '../support/demo-browser';

const NATIONAL = 'nasjonal-pamelding@kor.example';
const THERAPIST = 'demo-terapeut2@kor.example';
const TITLE = 'KOR i rusbehandling – lokalt kurs (fiktivt)';

const demo = useDemoBrowser({
  viewport: { width: 1366, height: 900 },
  timeout: 8000,
  // Not logged in yet, and the course room's question for a practice unit it does not have.
  expectedErrors: /status of (401|404)/,
  nationalTrainer: { email: NATIONAL, displayName: 'Nasjonal Påmeldingstrener (fiktiv)' },
});

const isoDay = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('signing up for a course in the browser', () => {
  it('invites from the course room, and a therapist signs up and shows in it', async () => {
    const { page: trainer, errors: trainerErrors } = await demo.logIn(NATIONAL, '/kurs');
    await trainer.getByRole('heading', { level: 1, name: 'Kurs' }).waitFor();
    const made = await trainer.request.post(`${demo.url}/api/v1/training/courses`, {
      data: {
        kind: 'local',
        title: TITLE,
        startDate: isoDay(7),
        endDate: isoDay(8),
        days: 2,
        place: 'Møterom Fjorden (fiktivt)',
        digital: false,
        capacity: 12,
        feeNok: 800,
      },
    });
    expect(made.status()).toBe(201);
    const course = (await made.json()) as { id: string };

    // Opening the course brings the invitation, ready to copy.
    await trainer.goto(`${demo.url}/kurs/${course.id}`);
    await trainer.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await trainer.getByRole('heading', { name: 'Invitasjon' }).count()).toBe(0);
    await trainer.getByRole('button', { name: 'Åpne for påmelding' }).click();
    await trainer.getByText('Kurset er åpent for påmelding.').waitFor();
    await trainer.getByRole('heading', { level: 2, name: 'Invitasjon' }).waitFor();
    const invitation = await trainer.getByLabel('Invitasjonstekst').inputValue();
    expect(invitation).toContain(TITLE);
    expect(invitation).toContain('Møterom Fjorden (fiktivt)');
    expect(invitation).toContain('800 kr');
    expect(invitation).toContain(`Meld deg på i KOR: ${demo.url}/kurs/pamelding`);
    await trainer.getByRole('button', { name: 'Kopier invitasjonen' }).click();
    // Copied, or (where the browser refuses the clipboard) the text selected for Ctrl+C.
    await trainer
      .getByRole('status')
      .filter({ hasText: /Invitasjonen er kopiert|Kunne ikke kopiere automatisk/ })
      .waitFor();
    await trainer.getByRole('heading', { level: 2, name: 'Invitasjon' }).scrollIntoViewIfNeeded();
    await trainer.screenshot({ path: path.join(SCREENSHOTS, 'course-invitation.png') });
    await expectNoViolations(trainer, 'course room with the invitation');

    // The therapist finds the course and signs up.
    const { page: staff, errors: staffErrors } = await demo.logIn(THERAPIST, '/kurs/pamelding');
    await staff.getByRole('heading', { level: 1, name: 'Kurs du kan melde deg på' }).waitFor();
    const card = staff.getByRole('article', { name: TITLE });
    await card.waitFor();
    const facts = (await card.textContent()) ?? '';
    expect(facts).toContain('Lokalt kurs');
    expect(facts).toContain('Møterom Fjorden (fiktivt)');
    expect(facts).toContain('12 av 12 ledige');
    expect(facts).toContain('Nasjonal Påmeldingstrener (fiktiv)');
    await expectNoViolations(staff, 'open courses');
    await card.getByRole('button', { name: 'Meld meg på' }).click();
    await staff
      .getByRole('status')
      .filter({ hasText: `Du er påmeldt «${TITLE}».` })
      .waitFor();
    await card.getByText('Du er påmeldt', { exact: true }).waitFor();
    await card.getByText('11 av 12 ledige').waitFor();
    await staff.screenshot({ path: path.join(SCREENSHOTS, 'course-registration.png') });
    await expectNoViolations(staff, 'open courses, signed up');

    // The trainer sees the new participant in the course room.
    await trainer.reload();
    await trainer.getByRole('heading', { level: 2, name: 'Deltakere (1 / 12)' }).waitFor();
    expect(await trainer.locator('table.participants tbody').textContent()).toContain(
      'Demo Terapeut 2',
    );

    // Before the course starts, the therapist may withdraw.
    await card.getByRole('button', { name: 'Meld meg av' }).click();
    await staff
      .getByRole('status')
      .filter({ hasText: `Du er meldt av «${TITLE}».` })
      .waitFor();
    await card.getByRole('button', { name: 'Meld meg på' }).waitFor();
    expect(trainerErrors).toEqual([]);
    expect(staffErrors).toEqual([]);
  });
});
