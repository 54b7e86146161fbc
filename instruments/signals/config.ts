/**
 * The thresholds and weights of `dropout-risk@1`: configuration, not code (DESIGN.md "Feedback
 * signals and drop-out risk"). A unit tunes them from its calibration report; `riskConfigFrom`
 * checks an override and fails with a message that names the wrong field.
 */
import { z } from 'zod';
import type { RiskConfig } from './types';

const freeze = <T extends object>(value: T): Readonly<T> => Object.freeze(value);

export const DEFAULT_RISK_CONFIG: RiskConfig = freeze({
  allianceCutoff: 36,
  allianceDrop: 1,
  earlyChangeBy: 3,
  earlyChangePoints: 5,
  deteriorationPoints: 5,
  missedIntervalFactor: 2,
  plannedIntervalDays: freeze({ outpatient: 7, ambulant: 7, digital: 7, inpatient: null }),
  noShowDays: 28,
  transitionDays: 14,
  safetyItemMin: 2,
  staleAfterDays: 56,
  weights: freeze({
    ALLIANCE_LOW: 3,
    ALLIANCE_DROP: 2,
    MISSED_CONTACT: 3,
    TRANSITION: 2,
    DETERIORATION: 2,
    NO_EARLY_CHANGE: 1,
    BELOW_EXPECTED: 1,
    READINESS_FALLING: 1,
  }),
  yellowFrom: 1,
  redFrom: 4,
  minResponsesForLight: 2,
});

const between = (min: number, max: number) => {
  const error = `must be a number between ${min} and ${max}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
};
const atLeast = (min: number) => {
  const error = `must be a number ≥ ${min}`;
  return z.number({ error }).min(min, { error });
};
const wholeAtLeast = (min: number) => {
  const error = `must be a whole number ≥ ${min}`;
  return z.number({ error }).int({ error }).min(min, { error });
};
const positive = () => {
  const error = 'must be a number > 0';
  return z.number({ error }).positive({ error });
};
const days = () => {
  const error = 'must be a whole number of days ≥ 1, or null';
  return z.number({ error }).int({ error }).min(1, { error }).nullable();
};

/** A partial config: every field may be left out, weights and intervals one by one. */
const partialConfig = z
  .object({
    allianceCutoff: between(0, 40),
    allianceDrop: between(0, 40),
    earlyChangeBy: wholeAtLeast(1),
    earlyChangePoints: between(0, 40),
    deteriorationPoints: between(0, 40),
    missedIntervalFactor: positive(),
    plannedIntervalDays: z
      .object({ outpatient: days(), ambulant: days(), inpatient: days(), digital: days() })
      .partial()
      .strict(),
    noShowDays: wholeAtLeast(0),
    transitionDays: wholeAtLeast(0),
    safetyItemMin: between(1, 4),
    staleAfterDays: wholeAtLeast(0),
    weights: z
      .object({
        ALLIANCE_LOW: atLeast(0),
        ALLIANCE_DROP: atLeast(0),
        NO_EARLY_CHANGE: atLeast(0),
        DETERIORATION: atLeast(0),
        BELOW_EXPECTED: atLeast(0),
        MISSED_CONTACT: atLeast(0),
        TRANSITION: atLeast(0),
        READINESS_FALLING: atLeast(0),
      })
      .partial()
      .strict(),
    yellowFrom: atLeast(0),
    redFrom: atLeast(0),
    minResponsesForLight: wholeAtLeast(0),
  })
  .partial()
  .strict();

/** The fields given (zod keeps an explicit `undefined`, which must not hide a default). */
const given = <T extends object>(value: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

function issueText(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${[...path, key].join('.')}: unknown field`).join('; ');
  }
  if (path.length === 0) return 'risk config: must be an object';
  return `${path.join('.')}: ${issue.message}`;
}

/**
 * The rule set's config from a partial override (e.g. a unit's stored settings) merged over
 * DEFAULT_RISK_CONFIG. Undefined gives the defaults. Throws an Error naming the wrong field.
 */
export function riskConfigFrom(input: unknown): RiskConfig {
  const parsed = partialConfig.safeParse(input ?? {});
  if (!parsed.success) throw new Error(parsed.error.issues.map(issueText).join('; '));
  const { plannedIntervalDays, weights, ...rest } = parsed.data;
  const config: RiskConfig = {
    ...DEFAULT_RISK_CONFIG,
    ...given(rest),
    plannedIntervalDays: freeze({
      ...DEFAULT_RISK_CONFIG.plannedIntervalDays,
      ...given(plannedIntervalDays),
    }),
    weights: freeze({ ...DEFAULT_RISK_CONFIG.weights, ...given(weights) }),
  };
  if (config.redFrom < config.yellowFrom) {
    throw new Error(`redFrom: must be ≥ yellowFrom (${config.yellowFrom})`);
  }
  return freeze(config);
}
