import { describe, expect, it } from 'vitest';
import { numbered, scoreOf } from '../support/instruments';

// INSTRUMENTS.md §10 (A1–A9) and the DESIGN.md contract.
const examples = [
  {
    name: 'A1 all zero',
    items: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    total: 0,
    zone: 'I',
    man: 'low',
    woman: 'low',
  },
  {
    name: 'A2',
    items: [2, 1, 1, 0, 0, 0, 1, 0, 0, 0],
    total: 5,
    zone: 'I',
    man: 'low',
    woman: 'low',
  },
  {
    name: 'A3 woman ≥ 6',
    items: [2, 1, 1, 0, 0, 0, 1, 0, 0, 2],
    total: 7,
    zone: 'I',
    man: 'low',
    woman: 'increased',
  },
  {
    name: 'A4',
    items: [3, 2, 2, 1, 1, 0, 1, 1, 0, 2],
    total: 13,
    zone: 'II',
    man: 'increased',
    woman: 'increased',
  },
  {
    name: 'A5',
    items: [2, 1, 1, 2, 0, 0, 1, 0, 0, 2],
    total: 9,
    zone: 'II',
    man: 'increased',
    woman: 'increased',
  },
  {
    name: 'A7 maximum',
    items: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4],
    total: 40,
    zone: 'IV',
    man: 'high',
    woman: 'high',
  },
] as const;

describe('AUDIT 1.0.0', () => {
  it.each(examples)('$name → total $total, zone $zone', ({ items, total, zone, man, woman }) => {
    const asMan = scoreOf('audit', numbered(items), { sex: 'male' });
    const asWoman = scoreOf('audit', numbered(items), { sex: 'female' });
    expect(asMan.status).toBe('scored');
    expect(asMan.scores.total).toBe(total);
    expect(asMan.interpretation.zone).toBe(zone);
    expect(asMan.interpretation.riskLevel).toBe(man);
    expect(asWoman.interpretation.riskLevel).toBe(woman);
  });

  it('A4: domains and AUDIT-C positive for men and women', () => {
    const r = scoreOf('audit', numbered([3, 2, 2, 1, 1, 0, 1, 1, 0, 2]), { sex: 'male' });
    expect(r.scores).toEqual({ total: 13, consumption: 7, dependence: 2, harm: 4 });
    expect(r.interpretation.auditCPositive).toBe(true);
    expect(
      scoreOf('audit', numbered([3, 2, 2, 1, 1, 0, 1, 1, 0, 2]), { sex: 'female' }).interpretation
        .auditCPositive,
    ).toBe(true);
  });

  it('A5: item 4 = 2 escalates the intervention', () => {
    expect(scoreOf('audit', numbered([2, 1, 1, 2, 0, 0, 1, 0, 0, 2])).interpretation.escalate).toBe(
      true,
    );
    expect(scoreOf('audit', numbered([2, 1, 1, 1, 1, 1, 1, 0, 0, 2])).interpretation.escalate).toBe(
      false,
    );
    expect(scoreOf('audit', numbered([2, 1, 1, 0, 0, 0, 0, 0, 4, 0])).interpretation.escalate).toBe(
      true,
    );
    expect(scoreOf('audit', numbered([2, 1, 1, 0, 0, 0, 0, 0, 0, 4])).interpretation.escalate).toBe(
      true,
    );
    expect(scoreOf('audit', numbered([2, 1, 1, 0, 0, 0, 0, 0, 2, 2])).interpretation.escalate).toBe(
      false,
    );
  });

  // A6: every zone boundary.
  it.each([
    [7, 'I'],
    [8, 'II'],
    [15, 'II'],
    [16, 'III'],
    [19, 'III'],
    [20, 'IV'],
  ] as const)('A6: total %i is zone %s', (total, zone) => {
    // Build a valid answer set with the given total from items 1–8 (0–4 each).
    const items = Array.from({ length: 10 }, (_, i) =>
      i < 8 ? Math.min(4, Math.max(0, total - 4 * i)) : 0,
    );
    const r = scoreOf('audit', numbered(items));
    expect(r.scores.total).toBe(total);
    expect(r.interpretation.zone).toBe(zone);
  });

  it.each([
    ['male', 7, 'low'],
    ['male', 8, 'increased'],
    ['male', 15, 'increased'],
    ['male', 16, 'high'],
    ['female', 5, 'low'],
    ['female', 6, 'increased'],
    ['female', 16, 'high'],
  ] as const)('NHI bands: %s with total %i is %s', (sex, total, level) => {
    const items = Array.from({ length: 10 }, (_, i) =>
      i < 8 ? Math.min(4, Math.max(0, total - 4 * i)) : 0,
    );
    expect(scoreOf('audit', numbered(items), { sex }).interpretation.riskLevel).toBe(level);
  });

  it.each([
    ['male', [1, 1, 1], false],
    ['male', [2, 1, 1], true],
    ['female', [1, 1, 0], false],
    ['female', [1, 1, 1], true],
  ] as const)('AUDIT-C: %s with items 1–3 %j positive = %s', (sex, first, positive) => {
    const r = scoreOf('audit', numbered([...first, 0, 0, 0, 0, 0, 0, 0]), { sex });
    expect(r.interpretation.auditCPositive).toBe(positive);
  });

  it('leaves sex-dependent interpretation out without a sex', () => {
    const r = scoreOf('audit', numbered([3, 2, 2, 1, 1, 0, 1, 1, 0, 2]));
    expect(r.interpretation).not.toHaveProperty('riskLevel');
    expect(r.interpretation).not.toHaveProperty('auditCPositive');
  });

  it('A8: item 1 = 0 skips items 2–8, which count 0', () => {
    const r = scoreOf('audit', { '1': 0, '9': 2, '10': 0 });
    expect(r.status).toBe('scored');
    expect(r.scores.total).toBe(2);
    expect(r.interpretation.zone).toBe('I');
    expect(r.skipped.sort()).toEqual(['2', '3', '4', '5', '6', '7', '8'].sort());
    expect(r.missing).toEqual([]);
  });

  it('items 2 and 3 both 0 skip items 4–8', () => {
    const r = scoreOf('audit', { '1': 1, '2': 0, '3': 0, '9': 0, '10': 2 });
    expect(r.status).toBe('scored');
    expect(r.scores.total).toBe(3);
    expect(r.skipped.sort()).toEqual(['4', '5', '6', '7', '8']);
  });

  it('the skip rule does not apply when item 2 or 3 is above 0', () => {
    const r = scoreOf('audit', { '1': 1, '2': 1, '3': 0, '9': 0, '10': 0 });
    expect(r.status).toBe('unscorable');
    expect(r.missing).toEqual(['4', '5', '6', '7', '8']);
    expect(r.reason).toMatch(/total needs all 10 items/);
  });

  it('any other missing item makes it unscorable, naming the item', () => {
    const r = scoreOf('audit', numbered([3, 2, 2, 1, null, 0, 1, 1, 0, 2]));
    expect(r.status).toBe('unscorable');
    expect(r.scores.total).toBeNull();
    expect(r.missing).toEqual(['5']);
    expect(r.interpretation.zone).toBeNull();
  });

  it('A9: items 9 and 10 allow only 0, 2, 4', () => {
    for (const [item, value] of [
      ['9', 1],
      ['10', 3],
      ['9', 5],
    ] as const) {
      const r = scoreOf('audit', { ...numbered([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), [item]: value });
      expect(r.status).toBe('unscorable');
      expect(r.reason).toContain(`item "${item}"`);
    }
  });
});
