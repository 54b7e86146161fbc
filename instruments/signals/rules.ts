/**
 * The drop-out-risk rule set `dropout-risk@1` (DESIGN.md "Feedback signals and drop-out risk"):
 * a course's time line and a day in, signals and a traffic light out. Pure; only data dated on or
 * before that day counts, and only the date part (YYYY-MM-DD) of a date is compared. The rules
 * themselves are in rule-checks.ts.
 */
import { DEFAULT_RISK_CONFIG } from './config';
import { estimateTrajectory } from './expected';
import {
  compare,
  dateOf,
  days,
  EPS,
  type Raised,
  RULES,
  scoreSeries,
  type View,
} from './rule-checks';
import { signalText } from './texts';
import {
  type ExpectedTrajectory,
  type RiskAssessment,
  type RiskConfig,
  type RiskLevel,
  RULE_SET,
  type Signal,
  type SignalCode,
  type SignalTimeline,
} from './types';

export interface RiskOptions {
  config?: RiskConfig;
  /** Outcome series (index 0 = intake) of the unit's completed courses, for BELOW_EXPECTED. */
  unitSeries?: readonly (readonly number[])[];
}

/** The scored session-outcome totals of a time line, in answeredAt order (index 0 = intake). */
export function outcomeSeries(timeline: SignalTimeline): number[] {
  return scoreSeries(timeline.responses, 'session-outcome', 'total').map((m) => m.value);
}

/** The time line as it stood on `asOf`: later responses, contacts and episodes are left out. */
function asItStood(timeline: SignalTimeline, asOf: string): SignalTimeline {
  const day = dateOf(asOf);
  return {
    startDate: timeline.startDate,
    responses: timeline.responses.filter((r) => dateOf(r.answeredAt) <= day),
    contacts: timeline.contacts.filter((c) => dateOf(c.date) <= day),
    episodes: timeline.episodes.filter((e) => dateOf(e.startDate) <= day),
  };
}

function toSignal(raised: Raised, config: RiskConfig): Signal {
  const code: SignalCode = raised.facts.code;
  const weight = code === 'SAFETY' ? 0 : config.weights[code];
  const { explanation, nextStep } = signalText(raised.facts);
  return { code, weight, explanation, nextStep, data: raised.data };
}

const bySafetyWeightCode = (a: Signal, b: Signal) =>
  Number(b.code === 'SAFETY') - Number(a.code === 'SAFETY') ||
  b.weight - a.weight ||
  compare(a.code, b.code);

function levelOf(score: number, counted: number, responses: number, config: RiskConfig): RiskLevel {
  if (counted === 0 && responses < config.minResponsesForLight) return 'grey';
  if (score >= config.redFrom - EPS) return 'red';
  if (score >= config.yellowFrom - EPS) return 'yellow';
  return 'green';
}

function assess(
  whole: SignalTimeline,
  asOf: string,
  config: RiskConfig,
  trajectoryFor: (intake: number) => ExpectedTrajectory,
): RiskAssessment {
  const timeline = asItStood(whole, asOf);
  const outcome = scoreSeries(timeline.responses, 'session-outcome', 'total');
  const alliance = scoreSeries(timeline.responses, 'session-alliance', 'total');
  const view: View = { timeline, asOf, config, outcome, alliance, trajectoryFor };
  const fresh = (r: Raised) => r.newest === null || days(r.newest, asOf) <= config.staleAfterDays;
  const signals = RULES.flatMap((rule) => rule(view) ?? [])
    .filter(fresh)
    .map((r) => toSignal(r, config))
    .sort(bySafetyWeightCode);
  const counted = signals.filter((s) => s.code !== 'SAFETY');
  const score = counted.reduce((sum, s) => sum + s.weight, 0);
  const level = levelOf(score, counted.length, outcome.length + alliance.length, config);
  const lastMeasurementAt = timeline.responses.reduce<string | null>(
    (newest, r) => (newest === null || r.answeredAt > newest ? r.answeredAt : newest),
    null,
  );
  return {
    ruleSet: RULE_SET,
    asOf,
    level,
    score,
    safety: signals.some((s) => s.code === 'SAFETY'),
    signals,
    lastMeasurementAt,
  };
}

/** One trajectory per intake score, so a history over many days estimates it once. */
function trajectories(unitSeries: readonly (readonly number[])[] = []) {
  const known = new Map<number, ExpectedTrajectory>();
  return (intake: number) => {
    const found = known.get(intake) ?? estimateTrajectory(intake, unitSeries);
    known.set(intake, found);
    return found;
  };
}

/** The course's risk as of a day: active signals, score and traffic light (`dropout-risk@1`). */
export function assessRisk(
  timeline: SignalTimeline,
  asOf: string,
  options: RiskOptions = {},
): RiskAssessment {
  const config = options.config ?? DEFAULT_RISK_CONFIG;
  return assess(timeline, asOf, config, trajectories(options.unitSeries));
}

export interface SignalHistoryEntry {
  date: string;
  level: RiskLevel;
  codes: SignalCode[];
}

/** The assessment as of each day with an outcome or alliance response or a contact (chart markers). */
export function signalHistory(
  timeline: SignalTimeline,
  options: RiskOptions = {},
): SignalHistoryEntry[] {
  const config = options.config ?? DEFAULT_RISK_CONFIG;
  const trajectoryFor = trajectories(options.unitSeries);
  const dates = new Set<string>([
    ...timeline.responses
      .filter(
        (r) =>
          r.status === 'scored' &&
          (r.instrumentId === 'session-outcome' || r.instrumentId === 'session-alliance'),
      )
      .map((r) => dateOf(r.answeredAt)),
    ...timeline.contacts.map((c) => dateOf(c.date)),
  ]);
  return [...dates].sort().map((date) => {
    const { level, signals } = assess(timeline, date, config, trajectoryFor);
    return { date, level, codes: signals.map((s) => s.code) };
  });
}
