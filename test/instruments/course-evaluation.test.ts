/**
 * Course evaluation 1.0.0 (trainer module): four 1–10 ratings, each its own score, their mean,
 * and an optional comment that is validated but never scored. Hand-made examples; the form has
 * no published worked examples.
 */
import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../instruments';
import { definition, scoreOf } from '../support/instruments';

const RATINGS = ['relevance', 'understandable', 'structured', 'action'] as const;
const EXAMPLE = { relevance: 8, understandable: 6, structured: 9, action: 7 };

describe('course-evaluation 1.0.0', () => {
  it('scores 8, 6, 9, 7 → the four ratings and mean 7.5', () => {
    const r = scoreOf('course-evaluation', EXAMPLE);
    expect(r).toMatchObject({
      status: 'scored',
      scores: { ...EXAMPLE, mean: 7.5 },
      interpretation: {},
      missing: [],
      skipped: [],
    });
    expect(r.reason).toBeUndefined();
  });

  it.each([
    ['all 1 (minimum)', [1, 1, 1, 1], 1],
    ['all 10 (maximum)', [10, 10, 10, 10], 10],
    ['an unrounded mean', [10, 9, 9, 9], 9.25],
    ['another quarter', [1, 2, 2, 10], 3.75],
  ] as const)('%s: %j → mean %d', (_, values, mean) => {
    const answers = Object.fromEntries(RATINGS.map((id, i) => [id, values[i]]));
    const r = scoreOf('course-evaluation', answers);
    expect(r.status).toBe('scored');
    expect(r.scores).toEqual({ ...answers, mean });
  });

  it('a comment is accepted and changes no score', () => {
    const r = scoreOf('course-evaluation', {
      ...EXAMPLE,
      comments: 'Gode eksempler, men for lite tid til øving.',
    });
    expect(r.status).toBe('scored');
    expect(r.scores.mean).toBe(7.5);
    expect(scoreOf('course-evaluation', { ...EXAMPLE, comments: 'x'.repeat(2000) }).status).toBe(
      'scored',
    );
  });

  it.each(RATINGS)('without %s it is unscorable, and the mean is null', (left) => {
    const answers: Record<string, number | null> = { ...EXAMPLE, [left]: null };
    const r = scoreOf('course-evaluation', answers);
    expect(r.status).toBe('unscorable');
    expect(r.missing).toEqual([left]);
    expect(r.scores[left]).toBeNull();
    expect(r.scores.mean).toBeNull();
    expect(r.reason).toContain('mean needs all 4 items');
  });

  it('a missing comment is not missing: it is optional and free text', () => {
    expect(scoreOf('course-evaluation', {}).missing).toEqual([...RATINGS]);
  });

  it('a comment over 2000 characters is invalid, naming the item', () => {
    const answers = { ...EXAMPLE, comments: 'x'.repeat(2001) };
    const validation = validateAnswers(definition('course-evaluation'), answers);
    expect(validation).toEqual({
      ok: false,
      issues: [{ item: 'comments', message: expect.stringContaining('longer than 2000') }],
    });
    const r = scoreOf('course-evaluation', answers);
    expect(r.status).toBe('unscorable');
    expect(r.reason).toContain('item "comments"');
  });

  it.each([
    ['0 (below the scale)', 0],
    ['11 (above the scale)', 11],
    ['a decimal', 7.5],
    ['text', 'seven'],
  ])('rejects a rating of %s', (_, value) => {
    const r = scoreOf('course-evaluation', { ...EXAMPLE, relevance: value });
    expect(r.status).toBe('unscorable');
    expect(r.reason).toContain('item "relevance"');
  });

  it('is filled in by the course participant (rater "participant", never a patient form), in nb and en', () => {
    const def = definition('course-evaluation');
    expect(def.rater).toBe('participant');
    expect(def.translations.nb.status).toBe('working');
    expect(def.translations.en.status).toBe('working');
    expect(def.scoring.interpretation).toEqual([]);
    for (const id of RATINGS) {
      const item = def.items.find((i) => i.id === id);
      expect(item?.kind === 'choice' && item.options.map((o) => o.value)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      expect(item?.optional).toBeUndefined();
    }
    expect(def.items.at(-1)).toMatchObject({ id: 'comments', kind: 'text', optional: true });
  });

  it('says in its description that the answer is anonymous', () => {
    const def = definition('course-evaluation');
    expect(def.description.nb).toContain('anonymt');
    expect(def.description.en).toContain('anonymous');
  });
});
