/**
 * Answer validation: every offending item is named, none is silently dropped or coerced.
 */
import {
  type Answers,
  type AnswerValue,
  type InstrumentDefinition,
  type Item,
  VISUAL_ANALOGUE,
} from './definition-schema';

export interface AnswerIssue {
  item: string;
  message: string;
}

export type AnswerValidation =
  | { ok: true; answers: Answers }
  | { ok: false; issues: AnswerIssue[] };

/** True when `value` has at most `decimals` decimals, tolerant of binary floating point. */
export function hasAtMostDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) < 1e-7;
}

export function checkItemValue(item: Item, value: AnswerValue): string | null {
  if (value === null) return null;
  switch (item.kind) {
    case 'choice': {
      if (typeof value !== 'number') return `expects a number, got ${describe(value)}`;
      if (item.options.some((o) => o.value === value)) return null;
      const allowed = item.options.map((o) => o.value).join(', ');
      return `${value} is not an allowed value (allowed: ${allowed})`;
    }
    case 'visual-analogue': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return `expects a number from 0 to 10, got ${describe(value)}`;
      }
      if (value < VISUAL_ANALOGUE.min || value > VISUAL_ANALOGUE.max) {
        return `${value} is outside 0–10`;
      }
      if (!hasAtMostDecimals(value, 1)) return `${value} has more than one decimal (steps of 0.1)`;
      return null;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return `expects a number, got ${describe(value)}`;
      }
      if (item.integer && !Number.isInteger(value)) return `${value} is not a whole number`;
      if (value < item.min || value > item.max) {
        return `${value} is outside ${item.min}–${item.max}`;
      }
      return null;
    }
    case 'text': {
      if (typeof value !== 'string') return `expects text, got ${describe(value)}`;
      if (value.length > item.maxLength) return `text is longer than ${item.maxLength} characters`;
      return null;
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return `text "${value.length > 20 ? `${value.slice(0, 20)}…` : value}"`;
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/**
 * Checks answers against a definition. Unknown item ids and values the item does not allow are
 * issues; null means "not answered" and is always allowed here (scoring decides what is missing).
 */
export function validateAnswers(
  definition: InstrumentDefinition,
  answers: Readonly<Record<string, unknown>>,
): AnswerValidation {
  const items = new Map(definition.items.map((i) => [i.id, i]));
  const issues: AnswerIssue[] = [];
  const valid: Answers = {};
  for (const [id, raw] of Object.entries(answers)) {
    const item = items.get(id);
    if (!item) {
      issues.push({
        item: id,
        message: `unknown item "${id}" in ${definition.id} ${definition.version}`,
      });
      continue;
    }
    if (raw !== null && typeof raw !== 'number' && typeof raw !== 'string') {
      issues.push({
        item: id,
        message: `item "${id}": expects a number or null, got ${typeof raw}`,
      });
      continue;
    }
    const problem = checkItemValue(item, raw);
    if (problem) issues.push({ item: id, message: `item "${id}": ${problem}` });
    else valid[id] = raw;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, answers: valid };
}
