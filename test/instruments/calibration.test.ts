/**
 * The calibration report (sensitivity, specificity, AUC per week before the end) on constructed
 * cases with hand-computed answers, and reliable change (worked example O2).
 */
import { describe, expect, it } from 'vitest';
import { type CalibrationCase, calibrate, type RiskLevel, reliableChange } from '../../instruments';

const at = (
  endType: CalibrationCase['endType'],
  levels: Partial<Record<number, RiskLevel>>,
): CalibrationCase => ({ endType, levelByWeeksBefore: levels });
const week2 = (endType: CalibrationCase['endType'], level: RiskLevel) => at(endType, { 2: level });

/** 4 dropped out (red, red, yellow, green) and 4 completed (green, green, yellow, red). */
const cases: CalibrationCase[] = [
  ...(['red', 'red', 'yellow', 'green'] as const).map((l) => week2('dropped_out', l)),
  ...(['green', 'green', 'yellow', 'red'] as const).map((l) => week2('completed', l)),
];

describe('calibrate', () => {
  it('one row per week before the end, 1 to 8', () => {
    expect(calibrate(cases).map((r) => r.weeksBefore)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('the hand-computed week', () => {
    // AUC over the 16 (dropped, completed) pairs, green 1 < yellow 2 < red 3, ties ½:
    // red vs (g, g, y, r) = 1 + 1 + 1 + ½ = 3.5, twice → 7; yellow vs them = 1 + 1 + ½ + 0 = 2.5;
    // green vs them = ½ + ½ + 0 + 0 = 1. (7 + 2.5 + 1) / 16 = 10.5 / 16 = 0.65625.
    expect(calibrate(cases)[1]).toEqual({
      weeksBefore: 2,
      n: 8,
      droppedOut: 4,
      completed: 4,
      grey: 0,
      sensitivity: 0.5,
      specificity: 0.75,
      sensitivityYellow: 0.75,
      specificityYellow: 0.5,
      auc: 0.65625,
    });
  });

  it('grey lights are counted apart and left out of every figure', () => {
    const withGrey = [...cases, week2('dropped_out', 'grey'), week2('completed', 'grey')];
    const row = calibrate(withGrey)[1];
    expect(row).toEqual({ ...calibrate(cases)[1], grey: 2 });
  });

  it('a week nobody was running: zero counts and nulls', () => {
    expect(calibrate(cases)[0]).toEqual({
      weeksBefore: 1,
      n: 0,
      droppedOut: 0,
      completed: 0,
      grey: 0,
      sensitivity: null,
      specificity: null,
      sensitivityYellow: null,
      specificityYellow: null,
      auc: null,
    });
  });

  it('an empty class gives null where it would divide, and no AUC', () => {
    const onlyDropped = [at('dropped_out', { 3: 'red' }), at('dropped_out', { 3: 'green' })];
    expect(calibrate(onlyDropped)[2]).toMatchObject({
      n: 2,
      sensitivity: 0.5,
      sensitivityYellow: 0.5,
      specificity: null,
      specificityYellow: null,
      auc: null,
    });
    const onlyCompleted = [at('completed', { 3: 'yellow' })];
    expect(calibrate(onlyCompleted)[2]).toMatchObject({
      sensitivity: null,
      specificity: 1,
      specificityYellow: 0,
      auc: null,
    });
  });

  it('each week uses the level of that week; perfect and useless separation', () => {
    const perfect = [
      at('dropped_out', { 1: 'red', 4: 'green' }),
      at('completed', { 1: 'green', 4: 'red' }),
    ];
    const rows = calibrate(perfect);
    expect(rows[0]?.auc).toBe(1);
    expect(rows[3]?.auc).toBe(0);
    const allYellow = [week2('dropped_out', 'yellow'), week2('completed', 'yellow')];
    expect(calibrate(allYellow)[1]?.auc).toBe(0.5);
  });
});

describe('reliableChange', () => {
  it('O2: intake 18 → 23 is a reliable improvement, not clinically significant', () => {
    expect(reliableChange(18, 23)).toEqual({
      change: 5,
      category: 'improved',
      clinicallySignificant: false,
    });
  });

  it('O2: intake 18 → 26 crosses 25: reliable and clinically significant', () => {
    expect(reliableChange(18, 26)).toEqual({
      change: 8,
      category: 'improved',
      clinicallySignificant: true,
    });
  });

  it('deteriorated at −5, unchanged in between, decimals exact', () => {
    expect(reliableChange(18, 13).category).toBe('deteriorated');
    expect(reliableChange(18, 13.1).category).toBe('unchanged');
    expect(reliableChange(18, 22.9)).toEqual({
      change: 4.9,
      category: 'unchanged',
      clinicallySignificant: false,
    });
    expect(reliableChange(18.3, 23.3)).toMatchObject({ change: 5, category: 'improved' });
  });

  it('starting at or above the cut-off is never clinically significant; options apply', () => {
    expect(reliableChange(25, 32).clinicallySignificant).toBe(false);
    expect(reliableChange(18, 22.5, { rci: 4.3 }).category).toBe('improved');
    expect(reliableChange(20, 26, { cutoff: 28 })).toMatchObject({
      category: 'improved',
      clinicallySignificant: false,
    });
  });
});
