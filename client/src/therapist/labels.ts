/**
 * Words for the therapist screens: levels of care, contact kinds, instrument names (the risk
 * light's words are shared: shared/risk-light.ts).
 */

type T = (nb: string, en: string) => string;

export function careName(level: string | null, t: T): string {
  switch (level) {
    case 'outpatient':
      return t('Poliklinisk', 'Outpatient');
    case 'ambulant':
      return t('Ambulant', 'Ambulant');
    case 'inpatient':
      return t('Døgn', 'Inpatient');
    case 'digital':
      return t('Digital', 'Digital');
    default:
      return '–';
  }
}

export function contactName(kind: string, t: T): string {
  switch (kind) {
    case 'session':
      return t('Samtale', 'Session');
    case 'evaluation':
      return t('Evaluering', 'Evaluation');
    case 'no_show':
      return t('Uteblitt', 'No-show');
    case 'cancelled':
      return t('Avlyst', 'Cancelled');
    default:
      return kind;
  }
}

export function endName(type: string, t: T): string {
  switch (type) {
    case 'completed':
      return t('Fullført (planlagt avslutning)', 'Completed (planned end)');
    case 'dropped_out':
      return t('Avbrutt av pasienten', 'Dropped out');
    case 'transferred':
      return t('Overført', 'Transferred');
    default:
      return t('Annet', 'Other');
  }
}

const INSTRUMENTS: Record<string, [string, string]> = {
  'session-outcome': ['Hvordan livet går', 'How life is going'],
  'session-alliance': ['Hvordan timen var', 'How the session went'],
  audit: ['AUDIT (alkohol)', 'AUDIT (alcohol)'],
  dudit: ['DUDIT (andre rusmidler)', 'DUDIT (drugs)'],
  'dudit-e': ['DUDIT-E', 'DUDIT-E'],
  'hscl-25': ['HSCL-25 (plager)', 'HSCL-25 (distress)'],
  gaf: ['GAF', 'GAF'],
  gas: ['GAS (mål)', 'GAS (goals)'],
  'psq-18': ['PSQ-18 (fornøydhet)', 'PSQ-18 (satisfaction)'],
};

export function instrumentName(id: string, t: T): string {
  const names = INSTRUMENTS[id];
  return names ? t(names[0], names[1]) : id;
}

/** A date (YYYY-MM-DD or a timestamp) as a short local date. */
export function shortDate(iso: string | null | undefined, lang: 'nb' | 'en'): string {
  if (!iso) return '–';
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return d.toLocaleDateString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

export const DAY_MS = 86_400_000;

/** Days from `start` to `date` (both ISO). */
export function daysSince(start: string, date: string): number {
  return Math.round(
    (Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - Date.parse(`${start.slice(0, 10)}T00:00:00Z`)) /
      DAY_MS,
  );
}

export function addDays(start: string, days: number): string {
  return new Date(Date.parse(`${start.slice(0, 10)}T00:00:00Z`) + days * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
