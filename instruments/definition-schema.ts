/**
 * The shape of an instrument version: plain data, checked by zod.
 *
 * A definition holds everything a clinic needs to trust a score: items and their allowed values,
 * the scoring and interpretation rules, the source, the licence, and the status of every
 * translation. Scoring code (score.ts) interprets these rules; it has no per-instrument branches.
 */
import { z } from 'zod';

export const LANGUAGES = ['nb', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const localizedText = z.object({ nb: z.string().min(1), en: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof localizedText>;

const itemId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'item ids are lower-case letters, digits and -');
const scaleKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'keys are camelCase');

export const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

const option = z
  .object({
    value: z.number().finite(),
    label: localizedText,
  })
  .strict();

const numberAnchor = z.object({ min: z.number(), max: z.number(), text: localizedText }).strict();

const itemBase = {
  id: itemId,
  text: localizedText,
  /** Optional items may be left out without making a scale missing (e.g. GAS goals 2–6). */
  optional: z.boolean().optional(),
  help: localizedText.optional(),
  loinc: z.string().optional(),
};

export const choiceItem = z
  .object({ ...itemBase, kind: z.literal('choice'), options: z.array(option).min(2) })
  .strict();

/** A 10 cm visual-analogue line, scored 0–10 to one decimal (the nearest millimetre). */
export const visualAnalogueItem = z
  .object({
    ...itemBase,
    kind: z.literal('visual-analogue'),
    anchors: z.object({ min: localizedText, max: localizedText }).strict(),
  })
  .strict();

export const numberItem = z
  .object({
    ...itemBase,
    kind: z.literal('number'),
    min: z.number().finite(),
    max: z.number().finite(),
    integer: z.boolean(),
    anchors: z.array(numberAnchor).optional(),
  })
  .strict();

export const textItem = z
  .object({ ...itemBase, kind: z.literal('text'), maxLength: z.number().int().positive() })
  .strict();

export const item = z.discriminatedUnion('kind', [
  choiceItem,
  visualAnalogueItem,
  numberItem,
  textItem,
]);
export type Item = z.infer<typeof item>;
export type ChoiceItem = z.infer<typeof choiceItem>;
export type NumberItem = z.infer<typeof numberItem>;

export const VISUAL_ANALOGUE = { min: 0, max: 10, step: 0.1 } as const;

const section = z
  .object({
    id: itemId,
    title: localizedText,
    intro: localizedText.optional(),
    items: z.array(itemId),
  })
  .strict();

/** When every condition holds, the listed items may be left out and then count as 0. */
const skipRule = z
  .object({
    when: z.array(z.object({ item: itemId, equals: z.number() }).strict()).min(1),
    skip: z.array(itemId).min(1),
    note: localizedText,
  })
  .strict();
export type SkipRule = z.infer<typeof skipRule>;

const missingPolicy = z.union([
  z.literal('require-all'),
  /** Mean or sum of the answered items; null only when none is answered. */
  z.literal('answered-only'),
  z.object({ minFraction: z.number().gt(0).lte(1) }).strict(),
]);
export type MissingPolicy = z.infer<typeof missingPolicy>;

const scaleBase = {
  key: scaleKey,
  label: localizedText,
  items: z.array(itemId).min(1),
  missing: missingPolicy,
  /** The range the scale can take, for charts and the contract test. */
  range: z.object({ min: z.number(), max: z.number() }).strict(),
  /** Item values that mean "no information" (GAF 0); such an answer counts as missing. */
  missingValues: z.array(z.number()).optional(),
};

const sumOrMeanScale = z
  .object({
    ...scaleBase,
    method: z.enum(['sum', 'mean', 'min']),
    /** Reverse-scored items: value' = pivot − value (PSQ-18: pivot 6 maps 1↔5). */
    reverse: z
      .object({ items: z.array(itemId), pivot: z.number() })
      .strict()
      .optional(),
    /** Signed weights per item (DUDIT-E readiness subtracts t1 and t9); default 1. */
    weights: z.record(z.string(), z.number()).optional(),
    /** An item counts 0 when its flag item has the given value (DUDIT-E relapse-only). */
    zeroWhen: z
      .record(z.string(), z.object({ item: itemId, equals: z.number() }).strict())
      .optional(),
  })
  .strict();

/** Goal Attainment Scaling T-score (Kiresuk & Sherman; corrected formula, Turner-Stokes 2009). */
const gasScale = z
  .object({
    ...scaleBase,
    method: z.literal('gas-tscore'),
    /** goal item → weight item */
    weightItems: z.record(z.string(), itemId),
    defaultWeight: z.number().positive(),
    rho: z.number().min(0).lt(1),
  })
  .strict();

export const scale = z.discriminatedUnion('method', [sumOrMeanScale, gasScale]);
export type Scale = z.infer<typeof scale>;

const comparison = z.enum(['<', '<=', '>', '>=', '==']);
export type Comparison = z.infer<typeof comparison>;

const band = z
  .object({ min: z.number(), max: z.number(), value: z.string(), label: localizedText })
  .strict();
export type Band = z.infer<typeof band>;

const ruleBase = {
  key: scaleKey,
  label: localizedText,
  /** Where the cut-off comes from, or that it is a project default. */
  basis: z.string().min(1),
};

const bandsRule = z
  .object({ ...ruleBase, kind: z.literal('bands'), scale: scaleKey, bands: z.array(band).min(1) })
  .strict();

const thresholdRule = z
  .object({
    ...ruleBase,
    kind: z.literal('threshold'),
    scale: scaleKey,
    op: comparison,
    value: z.number(),
  })
  .strict();

/** Needs the respondent's sex; the key is left out of the interpretation without it. */
const sexThresholdRule = z
  .object({
    ...ruleBase,
    kind: z.literal('sex-threshold'),
    scale: scaleKey,
    op: comparison,
    female: z.number(),
    male: z.number(),
  })
  .strict();

const sexBandsRule = z
  .object({
    ...ruleBase,
    kind: z.literal('sex-bands'),
    scale: scaleKey,
    female: z.array(band).min(1),
    male: z.array(band).min(1),
  })
  .strict();

/** True when any condition holds for any of its items; skipped items count 0. */
const anyItemRule = z
  .object({
    ...ruleBase,
    kind: z.literal('any-item'),
    conditions: z
      .array(
        z.object({ items: z.array(itemId).min(1), op: comparison, value: z.number() }).strict(),
      )
      .min(1),
  })
  .strict();

export const interpretationRule = z.discriminatedUnion('kind', [
  bandsRule,
  thresholdRule,
  sexThresholdRule,
  sexBandsRule,
  anyItemRule,
]);
export type InterpretationRule = z.infer<typeof interpretationRule>;

const translationStatus = z.discriminatedUnion('status', [
  z.object({ status: z.literal('official'), source: z.string().min(1) }).strict(),
  z.object({ status: z.literal('working'), note: z.string().min(1) }).strict(),
]);
export type TranslationStatus = z.infer<typeof translationStatus>;

const note = z
  .object({
    kind: z.enum(['unverified', 'project-default', 'caution', 'info']),
    text: localizedText,
  })
  .strict();
export type DefinitionNote = z.infer<typeof note>;

export const definitionSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    version: z.string().regex(SEMVER_PATTERN, 'version must be semver MAJOR.MINOR.PATCH'),
    /** Released versions are frozen; a change is a new version. */
    status: z.enum(['released', 'draft', 'retired']),
    title: localizedText,
    abbreviation: z.string().min(1),
    description: localizedText,
    instructions: localizedText,
    /** Who fills it in: the patient, the clinician, both, or a course participant (trainer module). */
    rater: z.enum(['patient', 'clinician', 'joint', 'participant']),
    recallPeriod: localizedText.nullable(),
    items: z.array(item).min(1),
    sections: z.array(section).optional(),
    skipRules: z.array(skipRule),
    scoring: z
      .object({
        scales: z.array(scale).min(1),
        /** allOf: unscorable when any listed scale is null; anyOf: when all of them are. */
        scorableWhen: z.union([
          z.object({ allOf: z.array(scaleKey).min(1) }).strict(),
          z.object({ anyOf: z.array(scaleKey).min(1) }).strict(),
        ]),
        interpretation: z.array(interpretationRule),
      })
      .strict(),
    source: z
      .array(z.object({ citation: z.string().min(1), url: z.string().url().optional() }).strict())
      .min(1),
    licence: z
      .object({
        summary: localizedText,
        commercialUse: z.enum(['allowed', 'prohibited', 'licence-required', 'unverified']),
      })
      .strict(),
    loinc: z
      .object({
        panel: z.string().optional(),
        scores: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    translations: z.object({ nb: translationStatus, en: translationStatus }).strict(),
    notes: z.array(note),
  })
  .strict();

export type InstrumentDefinition = z.infer<typeof definitionSchema>;

export type AnswerValue = number | string | null;
export type Answers = Record<string, AnswerValue>;

export interface Respondent {
  sex?: 'female' | 'male';
  age?: number;
}
