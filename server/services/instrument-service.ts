/**
 * Instruments for the public API: lookup by id and version, and scoring with validation that
 * names every offending item.
 */
import {
  type InstrumentDefinition,
  type InstrumentRegistry,
  type Respondent,
  type ScoreResult,
  score,
  validateAnswers,
} from '../../instruments';
import { NotFoundError, UnprocessableError } from '../http/errors';

export interface InstrumentSummary {
  id: string;
  version: string;
  status: InstrumentDefinition['status'];
  title: InstrumentDefinition['title'];
  abbreviation: string;
  description: InstrumentDefinition['description'];
  rater: InstrumentDefinition['rater'];
  itemCount: number;
  translations: InstrumentDefinition['translations'];
  commercialUse: InstrumentDefinition['licence']['commercialUse'];
}

export function summarize(def: InstrumentDefinition): InstrumentSummary {
  return {
    id: def.id,
    version: def.version,
    status: def.status,
    title: def.title,
    abbreviation: def.abbreviation,
    description: def.description,
    rater: def.rater,
    itemCount: def.items.length,
    translations: def.translations,
    commercialUse: def.licence.commercialUse,
  };
}

export function createInstrumentService(registry: InstrumentRegistry) {
  function find(id: string, version?: string): InstrumentDefinition {
    const versions = registry.versions(id);
    if (versions.length === 0) throw new NotFoundError(`Unknown instrument "${id}"`);
    const def = registry.get(id, version);
    if (!def) {
      const known = versions.map((v) => v.version).join(', ');
      throw new NotFoundError(
        version === undefined
          ? `Instrument "${id}" has no released version`
          : `Instrument "${id}" has no version ${version} (known: ${known})`,
      );
    }
    return def;
  }

  return {
    list(all: boolean): InstrumentSummary[] {
      return (all ? registry.all() : registry.latest()).map(summarize);
    },
    versions(id: string): InstrumentSummary[] {
      find(id);
      return registry.versions(id).map(summarize);
    },
    get: find,
    score(
      id: string,
      version: string | undefined,
      answers: Record<string, unknown>,
      respondent: Respondent | undefined,
    ): ScoreResult {
      const def = find(id, version);
      const validation = validateAnswers(def, answers);
      if (!validation.ok) {
        throw new UnprocessableError(
          'invalid_answers',
          `Answers do not fit ${def.id} ${def.version}: ${validation.issues.map((i) => i.message).join('; ')}`,
          validation.issues.map((i) => ({ path: ['answers', i.item], message: i.message })),
        );
      }
      return score(def, validation.answers, respondent);
    },
  };
}

export type InstrumentService = ReturnType<typeof createInstrumentService>;
