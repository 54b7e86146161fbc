/**
 * The calibration report (DESIGN.md): over a unit's ended courses, how well the light k weeks
 * before the end foretold the ending. Positive class = dropped out. Grey lights are left out
 * (counted apart): "too little data" is no prediction.
 */
import type { CalibrationCase, CalibrationRow, RiskLevel } from './types';

/** The weeks before the end the report looks at. */
export const CALIBRATION_WEEKS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

const ORDINAL: Readonly<Record<Exclude<RiskLevel, 'grey'>, number>> = {
  green: 1,
  yellow: 2,
  red: 3,
};

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Mann–Whitney: P(a dropped-out course's level > a completed one's), ties counting ½. */
function areaUnderCurve(dropped: readonly number[], completed: readonly number[]) {
  if (dropped.length === 0 || completed.length === 0) return null;
  let wins = 0;
  for (const d of dropped) {
    for (const c of completed) wins += d > c ? 1 : d === c ? 0.5 : 0;
  }
  return wins / (dropped.length * completed.length);
}

function row(cases: readonly CalibrationCase[], weeksBefore: number): CalibrationRow {
  const dropped: number[] = [];
  const completed: number[] = [];
  let grey = 0;
  for (const c of cases) {
    const level = c.levelByWeeksBefore[weeksBefore];
    if (level === undefined) continue;
    if (level === 'grey') grey++;
    else (c.endType === 'dropped_out' ? dropped : completed).push(ORDINAL[level]);
  }
  const count = (values: number[], from: number) => values.filter((v) => v >= from).length;
  return {
    weeksBefore,
    n: dropped.length + completed.length,
    droppedOut: dropped.length,
    completed: completed.length,
    grey,
    sensitivity: share(count(dropped, ORDINAL.red), dropped.length),
    specificity: share(completed.length - count(completed, ORDINAL.red), completed.length),
    sensitivityYellow: share(count(dropped, ORDINAL.yellow), dropped.length),
    specificityYellow: share(completed.length - count(completed, ORDINAL.yellow), completed.length),
    auc: areaUnderCurve(dropped, completed),
  };
}

/** One row per week before the end, 1–8. */
export function calibrate(cases: readonly CalibrationCase[]): CalibrationRow[] {
  return CALIBRATION_WEEKS.map((weeks) => row(cases, weeks));
}
