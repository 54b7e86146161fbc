/**
 * Scoring: a pure interpreter of a definition's scoring and interpretation rules.
 *
 * It returns `scored` or `unscorable` with a reason and never throws on bad answers. Any change to
 * what this file computes changes scores: bump SCORER_VERSION and record it in CHANGELOG.md.
 */
import type {
  Answers,
  Band,
  Comparison,
  InstrumentDefinition,
  InterpretationRule,
  Respondent,
  Scale,
} from './definition-schema';
import { applySkipRules, type Effective, isAnswered } from './skip-rules';
import { validateAnswers } from './validate-answers';

export const SCORER_VERSION = '1.0.0';

export type InterpretationValue = string | boolean | null;

export interface ScoreResult {
  instrument: string;
  version: string;
  scorerVersion: string;
  status: 'scored' | 'unscorable';
  /** Unrounded; null where the scale could not be computed. */
  scores: Record<string, number | null>;
  /** null where the rule's scale is null; sex-dependent keys are left out without a sex. */
  interpretation: Record<string, InterpretationValue>;
  /** Items that should have been answered and were not (skipped and optional items excluded). */
  missing: string[];
  /** Items left out under a skip rule; they count 0. */
  skipped: string[];
  reason?: string;
}

/**
 * Sums decimals exactly (6.2 + 5.0 + 7.1 + 5.5 = 23.8, not 23.799999999999997) when every value
 * has at most 6 decimals; otherwise a plain floating-point sum.
 */
export function exactSum(values: readonly number[]): number {
  const fits = (v: number, d: number) =>
    Math.abs(v - Math.round(v * 10 ** d) / 10 ** d) <= 4 * Number.EPSILON * Math.abs(v);
  let decimals = 0;
  for (const v of values) {
    while (decimals <= 6 && !fits(v, decimals)) decimals++;
  }
  if (decimals > 6) return values.reduce((total, v) => total + v, 0);
  const factor = 10 ** decimals;
  return values.reduce((total, v) => total + Math.round(v * factor), 0) / factor;
}

interface ScaleOutcome {
  value: number | null;
  reason?: string;
}

function itemValues(scale: Scale, effective: Effective): { id: string; value: number }[] {
  const out: { id: string; value: number }[] = [];
  for (const id of scale.items) {
    const value = effective.get(id);
    if (value === undefined || scale.missingValues?.includes(value)) continue;
    out.push({ id, value });
  }
  return out;
}

function enoughAnswered(scale: Scale, answered: number): ScaleOutcome | null {
  const total = scale.items.length;
  const policy = scale.missing;
  if (policy === 'require-all' && answered < total) {
    return { value: null, reason: `${scale.key} needs all ${total} items (${answered} usable)` };
  }
  if (policy === 'answered-only' && answered === 0) {
    return { value: null, reason: `${scale.key} has no answered item` };
  }
  if (typeof policy === 'object') {
    const needed = Math.ceil(policy.minFraction * total - 1e-9);
    if (answered < needed) {
      return {
        value: null,
        reason: `${scale.key} needs at least ${needed} of ${total} items answered (${answered} answered)`,
      };
    }
  }
  return null;
}

function scoreGas(
  scale: Extract<Scale, { method: 'gas-tscore' }>,
  effective: Effective,
  answers: Answers,
): ScaleOutcome {
  const goals = itemValues(scale, effective);
  const tooFew = enoughAnswered(scale, goals.length);
  if (tooFew) return tooFew;
  const weighted = goals.map(({ id, value }) => {
    const weightItem = scale.weightItems[id];
    const given = weightItem === undefined ? undefined : answers[weightItem];
    return { x: value, w: isAnswered(given) ? given : scale.defaultWeight };
  });
  const maxWeight = Math.max(...weighted.map((g) => g.w));
  if (maxWeight === 0) {
    return { value: null, reason: `${scale.key}: the weights of the rated goals are all 0` };
  }
  // T is the same for weights scaled by any factor; scaling by the largest keeps tiny or huge
  // weights from underflowing or overflowing.
  let sumWx = 0;
  let sumW = 0;
  let sumW2 = 0;
  for (const { x, w } of weighted) {
    const v = w / maxWeight;
    sumWx += v * x;
    sumW += v;
    sumW2 += v * v;
  }
  const denominator = Math.sqrt((1 - scale.rho) * sumW2 + scale.rho * sumW * sumW);
  return { value: 50 + (10 * sumWx) / denominator };
}

