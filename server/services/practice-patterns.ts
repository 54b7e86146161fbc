/**
 * The six patterns of a practice unit: how each synthetic course is drawn (a CourseShape for the
 * shared generator) and the teaching key a trainer reads beside it — what the trend shows and a
 * sensible next step, after DESIGN.md "Feedback signals and drop-out risk". Every shape is drawn
 * with little noise so that, for any seed, the real risk engine raises the signals it is meant
 * to teach (test/server/practice-patterns.test.ts checks that over many seeds).
 */
import type { LocalizedText } from '../../instruments';
import type { PracticePattern } from '../storage/schema';
import { generateSyntheticCourse, type SyntheticCourse } from './synthetic-courses';
import { type CourseShape, prng, type Random, type SyntheticInstruments } from './synthetic-shape';

/** Position order 1…6. */
export const PRACTICE_PATTERNS: readonly PracticePattern[] = [
  'on_track',
  'no_early_change',
  'alliance_falling',
  'deteriorating',
  'missed_sessions',
  'transfer_dropout',
];

export interface PracticeKey {
  title: LocalizedText;
  shows: LocalizedText;
  nextStep: LocalizedText;
}

/** Weeks on the ward before the transfer case moves to outpatient care. */
const WARD_WEEKS = 5;

/** A curve that closes most of the gap to `target` over the first sessions. */
const towards = (intake: number, target: number, rate: number, s: number) =>
  intake + Math.max(0, target - intake) * (1 - rate ** s);
const jitter = (random: Random, width: number) => (random() - 0.5) * width;
const clampTotal = (v: number) => Math.min(38, Math.max(4, v));

/** Common to every practice case: active, outpatient, steady alliance, no no-shows. */
const BASE: CourseShape = {
  weeks: (random) => 9 + Math.floor(random() * 5),
  // Never a whole number of weeks: the newest appointment is always in the past.
  extraDays: (random) => 1 + Math.floor(random() * 5),
  appointments: (weeks) => weeks + 3,
  end: null,
  inpatientWeeks: null,
  hsclChangePerSixWeeks: 0,
  allianceLevel: (random) => 37.6 + random() * 1.6,
  missed: () => false,
  outcome: (s, intake, random) => clampTotal(towards(intake, 34, 0.7, s) + jitter(random, 1.6)),
  // ±0.25 around a level ≥ 37.6, lines without jitter: never below 36, never a fall of 1.
  alliance: (_s, _held, level, random) => level + jitter(random, 0.5),
  outcomeLines: 'steady',
  allianceLines: 'none',
};

export const PRACTICE_SHAPES: Readonly<Record<PracticePattern, CourseShape>> = {
  on_track: { ...BASE, hsclChangePerSixWeeks: 0.25 },
  no_early_change: {
    ...BASE,
    weeks: (random) => 5 + Math.floor(random() * 3),
    outcome: (_s, intake, random) => clampTotal(intake + jitter(random, 1.6)),
  },
  alliance_falling: {
    ...BASE,
    weeks: (random) => 10 + Math.floor(random() * 4),
    // High, then a fall of 1.2 at each of the last eight sessions held: 39.2 → 29.6.
    alliance: (s, held) => 39.2 - 1.2 * Math.max(0, s - (held.lastHeld - 8)),
  },
  deteriorating: {
    ...BASE,
    hsclChangePerSixWeeks: -0.25,
    outcome: (s, intake, random) => clampTotal(intake - s + jitter(random, 1.6)),
  },
  missed_sessions: {
    ...BASE,
    // Every third appointment from the fourth is missed, and so is the newest one.
    missed: (s, held) => s > 2 && (s % 3 === 0 || s === held.lastHeld),
    outcome: (s, intake, random) => clampTotal(intake + 0.1 * s + jitter(random, 1.6)),
  },
  transfer_dropout: {
    ...BASE,
    // Moved to outpatient care 10–12 days ago; the first appointment after it was missed.
    weeks: () => WARD_WEEKS + 1,
    extraDays: (random) => 3 + Math.floor(random() * 3),
    inpatientWeeks: WARD_WEEKS,
    hsclChangePerSixWeeks: 0.25,
    missed: (s) => s > WARD_WEEKS,
  },
};

