import { describe, expect, it } from 'vitest';
import { numbered, scoreOf } from '../support/instruments';

const P2 = {
  1: 2,
  2: 2,
  3: 3,
  4: 4,
  5: 1,
  6: 2,
  7: 5,
  8: 2,
  9: 3,
  10: 4,
  11: 1,
  12: 4,
  13: 5,
  14: 4,
  15: 2,
  16: 3,
  17: 2,
  18: 1,
};
const subscales = [
  'general',
  'technical',
  'interpersonal',
  'communication',
  'financial',
  'time',
  'accessibility',
];

describe('PSQ-18 1.0.0', () => {
  it.each([1, 5])('P1: all raw %i → every subscale 3.0 (acquiescence check)', (raw) => {
    const r = scoreOf('psq-18', numbered(Array(18).fill(raw)));
    for (const key of subscales) expect(r.scores[key]).toBe(3);
  });

  it('P2: the worked example', () => {
    expect(scoreOf('psq-18', P2).scores).toEqual({
      general: 2.5,
      technical: 4,
      interpersonal: 4.5,
      communication: 4.5,
      financial: 5,
      time: 4,
      accessibility: 3.75,
    });
  });

  it('P3: item 9 missing → accessibility 4.0, others unchanged', () => {
    const { 9: _, ...withoutNine } = P2;
    const r = scoreOf('psq-18', withoutNine);
    expect(r.scores.accessibility).toBe(4);
    expect(r.scores.general).toBe(2.5);
    expect(r.missing).toEqual(['9']);
  });

  it('a subscale with no answer is null; all null is unscorable', () => {
    const r = scoreOf('psq-18', { 3: 1, 17: 5 });
    expect(r.status).toBe('scored');
    expect(r.scores.general).toBe(5);
    expect(r.scores.technical).toBeNull();
    expect(scoreOf('psq-18', {}).status).toBe('unscorable');
  });

  it('rejects values outside 1–5', () => {
    expect(scoreOf('psq-18', { 1: 0 }).reason).toContain('item "1"');
  });
});

describe('session-outcome 1.0.0 (KOR wording, ORS format)', () => {
  it('O1: [6.2, 5.0, 7.1, 5.5] → 23.8 exactly, in the clinical range', () => {
    const r = scoreOf('session-outcome', numbered([6.2, 5.0, 7.1, 5.5]));
    expect(r.scores.total).toBe(23.8);
    expect(r.interpretation.clinicalRange).toBe(true);
  });

  it.each([
    [[6.2, 6.2, 6.3, 6.2], 24.9, true],
    [[6.25, 0, 0, 0], null, null],
    [[6.2, 6.3, 6.3, 6.2], 25, false],
    [[0, 0, 0, 0], 0, true],
    [[10, 10, 10, 10], 40, false],
  ] as const)('%j → %s', (items, total, clinical) => {
    const r = scoreOf('session-outcome', numbered(items));
    expect(r.scores.total ?? null).toBe(total);
    if (total === null) expect(r.reason).toMatch(/more than one decimal/);
    else expect(r.interpretation.clinicalRange).toBe(clinical);
  });

  it('O2: intake 18.0 → 23.0 → 26.0 crosses the cut-off', () => {
    const totals = [
      [4.5, 4.5, 4.5, 4.5],
      [5.7, 5.8, 5.8, 5.7],
      [6.5, 6.5, 6.5, 6.5],
    ].map((items) => scoreOf('session-outcome', numbered(items)).scores.total);
    expect(totals).toEqual([18, 23, 26]);
  });

  it('needs all four lines; rejects values outside 0–10', () => {
    expect(scoreOf('session-outcome', numbered([5, 5, 5])).status).toBe('unscorable');
    expect(scoreOf('session-outcome', numbered([5, 5, 5, 10.1])).reason).toContain('item "4"');
    expect(scoreOf('session-outcome', numbered([-0.1, 5, 5, 5])).reason).toContain('item "1"');
  });
});

describe('session-alliance 1.0.0 (KOR wording, SRS format)', () => {
  it('S1: [9.0, 9.5, 8.0, 9.0] → 35.5, an alliance concern', () => {
    const r = scoreOf('session-alliance', numbered([9.0, 9.5, 8.0, 9.0]));
    expect(r.scores.total).toBe(35.5);
    expect(r.interpretation.allianceConcern).toBe(true);
  });

  it.each([
    [[9, 9, 9, 8.9], 35.9, true],
    [[9, 9, 9, 9], 36, false],
    [[9.2, 9.2, 9.2, 9.3], 36.9, false],
  ] as const)('%j → %s', (items, total, concern) => {
    const r = scoreOf('session-alliance', numbered(items));
    expect(r.scores.total).toBe(total);
    expect(r.interpretation.allianceConcern).toBe(concern);
  });
});
