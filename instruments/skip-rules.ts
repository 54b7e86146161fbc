/**
 * Skip rules (AUDIT: "if item 1 is Never, go to items 9 and 10"). Kept free of zod so the client
 * can show skipped items as it goes without loading the schema.
 */
import type { Answers, InstrumentDefinition } from './definition-schema';

/** Effective item values after skip rules: undefined = missing. */
export type Effective = Map<string, number>;

export function isAnswered(value: unknown): value is number {
  return typeof value === 'number';
}

export function applySkipRules(
  definition: Pick<InstrumentDefinition, 'skipRules'>,
  answers: Readonly<Answers>,
) {
  const effective: Effective = new Map();
  for (const [id, value] of Object.entries(answers)) {
    if (isAnswered(value)) effective.set(id, value);
  }
  const skipped = new Set<string>();
  // Rules apply in order over effective values, so a rule can rely on items an earlier one skipped
  // (AUDIT: item 1 = 0 skips 2–8, which then also satisfies "2 and 3 are both 0").
  for (const rule of definition.skipRules) {
    if (!rule.when.every((c) => effective.get(c.item) === c.equals)) continue;
    for (const id of rule.skip) {
      if (!effective.has(id)) {
        effective.set(id, 0);
        skipped.add(id);
      }
    }
  }
  return { effective, skipped };
}

/**
 * The items a form should hide now: those whose skip rule holds, whether or not they were
 * answered before (a form clears them, as FHIR renderers do with disabled items).
 */
export function itemsHiddenBySkipRules(
  definition: Pick<InstrumentDefinition, 'skipRules'>,
  answers: Readonly<Answers>,
): Set<string> {
  const effective = new Map<string, unknown>(Object.entries(answers));
  const hidden = new Set<string>();
  for (const rule of definition.skipRules) {
    if (!rule.when.every((c) => effective.get(c.item) === c.equals)) continue;
    for (const id of rule.skip) {
      hidden.add(id);
      effective.set(id, 0);
    }
  }
  return hidden;
}
