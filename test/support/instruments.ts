import {
  builtInRegistry,
  type InstrumentDefinition,
  type Respondent,
  score,
} from '../../instruments';

export function definition(id: string, version?: string): InstrumentDefinition {
  const def = builtInRegistry().get(id, version);
  if (!def) throw new Error(`test setup: no instrument ${id} ${version ?? ''}`);
  return def;
}

/** Answers from a list: items "1", "2", … in order. */
export function numbered(
  values: readonly (number | null)[],
  first = 1,
): Record<string, number | null> {
  return Object.fromEntries(values.map((v, i) => [String(first + i), v]));
}

export function scoreOf(id: string, answers: Record<string, unknown>, respondent?: Respondent) {
  return score(definition(id), answers, respondent);
}