export const PRACTICE_KEYS: Readonly<Record<PracticePattern, PracticeKey>> = {
  on_track: {
    title: { nb: 'I rute', en: 'On track' },
    shows: {
      nb: 'Utbytteskåren har steget jevnt siden start, mer enn 5 poeng (pålitelig bedring), og samarbeidsskåren ligger stabilt over 36. Pasienten kommer til hver time. Ingen signaler: lyset er grønt.',
      en: 'The outcome score has risen steadily since intake, by more than 5 points (reliable improvement), and the alliance score stays above 36. The patient comes to every session. No signals: the light is green.',
    },
    nextStep: {
      nb: 'Fortsett som planlagt, og vis pasienten fremgangen. Bruk evalueringen hver 6. uke til å vurdere om målene er nådd og når behandlingen kan avsluttes.',
      en: 'Carry on as planned, and show the patient the progress. Use the six-weekly evaluation to consider whether the goals are met and when treatment can end.',
    },
  },
  no_early_change: {
    title: { nb: 'Ingen tidlig endring', en: 'No early change' },
    shows: {
      nb: 'Etter flere timer er utbytteskåren omtrent der den var ved start: den har ikke steget 5 poeng innen 3. måling. Uten tidlig bedring er det mindre sannsynlig at behandlingen hjelper, og frafall mer sannsynlig. Lyset er gult.',
      en: 'After several sessions the outcome score is about where it was at intake: it has not risen 5 points by the 3rd measurement. Without early change, treatment is less likely to help and drop-out more likely. The light is yellow.',
    },
    nextStep: {
      nb: 'Gå gjennom målene sammen med pasienten: spør hva som hjelper og hva som ikke gjør det, og vurder å endre tilnærming.',
      en: 'Revisit the goals together with the patient: ask what helps and what does not, and consider a change of approach.',
    },
  },
  alliance_falling: {
    title: { nb: 'Fallende samarbeid', en: 'Falling alliance' },
    shows: {
      nb: 'Samarbeidsskåren var høy, men har falt litt ved hver av de siste timene og er nå under 36. Utbyttet ser fortsatt bra ut: det er samarbeidet som varsler, og et svekket samarbeid kommer ofte før frafall. Lyset er rødt.',
      en: 'The alliance score was high, but has fallen a little at each of the last sessions and is now below 36. The outcome still looks good: it is the alliance that warns, and a weakening alliance often comes before drop-out. The light is red.',
    },
    nextStep: {
      nb: 'Snakk med pasienten om samarbeidet allerede neste time: hva fungerer, og hva kan dere gjøre annerledes? Ta imot kritikk uten å forsvare deg.',
      en: 'Talk with the patient about how you work together at the very next session: what works, and what could you do differently? Take criticism without defending yourself.',
    },
  },
  deteriorating: {
    title: { nb: 'Forverring', en: 'Deterioration' },
    shows: {
      nb: 'Utbytteskåren har sunket jevnt og er nå mer enn 5 poeng lavere enn ved start, og symptomtrykket (HSCL-25) øker. Pasienten har det verre enn da behandlingen begynte. Lyset er rødt.',
      en: 'The outcome score has fallen steadily and is now more than 5 points below intake, and symptom distress (HSCL-25) is rising. The patient is worse off than when treatment began. The light is red.',
    },
    nextStep: {
      nb: 'Snakk med pasienten om hva som har skjedd, og vurder sammen å endre tilnærming eller gi mer støtte. Drøft forløpet med kolleger eller leder.',
      en: 'Talk with the patient about what has happened, and together consider a change of approach or more support. Discuss the course with colleagues or your lead.',
    },
  },
  missed_sessions: {
    title: { nb: 'Uteblitte timer', en: 'Missed sessions' },
    shows: {
      nb: 'Pasienten har uteblitt fra hver tredje time og kom ikke til den siste, og utbyttet står nesten stille. Gjentatte uteblivelser er et av de tydeligste tegnene på at en pasient er i ferd med å falle fra. Lyset er rødt.',
      en: 'The patient has missed every third session and did not come to the last one, and the outcome has hardly moved. Repeated missed sessions are one of the clearest signs that a patient is about to drop out. The light is red.',
    },
    nextStep: {
      nb: 'Ta kontakt med pasienten snart – helst samme dag som en time pasienten ikke kom til – og snakk om hva som gjør det vanskelig å komme.',
      en: 'Contact the patient soon – best on the day of a missed session – and talk about what makes it hard to come.',
    },
  },
  transfer_dropout: {
    title: { nb: 'Overgang og frafall', en: 'Transition and drop-out' },
    shows: {
      nb: 'Pasienten hadde fremgang i døgnbehandling og gikk over til poliklinisk behandling for under to uker siden, men kom ikke til den første timen etter overgangen. Det er i overgangene mellom behandlingsnivåer mange faller fra. Lyset er rødt.',
      en: 'The patient made progress in inpatient care and moved to outpatient care less than two weeks ago, but did not come to the first session after the move. Transitions between levels of care are where many are lost. The light is red.',
    },
    nextStep: {
      nb: 'Ring pasienten nå. Sørg for at pasienten vet hvem hen skal møte neste gang, og når, og vurder en felles overgangssamtale med døgnenheten.',
      en: 'Call the patient now. Make sure they know whom they will meet next, and when, and consider a joint transition meeting with the inpatient unit.',
    },
  },
};

/** The six cases of a practice unit, OVING-01…OVING-06 in pattern order, drawn from `seed`. */
export function generatePracticeCases(
  instruments: SyntheticInstruments,
  seed: number,
  now: Date,
  unitId: string,
): { pattern: PracticePattern; position: number; course: SyntheticCourse }[] {
  const random = prng(seed);
  return PRACTICE_PATTERNS.map((pattern, index) => ({
    pattern,
    position: index + 1,
    course: generateSyntheticCourse(instruments, random, now, {
      code: `OVING-${String(index + 1).padStart(2, '0')}`,
      unitId,
      // Therapists are the training course's trainers and trainees (practice-service).
      therapistIds: [],
      recordedBy: null,
      endNote: 'Øving',
      keyPrefix: 'practice',
      shape: PRACTICE_SHAPES[pattern],
    }),
  }));
}
