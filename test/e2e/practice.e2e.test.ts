/**
 * The practice area end to end: a national trainer makes a practice unit for a course, registers
 * a staff user, makes an exercise and starts a role play on the tablet; the trainee reads a
 * practice case in the real therapist screens (marked as practice, absent from their clinical
 * caseload) and answers the exercise; the trainer reads the answers beside the key; the
 * follow-up page shows the units. Real built client, real server, Chromium, axe.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, expectNoViolations, SCREENSHOTS } from '../support/browser';
import { useDemoBrowser } from '../support/demo-browser';

const NATIONAL = 'nasjonal-ovelse@kor.example';
const TRAINEE = 'demo-terapeut@kor.example';
const SEED = 4242;

const demo = useDemoBrowser({
  viewport: { width: 1366, height: 900 },
  timeout: 10_000,
  // Not logged in yet, and the course room's question for a practice unit before one is made.
  expectedErrors: /status of (401|404)/,
  nationalTrainer: { email: NATIONAL, displayName: 'Nasjonal Øvingstrener (fiktiv)' },
});

const today = new Date().toISOString().slice(0, 10);

describe('the practice area in the browser', () => {
  it('runs practice cases, a role play and an exercise in the course room', async () => {
    const { page: trainer, errors: trainerErrors } = await demo.logIn(NATIONAL, '/kurs');
    await trainer.getByRole('heading', { level: 1, name: 'Kurs' }).waitFor();
    const made = await trainer.request.post(`${demo.url}/api/v1/training/courses`, {
      data: {
        kind: 'local',
        title: 'Lokalt KOR-kurs med øving',
        startDate: today,
        endDate: today,
        days: 1,
        place: 'Demo poliklinikk',
        digital: false,
        capacity: 12,
        feeNok: 0,
      },
    });
    expect(made.status()).toBe(201);
    const course = (await made.json()) as { id: string };

    // The practice unit: six synthetic patients from a seed.
    await trainer.goto(`${demo.url}/kurs/${course.id}`);
    await trainer.getByLabel('Startverdi (valgfri)').fill(String(SEED));
    await trainer.getByRole('button', { name: 'Lag øvingsenhet' }).click();
    const cases = trainer.getByRole('table', { name: 'De seks øvingspasientene' });
    await cases.waitFor();
    expect(await cases.locator('tbody tr').count()).toBe(6);
    expect(await cases.locator('tbody th').allTextContents()).toEqual([
      'OVING-01',
      'OVING-02',
      'OVING-03',
      'OVING-04',
      'OVING-05',
      'OVING-06',
    ]);
    expect(await cases.getByRole('row', { name: /OVING-03/ }).textContent()).toMatch(/Rødt|Rød/);

    // A staff user found by name and registered.
    await trainer.getByLabel('Søk etter ansatt').fill('demo terapeut');
    await trainer.getByRole('button', { name: 'Meld på Demo Terapeut', exact: true }).click();
    await trainer.locator('table.participants tbody tr', { hasText: 'Demo Terapeut' }).waitFor();

    // An exercise with two of the cases.
    await trainer.getByLabel('Tittel på øvelsen').fill('Hva ser du i forløpet?');
    // Every case starts ticked: keep the falling alliance and the missed sessions.
    for (const n of [1, 2, 4, 6]) await trainer.getByLabel(new RegExp(`OVING-0${n}`)).uncheck();
    expect(await trainer.getByLabel(/OVING-03/).isChecked()).toBe(true);
    await trainer.getByRole('button', { name: 'Lag øvelsen' }).click();
    await trainer.getByText('Øvelsen «Hva ser du i forløpet?» er laget.').waitFor();

    // Role play: a tablet code for a practice patient, and the tablet marks it as practice.
    await trainer.getByRole('button', { name: 'Rollespill på nettbrett OVING-01' }).click();
    const code = ((await trainer.locator('.roleplay-code .code').textContent()) ?? '').replace(
      /\s/g,
      '',
    );
    expect(code).toMatch(/^\d{6}$/);
    await trainer.screenshot({ path: path.join(SCREENSHOTS, 'practice-room.png'), fullPage: true });
    await expectNoViolations(trainer, 'course room with practice');

    const tabletContext = await demo.newContext({ viewport: { width: 1024, height: 768 } });
    const tablet = await tabletContext.newPage();
    const tabletErrors = collectPageErrors(tablet);
    await tablet.goto(`${demo.url}/tablet`);
    await tablet.getByRole('heading', { name: 'Skriv inn koden' }).waitFor();
    await tablet.keyboard.type(code);
    await tablet.getByRole('note').filter({ hasText: 'Øving – ikke en ekte pasient' }).waitFor();
    await expectNoViolations(tablet, 'tablet in a role play');
    expect(tabletErrors).toEqual([]);

    // The trainee: the exercise, the case in the therapist screens, the answers.
    const { page: trainee, errors: traineeErrors } = await demo.logIn(TRAINEE, '/kurs/ovelser');
    await trainee.getByRole('heading', { level: 1, name: 'Mine øvelser' }).waitFor();
    await trainee.getByRole('link', { name: /Hva ser du i forløpet\?/ }).click();
    await trainee.getByRole('heading', { level: 1, name: /Hva ser du i forløpet\?/ }).waitFor();
    const exerciseUrl = trainee.url();

    await trainee
      .getByRole('link', { name: /Se forløpet i terapeutvisningen/ })
      .first()
      .click();
    await trainee
      .getByRole('note')
      .filter({ hasText: 'Øving – syntetiske pasienter, ingen ekte pasientdata' })
      .waitFor();
    await trainee.waitForURL(/\/terapeut\/forlop\//);
    await trainee.getByRole('heading', { level: 1, name: /OVING-03/ }).waitFor();
    await expectNoViolations(trainee, 'practice course in the therapist view');
    await trainee.goto(exerciseUrl);

    const answers = [
      [
        'Alliansen faller for hver time, og lyset er rødt.',
        'Ta opp samarbeidet i neste time og spør hva som bør bli annerledes.',
      ],
      [
        'Pasienten har uteblitt fra flere timer.',
        'Ring pasienten samme dag og avtal en ny time snart.',
      ],
    ] as const;
    for (const [index, [seen, next]] of answers.entries()) {
      const section = trainee.locator('section.case-answer').nth(index);
      await section.getByLabel('Hva ser du i forløpet?').fill(seen);
      await section.getByLabel('Hva vil du gjøre videre?').fill(next);
      await section.getByRole('button', { name: /Lagre svar/ }).click();
      await section.getByText(/^Lagret /).waitFor();
    }
    await trainee.screenshot({
      path: path.join(SCREENSHOTS, 'trainee-exercise.png'),
      fullPage: true,
    });
    await expectNoViolations(trainee, 'trainee exercise');

    // Practice patients are not in the trainee's clinical caseload.
    await trainee.goto(`${demo.url}/terapeut`);
    await trainee.locator('table tbody tr').first().waitFor();
    const caseload = (await trainee.locator('main').textContent()) ?? '';
    expect(caseload).toContain('DEMO-');
    expect(caseload).not.toContain('OVING-');
    expect(traineeErrors).toEqual([]);

    // The trainer reads the answers beside the key.
    await trainer.reload();
    await trainer.getByRole('link', { name: /Se svarene/ }).click();
    await trainer.getByRole('heading', { level: 1, name: /Hva ser du i forløpet\?/ }).waitFor();
    const answerTable = trainer.getByRole('table', { name: 'Svar for OVING-03' });
    expect(await answerTable.textContent()).toContain('Demo Terapeut');
    expect(await answerTable.textContent()).toContain(answers[0][0]);
    expect(await trainer.locator('main').textContent()).toMatch(/Neste steg:/);
    await trainer.screenshot({
      path: path.join(SCREENSHOTS, 'exercise-answers.png'),
      fullPage: true,
    });
    await expectNoViolations(trainer, 'exercise answers');

    // Implementation follow-up: the demo units, without the practice unit.
    await trainer.goto(`${demo.url}/kurs/oppfolging`);
    await trainer.getByRole('heading', { level: 1 }).waitFor();
    await trainer.getByText('DEMO Ruspoliklinikk').first().waitFor();
    const followUp = (await trainer.locator('main').textContent()) ?? '';
    expect(followUp).not.toContain('ØVING –');
    // A trainer by membership (appointed before KOR) counts as the unit's trainer.
    expect(followUp).toContain('Demo Trener');
    await trainer.screenshot({ path: path.join(SCREENSHOTS, 'follow-up.png'), fullPage: true });
    await expectNoViolations(trainer, 'follow-up');
    expect(trainerErrors).toEqual([]);
  });
});
