/**
 * ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday) in Norwegian time:
 * a week's bounds are Monday 00:00 in Europe/Oslo, summer time included, as instants.
 */

const WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

/** The offset of Europe/Oslo from UTC at `instant`, in minutes (60 in winter, 120 in summer). */
export function osloOffsetMinutes(instant: Date): number {
  const name = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo',
    timeZoneName: 'shortOffset',
  })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name ?? '');
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/** 00:00 in Oslo on the calendar day `date` (UTC midnight of that date names the day). */
function osloMidnight(date: Date): Date {
  const guess = new Date(date.getTime() - osloOffsetMinutes(date) * 60_000);
  // The offset at the guess, not at UTC midnight, decides (the change is at 01:00 UTC).
  return new Date(date.getTime() - osloOffsetMinutes(guess) * 60_000);
}

/** The Monday (UTC midnight naming the day) of ISO week `week` of `year`. */
function mondayOf(year: number, week: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const jan4Weekday = (jan4.getUTCDay() + 6) % 7; // Monday 0
  return new Date(jan4.getTime() - jan4Weekday * DAY_MS + (week - 1) * 7 * DAY_MS);
}

function weeksIn(year: number): number {
  const dec28 = new Date(Date.UTC(year, 11, 28));
  return isoWeekOfDay(dec28).week;
}

function isoWeekOfDay(day: Date): { year: number; week: number } {
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { year, week };
}

export interface IsoWeek {
  /** "2026-W49" */
  week: string;
  /** Monday and the Sunday after, as calendar dates in Oslo. */
  firstDay: string;
  lastDay: string;
  /** Instants: [from, to). */
  from: string;
  to: string;
}

const label = (w: { year: number; week: number }) =>
  `${w.year}-W${String(w.week).padStart(2, '0')}`;

/** Why `text` is not an ISO week, or null when it is one. */
export function isoWeekIssue(text: string): string | null {
  const m = WEEK.exec(text);
  if (!m) return 'an ISO week like 2026-W49';
  const week = Number(m[2]);
  if (week < 1 || week > weeksIn(Number(m[1]))) return `${m[1]} has no week ${m[2]}`;
  return null;
}

export function isoWeek(text: string): IsoWeek {
  const issue = isoWeekIssue(text);
  if (issue) throw new Error(`isoWeek: ${text} is not ${issue}`);
  const [, year, week] = WEEK.exec(text) as RegExpExecArray;
  const monday = mondayOf(Number(year), Number(week));
  const nextMonday = new Date(monday.getTime() + 7 * DAY_MS);
  return {
    week: text,
    firstDay: monday.toISOString().slice(0, 10),
    lastDay: new Date(nextMonday.getTime() - DAY_MS).toISOString().slice(0, 10),
    from: osloMidnight(monday).toISOString(),
    to: osloMidnight(nextMonday).toISOString(),
  };
}

/** The ISO week that `instant` falls in, in Oslo. */
export function isoWeekOf(instant: Date): string {
  const local = new Date(instant.getTime() + osloOffsetMinutes(instant) * 60_000);
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  return label(isoWeekOfDay(day));
}

/** The last whole week before the one `instant` falls in: what a weekly review reads. */
export function previousIsoWeek(instant: Date): string {
  const monday = isoWeek(isoWeekOf(instant)).firstDay;
  return isoWeekOf(new Date(Date.parse(`${monday}T12:00:00Z`) - 7 * DAY_MS));
}
