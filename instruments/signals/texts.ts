/**
 * What each signal means, in plain bokmål and English, and a suggested next step — built from the
 * data that raised it. Written for the therapist: short, concrete, never stigmatising (say
 * "rusmiddelbruk", never "misbruk"; the patient is a person, not a problem).
 */
import type { Language, LocalizedText } from '../definition-schema';
import type { SignalCode, TimelineLevelOfCare } from './types';

/** The numbers behind one signal, as the rules found them. */
export type SignalFacts =
  | { code: 'ALLIANCE_LOW'; latest: number; cutoff: number }
  | { code: 'ALLIANCE_DROP'; previous: number; latest: number }
  | { code: 'NO_EARLY_CHANGE'; intake: number; latest: number; measurement: number; points: number }
  | { code: 'DETERIORATION'; intake: number; latest: number }
  | {
      code: 'BELOW_EXPECTED';
      latest: number;
      lower: number;
      measurement: number;
      source: 'default' | 'unit';
    }
  | { code: 'MISSED_CONTACT'; reason: 'no_show'; date: string; daysAgo: number }
  | {
      code: 'MISSED_CONTACT';
      reason: 'gap';
      daysSince: number;
      plannedDays: number;
      since: 'contact' | 'start' | 'level';
    }
  | {
      code: 'TRANSITION';
      from: TimelineLevelOfCare;
      to: TimelineLevelOfCare;
      date: string;
      daysAgo: number;
    }
  | { code: 'READINESS_FALLING'; previous: number; latest: number }
  | { code: 'SAFETY'; value: number; date: string };

export interface SignalText {
  explanation: LocalizedText;
  nextStep: LocalizedText;
}

/** A score with at most one decimal: "33,5" in bokmål, "33.5" in English; 38.0 → "38". */
export function formatScore(value: number, language: Language): string {
  const rounded = Math.round(value * 10) / 10;
  const text = String(Object.is(rounded, -0) ? 0 : rounded);
  return language === 'nb' ? text.replace('.', ',') : text;
}

const LEVEL_NAMES: Readonly<Record<TimelineLevelOfCare, LocalizedText>> = {
  outpatient: { nb: 'poliklinisk behandling', en: 'outpatient care' },
  ambulant: { nb: 'ambulant behandling', en: 'outreach (ambulant) care' },
  inpatient: { nb: 'døgnbehandling', en: 'inpatient care' },
  digital: { nb: 'digital behandling', en: 'digital care' },
};

/** "05.01.2026" in bokmål, "2026-01-05" in English. */
function formatDate(iso: string, language: Language): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return language === 'nb' ? `${day}.${month}.${year}` : iso.slice(0, 10);
}

function daysAgoText(days: number): LocalizedText {
  if (days === 0) return { nb: 'i dag', en: 'today' };
  if (days === 1) return { nb: 'i går', en: 'yesterday' };
  return { nb: `for ${days} dager siden`, en: `${days} days ago` };
}

/** "1 point", "1.1 points" (bokmål "poeng" is both). */
const pointsEn = (formatted: string) => `${formatted} point${formatted === '1' ? '' : 's'}`;

const TALK_ALLIANCE: LocalizedText = {
  nb: 'Snakk med pasienten om samarbeidet: hva kan dere gjøre annerledes?',
  en: 'Talk with the patient about how you work together: what could be done differently?',
};
const REVISIT_GOALS: LocalizedText = {
  nb: 'Gå gjennom målene sammen med pasienten, og vurder å endre tilnærming.',
  en: 'Revisit the goals together with the patient, and consider a change of approach.',
};

/** The suggested next step for each signal. */
export const NEXT_STEPS: Readonly<Record<SignalCode, LocalizedText>> = {
  ALLIANCE_LOW: TALK_ALLIANCE,
  ALLIANCE_DROP: TALK_ALLIANCE,
  NO_EARLY_CHANGE: REVISIT_GOALS,
  BELOW_EXPECTED: REVISIT_GOALS,
  DETERIORATION: {
    nb: 'Snakk med pasienten om hva som har skjedd, og vurder å endre tilnærming eller gi mer støtte.',
    en: 'Talk with the patient about what has happened, and consider a change of approach or more support.',
  },
  MISSED_CONTACT: {
    nb: 'Ta kontakt med pasienten snart – helst rett etter en time pasienten ikke kom til.',
    en: 'Contact the patient soon – best right after a missed session.',
  },
  TRANSITION: {
    nb: 'Sørg for at pasienten vet hvem hen skal møte neste gang, og når. Det er i overgangene mange faller fra.',
    en: 'Make sure the patient knows who they will meet next, and when. Transitions are where many are lost.',
  },
  READINESS_FALLING: {
    nb: 'Snakk med pasienten om motivasjon og ambivalens til endring.',
    en: 'Talk with the patient about motivation and ambivalence about change.',
  },
  SAFETY: {
    nb: 'Følg opp svaret om håpløshet/selvmordstanker i dag, etter enhetens rutine.',
    en: "Follow up the answer on hopelessness/suicidal thoughts today, per the unit's procedure.",
  },
};

type Explainer<C extends SignalCode> = (
  facts: Extract<SignalFacts, { code: C }>,
  language: Language,
) => string;

