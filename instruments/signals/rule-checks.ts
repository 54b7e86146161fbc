/**
 * The nine rules of `dropout-risk@1`, one function each: a view of the time line as it stood on a
 * day in, the numbers and data points that raised the signal out (or null). Internal to signals/:
 * rules.ts weighs them into a traffic light.
 */
import type { SignalFacts } from './texts';
import type {
  DataPoint,
  ExpectedTrajectory,
  RiskConfig,
  SignalTimeline,
  TimelineContact,
  TimelineEpisode,
  TimelineResponse,
} from './types';

/** Scores are sums of one-decimal values: compare with a hair of tolerance (36.9 − 1 vs 35.9). */
export const EPS = 1e-9;
const below = (a: number, b: number) => a < b - EPS;
const atMost = (a: number, b: number) => a <= b + EPS;

/** Plain code-point order: the same on every machine, unlike localeCompare. */
export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const dateOf = (iso: string) => iso.slice(0, 10);
export const days = (from: string, to: string) =>
  Math.round((Date.parse(dateOf(to)) - Date.parse(dateOf(from))) / 86_400_000);

export interface Measured {
  value: number;
  date: string;
}

const byAnsweredAt = (a: TimelineResponse, b: TimelineResponse) =>
  compare(a.answeredAt, b.answeredAt);

/** The values of one score of an instrument's scored responses, oldest first. */
export function scoreSeries(
  responses: readonly TimelineResponse[],
  instrumentId: string,
  key: string,
) {
  return responses
    .filter((r) => r.instrumentId === instrumentId && r.status === 'scored')
    .sort(byAnsweredAt)
    .flatMap((r): Measured[] => {
      const value = r.scores[key];
      return typeof value === 'number' && Number.isFinite(value)
        ? [{ value, date: r.answeredAt }]
        : [];
    });
}

/** What the rules look at: the time line as it stood on `asOf`. */
export interface View {
  timeline: SignalTimeline;
  asOf: string;
  config: RiskConfig;
  outcome: Measured[];
  alliance: Measured[];
  trajectoryFor: (intake: number) => ExpectedTrajectory;
}

/** A raised rule: its numbers, its data, and the date its staleness is judged by (null: never). */
export interface Raised {
  facts: SignalFacts;
  data: DataPoint[];
  newest: string | null;
}

const point = (instrumentId: string, key: string, m: Measured): DataPoint => ({
  instrumentId,
  key,
  value: m.value,
  date: m.date,
});
const outcomePoint = (m: Measured) => point('session-outcome', 'total', m);
const alliancePoint = (m: Measured) => point('session-alliance', 'total', m);

function allianceLow({ alliance, config }: View): Raised | null {
  const latest = alliance.at(-1);
  if (!latest || !below(latest.value, config.allianceCutoff)) return null;
  const facts = {
    code: 'ALLIANCE_LOW',
    latest: latest.value,
    cutoff: config.allianceCutoff,
  } as const;
  return { facts, data: [alliancePoint(latest)], newest: latest.date };
}

function allianceDrop({ alliance, config }: View): Raised | null {
  const [previous, latest] = alliance.slice(-2);
  if (!previous || !latest) return null;
  if (!atMost(latest.value, previous.value - config.allianceDrop)) return null;
  const facts = { code: 'ALLIANCE_DROP', previous: previous.value, latest: latest.value } as const;
  return { facts, data: [alliancePoint(previous), alliancePoint(latest)], newest: latest.date };
}

function noEarlyChange({ outcome, config }: View): Raised | null {
  const [intake, latest] = [outcome[0], outcome.at(-1)];
  if (!intake || !latest || outcome.length < config.earlyChangeBy) return null;
  if (!below(latest.value, intake.value + config.earlyChangePoints)) return null;
  const facts = {
    code: 'NO_EARLY_CHANGE',
    intake: intake.value,
    latest: latest.value,
    measurement: outcome.length,
    points: config.earlyChangePoints,
  } as const;
  return { facts, data: [outcomePoint(intake), outcomePoint(latest)], newest: latest.date };
}

function deterioration({ outcome, config }: View): Raised | null {
  const [intake, latest] = [outcome[0], outcome.at(-1)];
  if (!intake || !latest || outcome.length < 2) return null;
  if (!atMost(latest.value, intake.value - config.deteriorationPoints)) return null;
  const facts = { code: 'DETERIORATION', intake: intake.value, latest: latest.value } as const;
  return { facts, data: [outcomePoint(intake), outcomePoint(latest)], newest: latest.date };
}

function belowExpected({ outcome, trajectoryFor }: View): Raised | null {
  const [intake, latest] = [outcome[0], outcome.at(-1)];
  if (!intake || !latest || outcome.length < 2) return null;
  const trajectory = trajectoryFor(intake.value);
  const expected = trajectory.points.find((p) => p.session === outcome.length);
  if (!expected || !below(latest.value, expected.lower)) return null;
  const facts = {
    code: 'BELOW_EXPECTED',
    latest: latest.value,
    lower: expected.lower,
    measurement: outcome.length,
    source: trajectory.source,
  } as const;
  return { facts, data: [outcomePoint(intake), outcomePoint(latest)], newest: latest.date };
}

