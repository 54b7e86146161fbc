import { describe, expect, it } from 'vitest';
import { numbered, scoreOf } from '../support/instruments';

const H2 = [2, 2, 1, 2, 1, 1, 3, 2, 1, 2, 3, 2, 1, 1, 2, 3, 2, 3, 2, 1, 2, 3, 2, 3, 2];

describe('HSCL-25 1.0.0', () => {
  it('H1: all 1 → every mean 1.00, not a case', () => {
    const r = scoreOf('hscl-25', numbered(Array(25).fill(1)));
    expect(r.scores).toEqual({ total: 1, anxiety: 1, depression: 1 });
    expect(r.interpretation).toEqual({ case: false, criticalItem: false });
  });

  it('H2: total 1.96 (case), anxiety 1.70, depression 2.1333', () => {
    const r = scoreOf('hscl-25', numbered(H2));
    expect(r.scores.total).toBeCloseTo(1.96, 10);
    expect(r.scores.anxiety).toBeCloseTo(1.7, 10);
    expect(r.scores.depression).toBeCloseTo(32 / 15, 10);
    expect(r.interpretation.case).toBe(true);
  });

  it('H3: anxiety items 2, depression items 1', () => {
    const r = scoreOf('hscl-25', numbered([...Array(10).fill(2), ...Array(15).fill(1)]));
    expect(r.scores.total).toBeCloseTo(1.4, 10);
    expect(r.scores.anxiety).toBe(2);
    expect(r.scores.depression).toBe(1);
  });

  it('H4: items 14 and 20 missing → means of the answered items', () => {
    const items = H2.map((v, i) => (i === 13 || i === 19 ? null : v));
    const r = scoreOf('hscl-25', numbered(items));
    expect(r.status).toBe('scored');
    expect(r.scores.total).toBeCloseTo(47 / 23, 10);
    expect(r.scores.depression).toBeCloseTo(30 / 13, 10);
    expect(r.scores.anxiety).toBeCloseTo(1.7, 10);
    expect(r.missing).toEqual(['14', '20']);
  });

  it('the 80 % rule: 20 of 25 answered scores, 19 does not', () => {
    const twenty = numbered([...Array(20).fill(2), ...Array(5).fill(null)]);
    const nineteen = numbered([...Array(19).fill(2), ...Array(6).fill(null)]);
    expect(scoreOf('hscl-25', twenty).status).toBe('scored');
    const r = scoreOf('hscl-25', nineteen);
    expect(r.status).toBe('unscorable');
    expect(r.scores.total).toBeNull();
    expect(r.reason).toMatch(/total needs at least 20 of 25/);
  });

  it('a subscale under 80 % is null while the total scores', () => {
    // 7 of 10 anxiety items answered (below 8), all 15 depression items: 22 of 25 overall.
    const r = scoreOf(
      'hscl-25',
      numbered([...Array(7).fill(2), null, null, null, ...Array(15).fill(2)]),
    );
    expect(r.status).toBe('scored');
    expect(r.scores.anxiety).toBeNull();
    expect(r.scores.depression).toBe(2);
    expect(r.scores.total).toBe(2);
    const eight = scoreOf(
      'hscl-25',
      numbered([...Array(8).fill(2), null, null, ...Array(15).fill(2)]),
    );
    expect(eight.scores.anxiety).toBe(2);
    const depression11 = scoreOf(
      'hscl-25',
      numbered([...Array(10).fill(2), ...Array(11).fill(2), null, null, null, null]),
    );
    expect(depression11.scores.depression).toBeNull();
  });

  it('case cut-off at exactly 1.75 and minimum/maximum', () => {
    // 19 items at 2 and 6 at 1 → 44/25 = 1.76; 18 at 2 and 7 at 1 → 43/25 = 1.72.
    expect(
      scoreOf('hscl-25', numbered([...Array(19).fill(2), ...Array(6).fill(1)])).interpretation.case,
    ).toBe(true);
    expect(
      scoreOf('hscl-25', numbered([...Array(18).fill(2), ...Array(7).fill(1)])).interpretation.case,
    ).toBe(false);
    // 3 answered at 4 → mean 1.75 exactly needs 20 answered: 15 × 1 + 5 × 4 = 35/20 = 1.75.
    const exact = numbered([...Array(15).fill(1), ...Array(5).fill(4), ...Array(5).fill(null)]);
    const r = scoreOf('hscl-25', exact);
    expect(r.scores.total).toBe(1.75);
    expect(r.interpretation.case).toBe(true);
    expect(scoreOf('hscl-25', numbered(Array(25).fill(4))).scores.total).toBe(4);
  });

  it('item 20 ≥ 2 is a critical item, even when the form is unscorable', () => {
    expect(
      scoreOf('hscl-25', { ...numbered(Array(25).fill(1)), '20': 2 }).interpretation.criticalItem,
    ).toBe(true);
    const onlyItem20 = scoreOf('hscl-25', { '20': 4 });
    expect(onlyItem20.status).toBe('unscorable');
    expect(onlyItem20.interpretation.criticalItem).toBe(true);
  });

  it('rejects values outside 1–4', () => {
    expect(scoreOf('hscl-25', { '3': 0 }).reason).toContain('item "3"');
    expect(scoreOf('hscl-25', { '3': 5 }).reason).toContain('item "3"');
  });
});
