/**
 * Storing a response: validated and scored on the server (a score is never taken from a client),
 * with the exact instrument version and scorer version, once per Idempotency-Key — a replay,
 * also a concurrent one, returns the first result and never stores twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  type InstrumentDefinition,
  type ScoreResult,
  score,
  validateAnswers,
} from '../../instruments';
import { UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  findResponseByIdempotencyKey,
  insertResponse,
  type ResponseRow,
} from '../storage/form-repository';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';

export interface NewResponse {
  courseId: string;
  unitId: string;
  patientId: string;
  formSessionId: string | null;
  definition: InstrumentDefinition;
  answers: Record<string, unknown>;
  language: 'nb' | 'en';
  respondent: 'patient' | 'therapist' | 'other';
  actor: Actor | null;
  role: string;
  /** Where a patient's submission came from; staff carry theirs on the actor. */
  client?: string;
  idempotencyKey: string;
  respondentSex?: 'female' | 'male';
}

export interface StoredResponse {
  id: string;
  replay: boolean;
  row: ResponseRow;
}

/** What makes two submissions the same: a replayed Idempotency-Key must carry the same request. */
export function requestHash(r: {
  courseId: string;
  formSessionId: string | null;
  instrumentId: string;
  version: string;
  answers: unknown;
  language: string;
  respondent: string;
}): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        r.courseId,
        r.formSessionId,
        r.instrumentId,
        r.version,
        r.answers,
        r.language,
        r.respondent,
      ]),
    )
    .digest('hex');
}

export function scoreOfRow(row: ResponseRow): ScoreResult {
  return JSON.parse(row.score) as ScoreResult;
}

export async function storeResponse(
  db: Database,
  input: NewResponse,
  now: Date,
  afterInsert?: (trx: Database) => Promise<void>,
): Promise<StoredResponse> {
  const hash = requestHash({
    ...input,
    instrumentId: input.definition.id,
    version: input.definition.version,
  });
  const replay = async (): Promise<StoredResponse | undefined> => {
    const existing = await findResponseByIdempotencyKey(db, input.idempotencyKey);
    if (!existing) return undefined;
    if (existing.request_hash !== hash) {
      throw new UnprocessableError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for another submission',
      );
    }
    return { id: existing.id, replay: true, row: existing };
  };
  // A replay is not looked up first: the insert below meets the unique Idempotency-Key and the
  // catch returns the first result. Replays are rare; a look-up in every submit is a round trip.
  const validation = validateAnswers(input.definition, input.answers);
  if (!validation.ok) {
    // A replayed key with other answers is named as such, whatever is wrong with the answers.
    const earlier = await replay();
    if (earlier) return earlier;
    throw new UnprocessableError(
      'invalid_answers',
      `Answers do not fit ${input.definition.id} ${input.definition.version}: ${validation.issues.map((i) => i.message).join('; ')}`,
      validation.issues.map((i) => ({ path: ['answers', i.item], message: i.message })),
    );
  }
  const result = score(
    input.definition,
    validation.answers,
    input.respondentSex ? { sex: input.respondentSex } : {},
  );
  const stamp = now.toISOString();
  const row: ResponseRow = {
    id: randomUUID(),
    course_id: input.courseId,
    unit_id: input.unitId,
    form_session_id: input.formSessionId,
    instrument_id: input.definition.id,
    instrument_version: input.definition.version,
    answers: JSON.stringify(validation.answers),
    language: input.language,
    respondent: input.respondent,
    entered_by: input.actor?.userId ?? null,
    answered_at: stamp,
    score_status: result.status,
    score: JSON.stringify(result),
    scorer_version: result.scorerVersion,
    idempotency_key: input.idempotencyKey,
    request_hash: hash,
    created_at: stamp,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await insertResponse(trx, row);
      await afterInsert?.(trx);
      // The audit event last: on PostgreSQL its append holds the chain's lock until COMMIT, so
      // the risk recompute above runs before it, while other writers go on.
      await recordAccess(
        trx,
        input.actor,
        {
          action: 'response.create',
          unitId: input.unitId,
          role: input.role,
          patientId: input.patientId,
          courseId: input.courseId,
          objectType: 'response',
          objectId: row.id,
          outcome: 'allowed',
          client: input.client ?? null,
        },
        now,
      );
    });
  } catch (error) {
    // A replay, or a concurrent twin that won the unique Idempotency-Key: return its result.
    const concurrent = await replay();
    if (concurrent) return concurrent;
    throw error;
  }
  return { id: row.id, replay: false, row };
}
