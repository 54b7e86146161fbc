/**
 * Consistency checks a zod schema cannot express: references between items, scales and rules,
 * unique ids, contiguous bands. Used by the registry at start-up and by version import.
 */
import type { Band, InstrumentDefinition, Scale } from './definition-schema';

function duplicates(values: readonly (string | number)[]): (string | number)[] {
  const seen = new Set<string | number>();
  const dup = new Set<string | number>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

function isIntegerScale(scale: Scale, def: InstrumentDefinition): boolean {
  if (scale.method !== 'sum' && scale.method !== 'min') return false;
  return scale.items.every((id) => {
    const item = def.items.find((i) => i.id === id);
    if (!item) return false;
    if (item.kind === 'choice') return item.options.every((o) => Number.isInteger(o.value));
    return item.kind === 'number' && item.integer;
  });
}

/** Bands must not overlap or leave gaps: integer scales step by 1, continuous ones touch. */
export function bandProblems(bands: readonly Band[], integer: boolean): string[] {
  const problems: string[] = [];
  const sorted = [...bands].sort((a, b) => a.min - b.min);
  sorted.forEach((band, i) => {
    if (band.min > band.max) problems.push(`band ${band.value}: min ${band.min} > max ${band.max}`);
    const next = sorted[i + 1];
    if (!next) return;
    const expected = integer ? band.max + 1 : band.max;
    if (next.min !== expected) {
      problems.push(
        `bands ${band.value} and ${next.value} are not contiguous (${band.max} → ${next.min})`,
      );
    }
  });
  return problems;
}

export function definitionProblems(def: InstrumentDefinition): string[] {
  const problems: string[] = [];
  const itemIds = new Set(def.items.map((i) => i.id));
  const scaleKeys = new Set(def.scoring.scales.map((s) => s.key));
  const where = `${def.id} ${def.version}`;

  for (const id of duplicates(def.items.map((i) => i.id)))
    problems.push(`${where}: duplicate item ${id}`);
  for (const key of duplicates(def.scoring.scales.map((s) => s.key))) {
    problems.push(`${where}: duplicate scale ${key}`);
  }
  for (const key of duplicates(def.scoring.interpretation.map((r) => r.key))) {
    problems.push(`${where}: duplicate interpretation ${key}`);
  }
  for (const item of def.items) {
    if (item.kind === 'choice') {
      for (const v of duplicates(item.options.map((o) => o.value))) {
        problems.push(`${where}: item ${item.id} repeats option value ${v}`);
      }
    }
    if (item.kind === 'number' && item.min > item.max) {
      problems.push(`${where}: item ${item.id} has min > max`);
    }
  }
  const known = (ids: readonly string[], context: string) => {
    for (const id of ids) {
      if (!itemIds.has(id)) problems.push(`${where}: ${context} names unknown item ${id}`);
    }
  };
  for (const section of def.sections ?? []) known(section.items, `section ${section.id}`);
  for (const rule of def.skipRules) {
    known(
      rule.when.map((c) => c.item),
      'skip rule',
    );
    known(rule.skip, 'skip rule');
  }
  for (const scale of def.scoring.scales) {
    known(scale.items, `scale ${scale.key}`);
    if (scale.method === 'gas-tscore') {
      known(Object.keys(scale.weightItems), `scale ${scale.key} weights`);
      known(Object.values(scale.weightItems), `scale ${scale.key} weights`);
    } else {
      known(scale.reverse?.items ?? [], `scale ${scale.key} reverse`);
      known(Object.keys(scale.weights ?? {}), `scale ${scale.key} weights`);
      known(Object.keys(scale.zeroWhen ?? {}), `scale ${scale.key} zeroWhen`);
      known(
        Object.values(scale.zeroWhen ?? {}).map((f) => f.item),
        `scale ${scale.key} zeroWhen`,
      );
    }
    if (scale.range.min > scale.range.max)
      problems.push(`${where}: scale ${scale.key} range is inverted`);
  }
  const rule = def.scoring.scorableWhen;
  for (const key of 'allOf' in rule ? rule.allOf : rule.anyOf) {
    if (!scaleKeys.has(key)) problems.push(`${where}: scorableWhen names unknown scale ${key}`);
  }
  for (const r of def.scoring.interpretation) {
    if (r.kind === 'any-item') {
      known(
        r.conditions.flatMap((c) => c.items),
        `rule ${r.key}`,
      );
      continue;
    }
    const scale = def.scoring.scales.find((s) => s.key === r.scale);
    if (!scale) {
      problems.push(`${where}: rule ${r.key} names unknown scale ${r.scale}`);
      continue;
    }
    const integer = isIntegerScale(scale, def);
    const bandSets =
      r.kind === 'bands' ? [r.bands] : r.kind === 'sex-bands' ? [r.female, r.male] : [];
    for (const bands of bandSets) {
      for (const p of bandProblems(bands, integer)) problems.push(`${where}: rule ${r.key}: ${p}`);
      const lo = Math.min(...bands.map((b) => b.min));
      const hi = Math.max(...bands.map((b) => b.max));
      if (lo > scale.range.min || hi < scale.range.max) {
        problems.push(
          `${where}: rule ${r.key} does not cover ${scale.key} ${scale.range.min}–${scale.range.max}`,
        );
      }
    }
  }
  return problems;
}
