import { describe, expect, it } from 'vitest';
import { scoreOf } from '../support/instruments';

const fill = (prefix: string, n: number, value: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}`, value]));

describe('DUDIT-E 1.0.0', () => {
  it('E1: frequency excludes tobacco and relapse-only answers', () => {
    // Inera options 1–6 are KOR values 0–5: cannabis 5→4, amphetamine 2→1, opiates 6→5 (relapse only), tobacco 6→5.
    const answers = { ...fill('d', 10, 0), d1: 4, d2: 1, d4: 5, d4r: 1, d10: 5 };
    const r = scoreOf('dudit-e', answers);
    expect(r.status).toBe('scored');
    expect(r.scores.frequency).toBe(5);
    expect(r.scores.positive).toBeNull();
  });

  it('E2: positive 34, negative 51, readiness 7', () => {
    const answers = {
      ...fill('p', 17, 2),
      ...fill('n', 17, 3),
      t1: 1,
      t2: 2,
      t3: 2,
      t4: 2,
      t5: 1,
      t6: 1,
      t7: 1,
      t8: 2,
      t9: 1,
      t10: 0,
    };
    const r = scoreOf('dudit-e', answers);
    expect(r.status).toBe('scored');
    expect(r.scores).toMatchObject({ positive: 34, negative: 51, readiness: 7 });
    expect(r.scores.frequency).toBeNull();
    expect(r).not.toHaveProperty('scores.motivationIndex');
  });

  it('minimum and maximum of each part', () => {
    const low = scoreOf('dudit-e', {
      ...fill('d', 10, 0),
      ...fill('p', 17, 0),
      ...fill('n', 17, 0),
      ...fill('t', 10, 0),
      t1: 2,
      t9: 2,
    });
    expect(low.scores).toEqual({ frequency: 0, positive: 0, negative: 0, readiness: -4 });
    const high = scoreOf('dudit-e', {
      ...fill('d', 10, 5),
      ...fill('p', 17, 4),
      ...fill('n', 17, 4),
      ...fill('t', 10, 2),
      t1: 0,
      t9: 0,
    });
    expect(high.scores).toEqual({ frequency: 45, positive: 68, negative: 68, readiness: 10 });
  });

  it('readiness options are 0–2 and the relapse flag 0/1', () => {
    expect(scoreOf('dudit-e', { t1: 3 }).reason).toContain('item "t1"');
    expect(scoreOf('dudit-e', { d1r: 2 }).reason).toContain('item "d1r"');
  });

  it('a part with a missing item is null; nothing answered is unscorable', () => {
    const r = scoreOf('dudit-e', { ...fill('p', 16, 1) });
    expect(r.scores.positive).toBeNull();
    expect(r.status).toBe('unscorable');
  });
});
