/**
 * Which instruments are due for a course on a given day, from its measurement plan. Pure: dates
 * in, list out. Dates are ISO strings; only their date part (YYYY-MM-DD) is compared.
 */
export type PlanSchedule = 'intake' | 'every_session' | 'every_n_weeks' | 'discharge';

export interface PlanItem {
  instrumentId: string;
  schedule: PlanSchedule;
  intervalWeeks?: number | null;
}

export interface CourseTimeline {
  today: string;
  startDate: string;
  plannedEndDate?: string | null;
  endDate?: string | null;
  /** Latest answer per instrument (ISO date or timestamp). */
  lastAnswered: Readonly<Record<string, string | undefined>>;
}

export interface DueInstrument {
  instrumentId: string;
  schedule: PlanSchedule;
  lastAnswered: string | null;
}

/** Discharge forms are due from this many days before the planned end. */
export const DISCHARGE_WINDOW_DAYS = 14;

const dateOf = (iso: string) => iso.slice(0, 10);
const days = (from: string, to: string) =>
  Math.round((Date.parse(dateOf(to)) - Date.parse(dateOf(from))) / 86_400_000);

function isDue(item: PlanItem, c: CourseTimeline, last: string | undefined): boolean {
  switch (item.schedule) {
    case 'intake':
      return last === undefined;
    case 'every_session':
      return last === undefined || dateOf(last) !== dateOf(c.today);
    case 'every_n_weeks':
      return last === undefined || days(last, c.today) >= (item.intervalWeeks ?? 1) * 7;
    case 'discharge': {
      if (!c.plannedEndDate) return false;
      const windowStart = days(c.today, c.plannedEndDate) <= DISCHARGE_WINDOW_DAYS;
      const answeredInWindow =
        last !== undefined && days(last, c.plannedEndDate) <= DISCHARGE_WINDOW_DAYS;
      return windowStart && !answeredInWindow;
    }
  }
}

export function dueInstruments(plan: readonly PlanItem[], course: CourseTimeline): DueInstrument[] {
  if (course.endDate || days(course.startDate, course.today) < 0) return [];
  const due = new Map<string, DueInstrument>();
  for (const item of plan) {
    const last = course.lastAnswered[item.instrumentId];
    if (!due.has(item.instrumentId) && isDue(item, course, last)) {
      due.set(item.instrumentId, {
        instrumentId: item.instrumentId,
        schedule: item.schedule,
        lastAnswered: last ?? null,
      });
    }
  }
  return [...due.values()];
}
