/**
 * Reliable and clinically significant change on the session-outcome total (Jacobson–Truax style,
 * with the ORS conventions of INSTRUMENTS.md §9.1: reliable change about 5 points — RCI 4.3
 * rounded, UNVERIFIED — and the adult clinical cut-off 25). Worked example O2 (§10).
 */

export interface ReliableChangeOptions {
  /** Points of change that count as reliable. */
  rci?: number;
  /** Below it: the clinical range. */
  cutoff?: number;
}

export interface ReliableChange {
  change: number;
  category: 'improved' | 'deteriorated' | 'unchanged';
  /** Reliably improved and moved from below the cut-off to at or above it. */
  clinicallySignificant: boolean;
}

/** Totals are sums of one-decimal values: 23.3 − 18.3 must count as the full 5 points. */
const EPS = 1e-9;
const roundTo1e9 = (value: number) => Math.round(value * 1e9) / 1e9;

export function reliableChange(
  intake: number,
  latest: number,
  options: ReliableChangeOptions = {},
): ReliableChange {
  const { rci = 5, cutoff = 25 } = options;
  const change = roundTo1e9(latest - intake);
  const category =
    change >= rci - EPS ? 'improved' : change <= -rci + EPS ? 'deteriorated' : 'unchanged';
  return {
    change,
    category,
    clinicallySignificant: category === 'improved' && intake < cutoff && latest >= cutoff,
  };
}
