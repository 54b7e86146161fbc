/**
 * Implementation fidelity, computed from plain rows (no I/O): per month, for the whole unit and
 * per therapist — are sessions measured, do courses get an intake and a discharge measurement,
 * are the 6-weekly evaluations held?
 */
import { addDays, type Period, type PeriodPart, share } from './report-periods';

export const FIDELITY_RULES = {
  /** An intake measurement is a response within this many days of the start date. */
  intakeWindowDays: 14,
  /** A discharge measurement is a response within this many days up to the end date. */
  dischargeWindowDays: 14,
  /** A course is due an evaluation once it is this old at the end of the month… */
  evaluationDueAfterWeeks: 6,
  /** …and it was held on time when there was an evaluation meeting within this many weeks (6-weekly plan + 1 week of grace). */
  evaluationWindowWeeks: 7,
} as const;

const OUTCOME = 'session-outcome';
const ALLIANCE = 'session-alliance';

export interface FidelityCourse {
  courseId: string;
  startDate: string;
  endDate: string | null;
}

export interface FidelityData {
  courses: FidelityCourse[];
  /** Sessions and evaluations from `contactsSince(period)` to the end of the period. */
  contacts: { courseId: string; kind: string; date: string }[];
  /** Responses answered within `responsesAround(period)`. */
  responses: { courseId: string; instrumentId: string; date: string }[];
}

export interface FidelityMonth {
  month: string;
  sessions: number;
  sessionsWithOutcome: number;
  outcomeShare: number | null;
  sessionsWithAlliance: number;
  allianceShare: number | null;
  coursesStarted: number;
  coursesWithIntake: number;
  intakeShare: number | null;
  coursesEnded: number;
  coursesWithDischarge: number;
  dischargeShare: number | null;
  evaluationsDue: number;
  evaluationsOnTime: number;
  evaluationShare: number | null;
}

/** The contacts a period's figures need: evaluations reach back one window before its start. */
export function contactsSince(period: Period): Period {
  return {
    from: addDays(period.from, 1 - FIDELITY_RULES.evaluationWindowWeeks * 7),
    to: period.to,
  };
}

/** The responses a period's figures need: intake and discharge windows reach past its edges. */
export function responsesAround(period: Period): Period {
  return {
    from: addDays(period.from, -FIDELITY_RULES.dischargeWindowDays),
    to: addDays(period.to, FIDELITY_RULES.intakeWindowDays),
  };
}

interface CourseFacts extends FidelityCourse {
  hasIntake: boolean;
  hasDischarge: boolean;
  evaluations: string[];
  sessions: { date: string; outcome: boolean; alliance: boolean }[];
}

/** Per course: which measurements it had, and its sessions and evaluation dates. */
export function courseFacts(data: FidelityData, period: Period): Map<string, CourseFacts> {
  const datesOf = new Map<string, { any: string[]; outcome: Set<string>; alliance: Set<string> }>();
  for (const r of data.responses) {
    let dates = datesOf.get(r.courseId);
    if (!dates) {
      dates = { any: [], outcome: new Set(), alliance: new Set() };
      datesOf.set(r.courseId, dates);
    }
    dates.any.push(r.date);
    if (r.instrumentId === OUTCOME) dates.outcome.add(r.date);
    if (r.instrumentId === ALLIANCE) dates.alliance.add(r.date);
  }
  const facts = new Map<string, CourseFacts>();
  for (const course of data.courses) {
    const dates = datesOf.get(course.courseId);
    const within = (from: string, to: string) =>
      dates?.any.some((d) => d >= from && d <= to) ?? false;
    const { intakeWindowDays: intake, dischargeWindowDays: discharge } = FIDELITY_RULES;
    facts.set(course.courseId, {
      ...course,
      hasIntake: within(addDays(course.startDate, -intake), addDays(course.startDate, intake)),
      hasDischarge:
        course.endDate !== null && within(addDays(course.endDate, -discharge), course.endDate),
      evaluations: [],
      sessions: [],
    });
  }
  for (const contact of data.contacts) {
    const course = facts.get(contact.courseId);
    if (!course) continue;
    if (contact.kind === 'evaluation') course.evaluations.push(contact.date);
    if (contact.date < period.from || contact.date > period.to) continue;
    const dates = datesOf.get(contact.courseId);
    course.sessions.push({
      date: contact.date,
      outcome: dates?.outcome.has(contact.date) ?? false,
      alliance: dates?.alliance.has(contact.date) ?? false,
    });
  }
  return facts;
}

/** The figures of some courses (the unit's, or one therapist's) for one month. */
export function monthFigures(courses: Iterable<CourseFacts>, month: PeriodPart): FidelityMonth {
  const count = { sessions: 0, outcome: 0, alliance: 0, started: 0, intake: 0, ended: 0 };
  let discharge = 0;
  let due = 0;
  let onTime = 0;
  const { evaluationDueAfterWeeks, evaluationWindowWeeks } = FIDELITY_RULES;
  // The month's end, or the period's end in its last (partial) month.
  const reference = month.to;
  const oldEnough = addDays(reference, -evaluationDueAfterWeeks * 7);
  const windowStart = addDays(reference, 1 - evaluationWindowWeeks * 7);
  const inMonth = (date: string | null) => date !== null && date >= month.from && date <= month.to;
  for (const course of courses) {
    for (const session of course.sessions) {
      if (!inMonth(session.date)) continue;
      count.sessions++;
      if (session.outcome) count.outcome++;
      if (session.alliance) count.alliance++;
    }
    if (inMonth(course.startDate)) {
      count.started++;
      if (course.hasIntake) count.intake++;
    }
    if (inMonth(course.endDate)) {
      count.ended++;
      if (course.hasDischarge) discharge++;
    }
    const active = course.endDate === null || course.endDate > reference;
    if (active && course.startDate <= oldEnough) {
      due++;
      if (course.evaluations.some((d) => d >= windowStart && d <= reference)) onTime++;
    }
  }
  return {
    month: month.label,
    sessions: count.sessions,
    sessionsWithOutcome: count.outcome,
    outcomeShare: share(count.outcome, count.sessions),
    sessionsWithAlliance: count.alliance,
    allianceShare: share(count.alliance, count.sessions),
    coursesStarted: count.started,
    coursesWithIntake: count.intake,
    intakeShare: share(count.intake, count.started),
    coursesEnded: count.ended,
    coursesWithDischarge: discharge,
    dischargeShare: share(discharge, count.ended),
    evaluationsDue: due,
    evaluationsOnTime: onTime,
    evaluationShare: share(onTime, due),
  };
}

/** A month in which a therapist had nothing to measure is left out of their rows. */
export function hasActivity(m: FidelityMonth): boolean {
  return m.sessions + m.coursesStarted + m.coursesEnded + m.evaluationsDue > 0;
}
