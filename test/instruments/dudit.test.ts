import { describe, expect, it } from 'vitest';
import { numbered, scoreOf } from '../support/instruments';

/** Items 1–11 summing to `total`, valid for every item (items 10–11 only 0/2/4). */
function withTotal(total: number): number[] {
  return Array.from({ length: 11 }, (_, i) =>
    i < 9 ? Math.min(4, Math.max(0, total - 4 * i)) : 0,
  );
}

describe('DUDIT 1.0.0', () => {
  it('D1: total 11, positive for men and women, not dependence', () => {
    const items = [2, 0, 1, 2, 1, 0, 1, 0, 2, 0, 2];
    const man = scoreOf('dudit', numbered(items), { sex: 'male' });
    const woman = scoreOf('dudit', numbered(items), { sex: 'female' });
    expect(man.scores.total).toBe(11);
    expect(man.interpretation).toEqual({ probableDependence: false, drugProblems: true });
    expect(woman.interpretation.drugProblems).toBe(true);
  });

  it('D2: total 33 is probable dependence', () => {
    const r = scoreOf('dudit', numbered([3, 3, 3, 3, 3, 2, 3, 2, 3, 4, 4]));
    expect(r.scores.total).toBe(33);
    expect(r.interpretation.probableDependence).toBe(true);
  });

  it('D3: total 5 is negative for men, positive for women', () => {
    expect(
      scoreOf('dudit', numbered(withTotal(5)), { sex: 'male' }).interpretation.drugProblems,
    ).toBe(false);
    expect(
      scoreOf('dudit', numbered(withTotal(5)), { sex: 'female' }).interpretation.drugProblems,
    ).toBe(true);
  });

  it.each([
    [24, false],
    [25, true],
  ] as const)('D4: total %i → probable dependence %s', (total, dependence) => {
    const r = scoreOf('dudit', numbered(withTotal(total)));
    expect(r.scores.total).toBe(total);
    expect(r.interpretation.probableDependence).toBe(dependence);
  });

  it.each([
    ['male', 5, false],
    ['male', 6, true],
    ['female', 1, false],
    ['female', 2, true],
  ] as const)('sex cut-off: %s with total %i → %s', (sex, total, positive) => {
    expect(scoreOf('dudit', numbered(withTotal(total)), { sex }).interpretation.drugProblems).toBe(
      positive,
    );
  });

  it('D6: the adult rule is used — a man aged 20 with total 6 is positive', () => {
    const r = scoreOf('dudit', numbered(withTotal(6)), { sex: 'male', age: 20 });
    expect(r.interpretation.drugProblems).toBe(true);
  });

  it('minimum 0 and maximum 44', () => {
    expect(scoreOf('dudit', numbered(Array(11).fill(0))).scores.total).toBe(0);
    expect(scoreOf('dudit', numbered(Array(11).fill(4))).scores.total).toBe(44);
  });

  it('D5: items 10 and 11 reject 1 and 3', () => {
    for (const item of ['10', '11']) {
      for (const value of [1, 3]) {
        const r = scoreOf('dudit', { ...numbered(Array(11).fill(0)), [item]: value });
        expect(r.status).toBe('unscorable');
        expect(r.reason).toContain(`item "${item}"`);
      }
    }
  });

  it('a missing item makes it unscorable', () => {
    const r = scoreOf('dudit', numbered([2, 0, 1, 2, 1, 0, 1, 0, 2, 0, null]));
    expect(r.status).toBe('unscorable');
    expect(r.missing).toEqual(['11']);
  });
});
