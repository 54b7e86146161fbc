/**
 * Report periods on calendar dates (YYYY-MM-DD text, UTC days): the default period, the checks
 * on a requested one, and its months and quarters, clipped to the period.
 */

export interface Period {
  from: string;
  to: string;
}

export interface PeriodIssue {
  path: ['from' | 'to'];
  message: string;
}

/** The longest period a report covers. */
export const MAX_PERIOD_YEARS = 5;

const utc = (date: string) => new Date(`${date}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && iso(utc(value)) === value;
}

export function addDays(date: string, days: number): string {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return iso(d);
}

/** The first day of the month `months` months after the month of `date` (negative: before). */
export function firstOfMonth(date: string, months = 0): string {
  const d = utc(date);
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

function addYears(date: string, years: number): string {
  const d = utc(date);
  // 29 February plus a year is 28 February, not 1 March.
  const target = new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0));
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay.getUTCDate()));
  return iso(target);
}

/**
 * What is wrong with a period: `to` before `from`, or longer than MAX_PERIOD_YEARS. The issue
 * names `blame`, the field the caller gave (the other may be a default).
 */
export function periodIssues(from: string, to: string, blame: 'from' | 'to' = 'to'): PeriodIssue[] {
  if (to < from) {
    return [
      {
        path: [blame],
        message:
          blame === 'to' ? `must not be before from (${from})` : `must not be after to (${to})`,
      },
    ];
  }
  if (to >= addYears(from, MAX_PERIOD_YEARS)) {
    return [
      {
        path: [blame],
        message: `the period may span at most ${MAX_PERIOD_YEARS} years (${from} to ${to} is longer)`,
      },
    ];
  }
  return [];
}

/**
 * The requested period, with defaults: `to` is today, `from` the first day of the month eleven
 * months before `to`'s month — twelve calendar months, the last one up to `to`.
 */
export function resolvePeriod(
  input: { from?: string; to?: string },
  today: string,
): { period: Period; issues: PeriodIssue[] } {
  const to = input.to ?? today;
  const from = input.from ?? firstOfMonth(to, -11);
  return { period: { from, to }, issues: periodIssues(from, to, input.to ? 'to' : 'from') };
}

export interface PeriodPart extends Period {
  /** "2026-03" for a month, "2026-Q1" for a quarter. */
  label: string;
}

function parts(period: Period, monthsPerPart: 1 | 3, label: (start: Date) => string) {
  const result: PeriodPart[] = [];
  const first = utc(period.from);
  let start = new Date(
    Date.UTC(
      first.getUTCFullYear(),
      first.getUTCMonth() - (first.getUTCMonth() % monthsPerPart),
      1,
    ),
  );
  while (iso(start) <= period.to) {
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + monthsPerPart, 1));
    const last = addDays(iso(next), -1);
    result.push({
      label: label(start),
      from: iso(start) < period.from ? period.from : iso(start),
      to: last > period.to ? period.to : last,
    });
    start = next;
  }
  return result;
}

/** The calendar months the period touches, as "YYYY-MM", clipped to the period. */
export function monthsOf(period: Period): PeriodPart[] {
  return parts(period, 1, (start) => iso(start).slice(0, 7));
}

/** The calendar quarters the period touches, as "YYYY-Qn", clipped to the period. */
export function quartersOf(period: Period): PeriodPart[] {
  return parts(
    period,
    3,
    (start) => `${start.getUTCFullYear()}-Q${Math.floor(start.getUTCMonth() / 3) + 1}`,
  );
}

/** k of n as a share, or null when there is nothing to share (n = 0). */
export function share(k: number, n: number): number | null {
  return n === 0 ? null : k / n;
}
