/**
 * Two versions of an instrument side by side: what changed in items, options, scoring,
 * interpretation, translations and licence — and whether a new version keeps the promises that
 * semver makes here. Item ids and score keys are the public scoring contract and never change;
 * a minor or patch version changes wording only, so its scores stay comparable; only a major
 * version may change values, scoring or interpretation (trends break at it).
 */
import type { InstrumentDefinition, Item, LocalizedText } from './definition-schema';
import { compareSemver, sameMajor } from './semver';

export type ChangeArea =
  | 'item'
  | 'option'
  | 'scoring'
  | 'interpretation'
  | 'skip-rules'
  | 'translation'
  | 'licence'
  | 'text';

export interface VersionChange {
  area: ChangeArea;
  /** Where: an item id, `item 3 option 2`, a scale key, a field name. */
  subject: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

const text = (t: LocalizedText | undefined) => (t ? `${t.nb} / ${t.en}` : '');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function textChange(
  area: ChangeArea,
  subject: string,
  a: LocalizedText | undefined,
  b: LocalizedText | undefined,
): VersionChange[] {
  if (same(a, b)) return [];
  return [{ area, subject, kind: 'changed', before: text(a), after: text(b) }];
}

/** An item's shape apart from its wording: kind, values, ranges, optionality. */
function itemShape(item: Item): unknown {
  switch (item.kind) {
    case 'choice':
      return { kind: item.kind, optional: item.optional, values: item.options.map((o) => o.value) };
    case 'number':
      return {
        kind: item.kind,
        optional: item.optional,
        range: [item.min, item.max, item.integer],
      };
    case 'text':
      return { kind: item.kind, optional: item.optional, maxLength: item.maxLength };
    case 'visual-analogue':
      return { kind: item.kind, optional: item.optional };
  }
}

function itemChanges(before: Item, after: Item): VersionChange[] {
  const changes = [
    ...textChange('item', `${after.id}: text`, before.text, after.text),
    ...textChange('item', `${after.id}: help`, before.help, after.help),
  ];
  if (!same(itemShape(before), itemShape(after))) {
    changes.push({
      area: 'item',
      subject: `${after.id}: answer format`,
      kind: 'changed',
      before: JSON.stringify(itemShape(before)),
      after: JSON.stringify(itemShape(after)),
    });
  }
  if (before.kind === 'choice' && after.kind === 'choice') {
    for (const option of after.options) {
      const old = before.options.find((o) => o.value === option.value);
      if (!old) {
        changes.push({
          area: 'option',
          subject: `${after.id} = ${option.value}`,
          kind: 'added',
          after: text(option.label),
        });
      } else {
        changes.push(
          ...textChange('option', `${after.id} = ${option.value}`, old.label, option.label),
        );
      }
    }
    for (const old of before.options) {
      if (!after.options.some((o) => o.value === old.value)) {
        changes.push({
          area: 'option',
          subject: `${after.id} = ${old.value}`,
          kind: 'removed',
          before: text(old.label),
        });
      }
    }
  }
  if (before.kind === 'visual-analogue' && after.kind === 'visual-analogue') {
    changes.push(
      ...textChange('item', `${after.id}: left end`, before.anchors.min, after.anchors.min),
      ...textChange('item', `${after.id}: right end`, before.anchors.max, after.anchors.max),
    );
  }
  return changes;
}

function keyed<T>(
  area: ChangeArea,
  before: readonly T[],
  after: readonly T[],
  key: (x: T) => string,
): VersionChange[] {
  const changes: VersionChange[] = [];
  for (const x of after) {
    const old = before.find((o) => key(o) === key(x));
    if (!old) changes.push({ area, subject: key(x), kind: 'added', after: JSON.stringify(x) });
    else if (!same(old, x)) {
      changes.push({
        area,
        subject: key(x),
        kind: 'changed',
        before: JSON.stringify(old),
        after: JSON.stringify(x),
      });
    }
  }
  for (const old of before) {
    if (!after.some((x) => key(x) === key(old)))
      changes.push({ area, subject: key(old), kind: 'removed', before: JSON.stringify(old) });
  }
  return changes;
}

/** Everything that differs between two versions, in reading order. */
export function versionChanges(
  before: InstrumentDefinition,
  after: InstrumentDefinition,
): VersionChange[] {
  const changes: VersionChange[] = [
    ...textChange('text', 'title', before.title, after.title),
    ...textChange('text', 'description', before.description, after.description),
    ...textChange('text', 'instructions', before.instructions, after.instructions),
    ...textChange(
      'text',
      'recall period',
      before.recallPeriod ?? undefined,
      after.recallPeriod ?? undefined,
    ),
  ];
  for (const item of after.items) {
    const old = before.items.find((i) => i.id === item.id);
    if (old) changes.push(...itemChanges(old, item));
    else changes.push({ area: 'item', subject: item.id, kind: 'added', after: text(item.text) });
  }
  for (const old of before.items) {
    if (!after.items.some((i) => i.id === old.id))
      changes.push({ area: 'item', subject: old.id, kind: 'removed', before: text(old.text) });
  }
  changes.push(
    ...keyed('scoring', before.scoring.scales, after.scoring.scales, (s) => s.key),
    ...keyed(
      'interpretation',
      before.scoring.interpretation,
      after.scoring.interpretation,
      (r) => r.key,
    ),
  );
  if (!same(before.scoring.scorableWhen, after.scoring.scorableWhen)) {
    changes.push({
      area: 'scoring',
      subject: 'scorable when',
      kind: 'changed',
      before: JSON.stringify(before.scoring.scorableWhen),
      after: JSON.stringify(after.scoring.scorableWhen),
    });
  }
  if (!same(before.skipRules, after.skipRules)) {
    changes.push({
      area: 'skip-rules',
      subject: 'skip rules',
      kind: 'changed',
      before: JSON.stringify(before.skipRules),
      after: JSON.stringify(after.skipRules),
    });
  }
  const status = (s: InstrumentDefinition['translations']['nb']) =>
    s.status === 'official' ? `official: ${s.source}` : `working: ${s.note}`;
  for (const lang of ['nb', 'en'] as const) {
    if (!same(before.translations[lang], after.translations[lang])) {
      changes.push({
        area: 'translation',
        subject: lang,
        kind: 'changed',
        before: status(before.translations[lang]),
        after: status(after.translations[lang]),
      });
    }
  }
  changes.push(...textChange('licence', 'summary', before.licence.summary, after.licence.summary));
  if (before.licence.commercialUse !== after.licence.commercialUse) {
    changes.push({
      area: 'licence',
      subject: 'commercial use',
      kind: 'changed',
      before: before.licence.commercialUse,
      after: after.licence.commercialUse,
    });
  }
  return changes;
}

const SCORE_AREAS: readonly ChangeArea[] = ['option', 'scoring', 'interpretation', 'skip-rules'];

/**
 * Why `next` may not follow the versions already known of its instrument (empty when it may):
 * a version higher than all of them, the same item ids and score keys as the latest, and — within
 * one major version — the same values, scoring and interpretation.
 */
export function successionProblems(
  known: readonly InstrumentDefinition[],
  next: InstrumentDefinition,
): string[] {
  if (known.length === 0) return [];
  const problems: string[] = [];
  const highest = [...known].sort((a, b) => compareSemver(a.version, b.version)).at(-1);
  if (!highest) return [];
  if (known.some((k) => k.version === next.version)) {
    problems.push(`${next.id} ${next.version} exists already; a published version never changes`);
  } else if (compareSemver(next.version, highest.version) <= 0) {
    problems.push(
      `version ${next.version} must be higher than ${highest.version}, the highest version of ${next.id}`,
    );
  }
  const ids = (d: InstrumentDefinition) => d.items.map((i) => i.id).sort();
  if (!same(ids(highest), ids(next))) {
    problems.push(
      `the item ids must stay ${ids(highest).join(', ')} (the public scoring contract); got ${ids(next).join(', ')}`,
    );
  }
  const keys = (d: InstrumentDefinition) => d.scoring.scales.map((s) => s.key).sort();
  if (!same(keys(highest), keys(next))) {
    problems.push(
      `the score keys must stay ${keys(highest).join(', ')} (the public scoring contract); got ${keys(next).join(', ')}`,
    );
  }
  if (highest.rater !== next.rater) {
    problems.push(`the rater must stay ${highest.rater}`);
  }
  if (sameMajor(highest.version, next.version)) {
    const scoring = versionChanges(highest, next).filter(
      (c) =>
        SCORE_AREAS.includes(c.area) || (c.area === 'item' && c.subject.endsWith('answer format')),
    );
    for (const c of scoring) {
      problems.push(
        `${c.area} ${c.subject} ${c.kind}: a change to values, scoring or interpretation needs a new major version`,
      );
    }
  }
  return problems;
}
