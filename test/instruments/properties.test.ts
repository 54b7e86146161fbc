/**
 * Property-based tests: scoring never throws, whatever it is given, and valid answers always
 * score within each scale's range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInRegistry, type Item, score } from '../../instruments';

const definitions = builtInRegistry().all();

const anyValue = fc.oneof(
  fc.integer({ min: -10, max: 110 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 5 }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);

function validValue(item: Item): fc.Arbitrary<number | string | null> {
  switch (item.kind) {
    case 'choice':
      return fc.oneof(fc.constantFrom(...item.options.map((o) => o.value)), fc.constant(null));
    case 'visual-analogue':
      return fc.integer({ min: 0, max: 100 }).map((tenths) => tenths / 10);
    case 'number':
      return item.integer
        ? fc.integer({ min: item.min, max: item.max })
        : fc.double({ min: item.min, max: item.max, noNaN: true });
    case 'text':
      return fc.string({ maxLength: item.maxLength });
  }
}

describe.each(definitions.map((d) => [`${d.id} ${d.version}`, d] as const))('%s', (_, def) => {
  it('never throws on arbitrary answers', () => {
    const keys = fc.oneof(
      fc.constantFrom(...def.items.map((i) => i.id)),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.dictionary(keys, anyValue), (answers) => {
        const result = score(def, answers);
        expect(['scored', 'unscorable']).toContain(result.status);
      }),
      { numRuns: 300 },
    );
  });

  it('scores valid answers within each scale range', () => {
    const answers = fc.record(Object.fromEntries(def.items.map((i) => [i.id, validValue(i)])), {
      requiredKeys: [],
    });
    fc.assert(
      fc.property(
        answers,
        fc.constantFrom<'female' | 'male' | undefined>('female', 'male', undefined),
        (a, sex) => {
          const result = score(def, a, sex ? { sex } : {});
          for (const scale of def.scoring.scales) {
            const value = result.scores[scale.key];
            if (value === null || value === undefined) continue;
            expect(value).toBeGreaterThanOrEqual(scale.range.min - 1e-9);
            expect(value).toBeLessThanOrEqual(scale.range.max + 1e-9);
          }
          if (result.status === 'unscorable') expect(result.reason).toBeTruthy();
        },
      ),
      { numRuns: 300 },
    );
  });
});