function readinessFalling({ timeline }: View): Raised | null {
  const [previous, latest] = scoreSeries(timeline.responses, 'dudit-e', 'readiness').slice(-2);
  if (!previous || !latest || !below(latest.value, previous.value)) return null;
  const facts = {
    code: 'READINESS_FALLING',
    previous: previous.value,
    latest: latest.value,
  } as const;
  const data = [point('dudit-e', 'readiness', previous), point('dudit-e', 'readiness', latest)];
  return { facts, data, newest: latest.date };
}

/** Any HSCL-25 response counts, scored or not: a critical answer matters even if others are missing. */
function safety({ timeline, config }: View): Raised | null {
  const latest = timeline.responses
    .filter((r) => r.instrumentId === 'hscl-25')
    .sort(byAnsweredAt)
    .at(-1);
  const value = latest?.answers['20'];
  if (!latest || typeof value !== 'number' || value < config.safetyItemMin) return null;
  const facts = { code: 'SAFETY', value, date: latest.answeredAt } as const;
  const data = [point('hscl-25', '20', { value, date: latest.answeredAt })];
  return { facts, data, newest: latest.answeredAt };
}

const ATTENDED: ReadonlySet<TimelineContact['kind']> = new Set(['session', 'evaluation']);

/** Contacts that happened or were missed, oldest first; on one day an attended one counts last. */
function contactsInOrder(contacts: readonly TimelineContact[]): TimelineContact[] {
  const rank = (c: TimelineContact) => (ATTENDED.has(c.kind) ? 1 : 0);
  return contacts
    .filter((c) => c.kind !== 'cancelled')
    .sort((a, b) => compare(dateOf(a.date), dateOf(b.date)) || rank(a) - rank(b));
}

const byStart = (a: TimelineEpisode, b: TimelineEpisode) =>
  compare(dateOf(a.startDate), dateOf(b.startDate));

function runningEpisode(episodes: readonly TimelineEpisode[], asOf: string) {
  return episodes
    .filter((e) => e.endDate === null || dateOf(e.endDate) >= dateOf(asOf))
    .sort(byStart)
    .at(-1);
}

function missedContact({ timeline, asOf, config }: View): Raised | null {
  const contacts = contactsInOrder(timeline.contacts);
  const newest = contacts.at(-1);
  if (newest?.kind === 'no_show' && days(newest.date, asOf) <= config.noShowDays) {
    const facts = {
      code: 'MISSED_CONTACT',
      reason: 'no_show',
      date: newest.date,
      daysAgo: days(newest.date, asOf),
    } as const;
    return { facts, data: [{ date: newest.date, kind: 'no_show' }], newest: null };
  }
  const episode = runningEpisode(timeline.episodes, asOf);
  const planned = episode ? config.plannedIntervalDays[episode.levelOfCare] : null;
  if (!episode || planned === null) return null;
  // Counted from the last attended contact, or from the start of the current level of care
  // when that is later: days on a ward are not recorded as sessions, so the first days back
  // in outpatient care are not a gap.
  const attended = contacts.filter((c) => ATTENDED.has(c.kind)).at(-1);
  const fromContact = attended && attended.date.slice(0, 10) >= episode.startDate.slice(0, 10);
  const from = fromContact ? attended.date : episode.startDate;
  const daysSince = days(from, asOf);
  if (daysSince <= config.missedIntervalFactor * planned) return null;
  const since = fromContact
    ? 'contact'
    : episode.startDate === timeline.startDate
      ? 'start'
      : 'level';
  const facts = {
    code: 'MISSED_CONTACT',
    reason: 'gap',
    daysSince,
    plannedDays: planned,
    since,
  } as const;
  const data = [
    {
      date: from,
      kind: fromContact ? attended.kind : since === 'start' ? 'course_start' : 'level_start',
    },
    { date: episode.startDate, kind: episode.levelOfCare },
  ];
  return { facts, data, newest: null };
}

function transition({ timeline, asOf, config }: View): Raised | null {
  const episodes = [...timeline.episodes].sort(byStart);
  for (let i = episodes.length - 1; i >= 1; i--) {
    const [before, after] = [episodes[i - 1], episodes[i]];
    if (!before || !after || before.levelOfCare === after.levelOfCare) continue;
    const daysAgo = days(after.startDate, asOf);
    if (daysAgo < 0 || daysAgo > config.transitionDays) continue;
    const facts = {
      code: 'TRANSITION',
      from: before.levelOfCare,
      to: after.levelOfCare,
      date: after.startDate,
      daysAgo,
    } as const;
    const data = [
      { date: before.startDate, kind: before.levelOfCare },
      { date: after.startDate, kind: after.levelOfCare },
    ];
    return { facts, data, newest: null };
  }
  return null;
}

export const RULES = [
  allianceLow,
  allianceDrop,
  noEarlyChange,
  deterioration,
  belowExpected,
  missedContact,
  transition,
  readinessFalling,
  safety,
];
