/**
 * Pure helpers for the implementation follow-up: shares as percentages, month labels, and the
 * lines of the fidelity chart (months without a share are left out, not drawn as zero).
 */
import type { FollowUpUnit } from './types';

type Month = FollowUpUnit['fidelity'][number];

/** A share (0–1) as a whole percentage, or "–" when there was nothing to measure. */
export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}

/** "2026-03" as "mar. 2026" / "Mar 2026". */
export function monthName(label: string, lang: 'nb' | 'en'): string {
  const date = new Date(`${label}-15T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return label;
  return date.toLocaleDateString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
    month: 'short',
    year: 'numeric',
  });
}

export const SHARES = ['outcomeShare', 'allianceShare', 'intakeShare'] as const;
export type ShareKey = (typeof SHARES)[number];

/** One line per share: x is the month's index, y the percentage. */
export function shareLines(months: Month[]): Record<ShareKey, { x: number; y: number }[]> {
  const line = (key: ShareKey) =>
    months.flatMap((m, x) => {
      const value = m[key];
      return value === null ? [] : [{ x, y: Math.round(value * 1000) / 10 }];
    });
  return {
    outcomeShare: line('outcomeShare'),
    allianceShare: line('allianceShare'),
    intakeShare: line('intakeShare'),
  };
}