export function computeScale(scale: Scale, effective: Effective, answers: Answers): ScaleOutcome {
  if (scale.method === 'gas-tscore') return scoreGas(scale, effective, answers);
  const values = itemValues(scale, effective).map(({ id, value }) => {
    const zeroWhen = scale.zeroWhen?.[id];
    if (zeroWhen && effective.get(zeroWhen.item) === zeroWhen.equals) return 0;
    const reversed = scale.reverse?.items.includes(id) ? scale.reverse.pivot - value : value;
    return reversed * (scale.weights?.[id] ?? 1);
  });
  const tooFew = enoughAnswered(scale, values.length);
  if (tooFew) return tooFew;
  switch (scale.method) {
    case 'sum':
      return { value: exactSum(values) };
    case 'mean':
      return { value: exactSum(values) / values.length };
    case 'min':
      return { value: Math.min(...values) };
  }
}

export function compare(value: number, op: Comparison, target: number): boolean {
  switch (op) {
    case '<':
      return value < target;
    case '<=':
      return value <= target;
    case '>':
      return value > target;
    case '>=':
      return value >= target;
    case '==':
      return value === target;
  }
}

export function findBand(bands: readonly Band[], value: number): string | null {
  return bands.find((b) => value >= b.min && value <= b.max)?.value ?? null;
}

function interpret(
  rule: InterpretationRule,
  scores: Record<string, number | null>,
  effective: Effective,
  respondent: Respondent,
): InterpretationValue | undefined {
  if (rule.kind === 'any-item') {
    return rule.conditions.some((c) =>
      c.items.some((id) => {
        const v = effective.get(id);
        return v !== undefined && compare(v, c.op, c.value);
      }),
    );
  }
  const needsSex = rule.kind === 'sex-threshold' || rule.kind === 'sex-bands';
  if (needsSex && !respondent.sex) return undefined;
  const value = scores[rule.scale];
  if (value === null || value === undefined) return null;
  switch (rule.kind) {
    case 'bands':
      return findBand(rule.bands, value);
    case 'threshold':
      return compare(value, rule.op, rule.value);
    case 'sex-threshold':
      return compare(value, rule.op, respondent.sex === 'female' ? rule.female : rule.male);
    case 'sex-bands':
      return findBand(respondent.sex === 'female' ? rule.female : rule.male, value);
  }
}

/**
 * Scores answers to one instrument version. Invalid answers give `unscorable` with every
 * offending item in the reason; callers that must reject them (the API) validate first.
 */
export function score(
  definition: InstrumentDefinition,
  rawAnswers: Readonly<Record<string, unknown>>,
  respondent: Respondent = {},
): ScoreResult {
  const base = {
    instrument: definition.id,
    version: definition.version,
    scorerVersion: SCORER_VERSION,
  };
  const validation = validateAnswers(definition, rawAnswers);
  if (!validation.ok) {
    return {
      ...base,
      status: 'unscorable',
      scores: {},
      interpretation: {},
      missing: [],
      skipped: [],
      reason: `invalid answers: ${validation.issues.map((i) => i.message).join('; ')}`,
    };
  }
  const answers = validation.answers;
  const { effective, skipped } = applySkipRules(definition, answers);

  const scores: Record<string, number | null> = {};
  const reasons: string[] = [];
  for (const scale of definition.scoring.scales) {
    const outcome = computeScale(scale, effective, answers);
    scores[scale.key] = outcome.value;
    if (outcome.reason) reasons.push(outcome.reason);
  }

  const interpretation: Record<string, InterpretationValue> = {};
  for (const rule of definition.scoring.interpretation) {
    const value = interpret(rule, scores, effective, respondent);
    if (value !== undefined) interpretation[rule.key] = value;
  }

  const missing = definition.items
    .filter((i) => !i.optional && i.kind !== 'text' && !effective.has(i.id) && !skipped.has(i.id))
    .map((i) => i.id);

  const rule = definition.scoring.scorableWhen;
  const scorable =
    'allOf' in rule
      ? rule.allOf.every((k) => scores[k] !== null)
      : rule.anyOf.some((k) => scores[k] !== null);

  return {
    ...base,
    status: scorable ? 'scored' : 'unscorable',
    scores,
    interpretation,
    missing,
    skipped: [...skipped],
    ...(scorable ? {} : { reason: reasons.join('; ') || 'not enough answers' }),
  };
}
