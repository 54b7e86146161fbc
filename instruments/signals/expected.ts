/**
 * The expected trajectory of the session-outcome total (ORS format, 0–40) for an intake score:
 * what BELOW_EXPECTED compares against.
 *
 * PROVISIONAL — NOT VALIDATED. Until a unit has at least 30 completed courses with a similar
 * intake score, the default curve is a documented guess, not an empirical norm:
 *
 *   mean(k)  = intake + max(0, 28 − intake) · (1 − 0.75^(k − 1)),  k = 1 (intake), 2, …
 *   lower(k) = max(0, mean(k) − 5)
 *
 * 28 is about the non-clinical ORS mean (INSTRUMENTS.md §9.1): the curve closes a quarter of the
 * remaining gap to it per session. 5 is the reliable-change convention (RCI 4.3 rounded, also
 * unverified). Values are capped at 40. Replace with the unit's own estimate
 * (`estimateTrajectory`: mean and lower quartile of completed courses with an intake within ±2)
 * as soon as there are enough courses.
 */
import type { ExpectedPoint, ExpectedTrajectory } from './types';

/** About the non-clinical ORS mean (INSTRUMENTS.md §9.1). */
const NON_CLINICAL_MEAN = 28;
/** The reliable-change convention (INSTRUMENTS.md §9.1). */
const RELIABLE_CHANGE = 5;
const GAP_KEPT_PER_SESSION = 0.75;
const MAX_TOTAL = 40;

function checkSessions(sessions: number): void {
  if (!Number.isInteger(sessions) || sessions < 1) {
    throw new RangeError(`sessions must be a whole number ≥ 1, got ${sessions}`);
  }
}

/** The provisional default curve (source 'default', n 0) for sessions 1..`sessions`. */
export function defaultTrajectory(intake: number, sessions = 20): ExpectedTrajectory {
  if (!Number.isFinite(intake)) throw new RangeError(`intake must be a number, got ${intake}`);
  checkSessions(sessions);
  const gap = Math.max(0, NON_CLINICAL_MEAN - intake);
  const points: ExpectedPoint[] = [];
  for (let k = 1; k <= sessions; k++) {
    const mean = Math.min(MAX_TOTAL, intake + gap * (1 - GAP_KEPT_PER_SESSION ** (k - 1)));
    points.push({
      session: k,
      mean,
      lower: Math.min(MAX_TOTAL, Math.max(0, mean - RELIABLE_CHANGE)),
    });
  }
  return { source: 'default', n: 0, intake, points };
}

/** The p-quantile with linear interpolation between order statistics (R type 7). */
function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? low;
  return low + (h - below) * (high - low);
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

export interface EstimateOptions {
  /** Courses with a similar intake needed before the unit's own estimate replaces the default. */
  minCourses?: number;
  /** "Similar intake": within ± this many points. */
  window?: number;
  /** A session gets a point only when at least this many of the selected courses reached it. */
  minPerSession?: number;
  sessions?: number;
}

/**
 * The unit's expected trajectory for an intake score, from the outcome series (index 0 = intake)
 * of its completed courses; the provisional default while fewer than `minCourses` are similar.
 */
export function estimateTrajectory(
  intake: number,
  completedSeries: readonly (readonly number[])[],
  options: EstimateOptions = {},
): ExpectedTrajectory {
  const { minCourses = 30, window = 2, minPerSession = 10, sessions = 20 } = options;
  checkSessions(sessions);
  // A hair of tolerance so that 18.2 counts as within 2 of 16.2 despite binary decimals.
  const similar = completedSeries.filter(
    (series) => series[0] !== undefined && Math.abs(series[0] - intake) <= window + 1e-9,
  );
  if (similar.length < minCourses) return defaultTrajectory(intake, sessions);
  const points: ExpectedPoint[] = [];
  for (let k = 1; k <= sessions; k++) {
    const values = similar.flatMap((series) => {
      const value = series[k - 1];
      return value !== undefined && Number.isFinite(value) ? [value] : [];
    });
    if (values.length >= minPerSession && values.length > 0) {
      points.push({ session: k, mean: mean(values), lower: quantile(values, 0.25) });
    }
  }
  return { source: 'unit', n: similar.length, intake, points };
}