const EXPLAIN: { [C in SignalCode]: Explainer<C> } = {
  ALLIANCE_LOW: (f, l) =>
    l === 'nb'
      ? `Samarbeidsskåren var ${formatScore(f.latest, l)} sist (grensen er ${formatScore(f.cutoff, l)}).`
      : `The alliance score was ${formatScore(f.latest, l)} last time (the cut-off is ${formatScore(f.cutoff, l)}).`,
  ALLIANCE_DROP: (f, l) => {
    const drop = formatScore(f.previous - f.latest, l);
    const [from, to] = [formatScore(f.previous, l), formatScore(f.latest, l)];
    return l === 'nb'
      ? `Samarbeidsskåren falt med ${drop} poeng siden forrige gang (fra ${from} til ${to}).`
      : `The alliance score fell by ${pointsEn(drop)} since the previous session (from ${from} to ${to}).`;
  },
  NO_EARLY_CHANGE: (f, l) => {
    const [latest, intake] = [formatScore(f.latest, l), formatScore(f.intake, l)];
    const points = formatScore(f.points, l);
    return l === 'nb'
      ? `Ved måling nr. ${f.measurement} er utbytteskåren ${latest}, mot ${intake} ved start: ingen pålitelig bedring ennå (det trengs minst ${points} poeng).`
      : `At measurement ${f.measurement} the outcome score is ${latest}, against ${intake} at intake: no reliable improvement yet (that takes at least ${pointsEn(points)}).`;
  },
  DETERIORATION: (f, l) => {
    const [latest, intake] = [formatScore(f.latest, l), formatScore(f.intake, l)];
    const drop = formatScore(f.intake - f.latest, l);
    return l === 'nb'
      ? `Utbytteskåren er ${latest}, ${drop} poeng lavere enn ved start (${intake}).`
      : `The outcome score is ${latest}, ${pointsEn(drop)} lower than at intake (${intake}).`;
  },
  BELOW_EXPECTED: (f, l) => {
    const [latest, lower] = [formatScore(f.latest, l), formatScore(f.lower, l)];
    const basis =
      f.source === 'unit'
        ? {
            nb: 'beregnet fra enhetens avsluttede forløp',
            en: "estimated from the unit's completed courses",
          }
        : { nb: 'foreløpig standardkurve', en: 'provisional default curve' };
    return l === 'nb'
      ? `Utbytteskåren ved måling nr. ${f.measurement} er ${latest}, under det som er forventet for denne startskåren (nedre grense ${lower}; ${basis.nb}).`
      : `The outcome score at measurement ${f.measurement} is ${latest}, below what is expected for this intake score (lower bound ${lower}; ${basis.en}).`;
  },
  MISSED_CONTACT: (f, l) => {
    if (f.reason === 'no_show') {
      const ago = daysAgoText(f.daysAgo)[l];
      return l === 'nb'
        ? `Pasienten kom ikke til avtalt time ${formatDate(f.date, l)} (${ago}).`
        : `The patient did not come to the appointment on ${formatDate(f.date, l)} (${ago}).`;
    }
    const since =
      f.since === 'contact'
        ? { nb: 'siste kontakt', en: 'the last contact' }
        : f.since === 'level'
          ? { nb: 'behandlingsnivået ble endret', en: 'the level of care changed' }
          : { nb: 'forløpet startet', en: 'the course started' };
    return l === 'nb'
      ? `Det er ${f.daysSince} dager siden ${since.nb} (planlagt hver ${f.plannedDays}. dag).`
      : `It is ${f.daysSince} days since ${since.en} (planned every ${f.plannedDays} days).`;
  },
  TRANSITION: (f, l) => {
    const [from, to] = [LEVEL_NAMES[f.from][l], LEVEL_NAMES[f.to][l]];
    const ago = daysAgoText(f.daysAgo)[l];
    return l === 'nb'
      ? `Pasienten gikk over fra ${from} til ${to} ${ago} (${formatDate(f.date, l)}).`
      : `The patient moved from ${from} to ${to} ${ago} (${formatDate(f.date, l)}).`;
  },
  READINESS_FALLING: (f, l) => {
    const [from, to] = [formatScore(f.previous, l), formatScore(f.latest, l)];
    return l === 'nb'
      ? `Endringsberedskapen (DUDIT-E) gikk ned fra ${from} til ${to} siden forrige gang.`
      : `Readiness to change (DUDIT-E) went down from ${from} to ${to} since the previous time.`;
  },
  SAFETY: (f, l) =>
    l === 'nb'
      ? `Pasienten svarte ${formatScore(f.value, l)} på spørsmålet om tanker om å ta sitt eget liv (HSCL-25 spørsmål 20, skala 1–4) ${formatDate(f.date, l)}.`
      : `The patient answered ${formatScore(f.value, l)} to the question on thoughts of ending their life (HSCL-25 item 20, scale 1–4) on ${formatDate(f.date, l)}.`,
};

function explain<C extends SignalCode>(facts: Extract<SignalFacts, { code: C }>): LocalizedText {
  const explainer: Explainer<C> = EXPLAIN[facts.code];
  return { nb: explainer(facts, 'nb'), en: explainer(facts, 'en') };
}

/** The explanation and next step of a signal, from the numbers that raised it. */
export function signalText(facts: SignalFacts): SignalText {
  return { explanation: explain(facts), nextStep: NEXT_STEPS[facts.code] };
}
