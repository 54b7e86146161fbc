import { describe, expect, it } from 'vitest';
import { computeScale, type Scale } from '../../instruments';
import { definition, scoreOf } from '../support/instruments';

describe('GAF 1.0.0 (GAF-S and GAF-F)', () => {
  it.each([
    [{ symptom: 45, function: 60 }, { symptom: 45, function: 60, total: 45 }, 'scored'],
    [{ symptom: 70, function: 52 }, { symptom: 70, function: 52, total: 52 }, 'scored'],
    [{ symptom: 1, function: 100 }, { symptom: 1, function: 100, total: 1 }, 'scored'],
    [{ symptom: 0, function: 60 }, { symptom: null, function: 60, total: null }, 'scored'],
    [{ symptom: 55 }, { symptom: 55, function: null, total: null }, 'scored'],
    [{ symptom: 0, function: 0 }, { symptom: null, function: null, total: null }, 'unscorable'],
    [{}, { symptom: null, function: null, total: null }, 'unscorable'],
  ] as const)('%j → %j', (answers, scores, status) => {
    const r = scoreOf('gaf', answers);
    expect(r.scores).toEqual(scores);
    expect(r.status).toBe(status);
  });

  it('rejects values outside 0–100 and decimals', () => {
    for (const value of [-1, 101, 45.5]) {
      expect(scoreOf('gaf', { symptom: value }).reason).toContain('item "symptom"');
    }
  });
});

describe('GAS 1.0.0', () => {
  it('G1: the gasr example is 55 exactly', () => {
    const r = scoreOf('gas', {
      g1: -2,
      g2: 0,
      g3: -1,
      g4: 2,
      g5: 0,
      g6: 1,
      w1: 3,
      w2: 5,
      w3: 1,
      w4: 4,
      w5: 2,
      w6: 6,
    });
    expect(r.status).toBe('scored');
    expect(r.scores.tScore).toBe(55);
  });

  it.each([
    ['G2', { g1: 0, g2: 1, g3: -1 }, 50],
    ['G3', { g1: 1, g2: 1, g3: 0 }, 59.1287],
    ['G4', { g1: 2, g2: 1, g3: 0, g4: -1 }, 57.2548],
    ['G5', { g1: -1, g2: 0, g3: 2, w1: 2, w2: 1, w3: 3 }, 58.8131],
    ['G6', { g1: 0, g2: -1, g3: 1, w1: 6, w2: 4, w3: 3 }, 48.9653],
  ] as const)('%s → %f', (_, answers, expected) => {
    expect(scoreOf('gas', answers).scores.tScore).toBeCloseTo(expected, 4);
  });

  it('G7: ρ is a parameter — ρ = 0 gives 67.3205', () => {
    const scale = definition('gas').scoring.scales[0] as Scale;
    const answers = { g1: 1, g2: 1, g3: 1 };
    const effective = new Map(Object.entries(answers));
    expect(computeScale({ ...scale, rho: 0 } as Scale, effective, answers).value).toBeCloseTo(
      67.3205,
      4,
    );
  });

  // INSTRUMENTS.md §7.4: equal weights, n goals all at the same level.
  const table: Record<number, number[]> = {
    1: [30, 40, 50, 60, 70],
    2: [25.1931, 37.5965, 50, 62.4035, 74.8069],
    3: [22.6139, 36.3069, 50, 63.6931, 77.3861],
    4: [20.9809, 35.4905, 50, 64.5095, 79.0191],
    5: [19.8489, 34.9244, 50, 65.0756, 80.1511],
    6: [19.0161, 34.5081, 50, 65.4919, 80.9839],
  };
  it.each(Object.entries(table))('reference values for %s goal(s)', (n, expected) => {
    [-2, -1, 0, 1, 2].forEach((level, i) => {
      const answers = Object.fromEntries(
        Array.from({ length: Number(n) }, (_, g) => [`g${g + 1}`, level]),
      );
      expect(scoreOf('gas', answers).scores.tScore).toBeCloseTo(expected[i] ?? Number.NaN, 4);
    });
  });

  it('goals without a weight count 1; a weight without a goal is ignored', () => {
    expect(scoreOf('gas', { g1: 1, g2: 1, g3: 0, w1: 1 }).scores.tScore).toBeCloseTo(59.1287, 4);
    expect(scoreOf('gas', { g1: 1, g2: 1, g3: 0, w5: 9 }).scores.tScore).toBeCloseTo(59.1287, 4);
  });

  it('no goal rated, or all weights 0, is unscorable with a reason', () => {
    const none = scoreOf('gas', {});
    expect(none.status).toBe('unscorable');
    expect(none.reason).toMatch(/no answered item/);
    const zero = scoreOf('gas', { g1: 1, g2: -1, w1: 0, w2: 0 });
    expect(zero.status).toBe('unscorable');
    expect(zero.reason).toMatch(/weights .* all 0/);
  });

  it('rejects levels outside −2…2 and negative weights', () => {
    expect(scoreOf('gas', { g1: 3 }).reason).toContain('item "g1"');
    expect(scoreOf('gas', { g1: 1, w1: -1 }).reason).toContain('item "w1"');
  });
});
