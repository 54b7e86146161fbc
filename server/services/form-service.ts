/**
 * Form sessions: a therapist hands a patient the forms due today, by a short single-use code for
 * the clinic tablet (15 minutes) or an unguessable link for home (days). Exchanging either gives a
 * write-only patient session that can fetch only its own forms and submit answers, and ends at
 * the last submit.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { InstrumentDefinition, InstrumentRegistry } from '../../instruments';
import {
  ConflictError,
  GoneError,
  NotFoundError,
  UnauthorizedError,
  UnprocessableError,
} from '../http/errors';
import { findCourseById, findCourseWithPatientSex } from '../storage/course-repository';
import type { Database } from '../storage/database';
import {
  type FormSessionRow,
  findOpenSessionByCode,
  findResponseByIdempotencyKey,
  findSessionByLink,
  findSessionByPatientToken,
  insertFormSession,
  listResponsesOfCourse,
  listResponsesOfSession,
  updateFormSession,
} from '../storage/form-repository';
import { findOrganisationById } from '../storage/organisation-repository';
import { courseFacts, recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { courseForWork } from './course-access';
import { requestHash, scoreOfRow, storeResponse } from './response-store';
import type { RiskEngine } from './risk-engine';
import { recordWrongCode, refuseWhenTooManyWrongCodes } from './wrong-codes';

export const FORM_POLICY = {
  codeMinutes: 15,
  codeDigits: 6,
  /** Wrong codes from one device (one page on one tablet) before it must wait. */
  maxWrongCodes: 5,
  /**
   * Wrong codes from one network address, whatever device it claims: a clinic's tablets often
   * share one address, and a script could claim a new device on every try.
   */
  maxWrongCodesPerAddress: 30,
  wrongCodeWindowMinutes: 15,
  defaultLinkDays: 7,
  maxLinkDays: 30,
  /**
   * How long a patient session token can submit. Long enough for a tablet that lost its network
   * to send the answers it keeps (at most 24 hours); the page ends the session earlier, at the
   * last form, when the patient is idle, or when they stop.
   */
  patientTokenHours: 24,
} as const;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const addMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
type InstrumentRef = { id: string; version: string };
/** One form as a patient's page submits it. */
type PatientAnswers = {
  instrument: string;
  version: string;
  answers: Record<string, unknown>;
  language: 'nb' | 'en';
};

/** The audit event of something the patient's page did with its form session. */
async function recordPatientAccess(
  trx: Database,
  session: FormSessionRow,
  action: string,
  client: string,
  now: Date,
): Promise<void> {
  const course = await findCourseById(trx, session.course_id);
  await recordAccess(
    trx,
    null,
    {
      action,
      unitId: session.unit_id,
      role: 'patient',
      patientId: course?.patient_id ?? null,
      courseId: session.course_id,
      objectType: 'form_session',
      objectId: session.id,
      outcome: 'allowed',
      client,
    },
    now,
  );
}

/** What a patient's submit answers: the response, and the session's forms still to fill in. */
export interface PatientSubmitResult {
  id: string;
  received: true;
  replay: boolean;
  remaining: string[];
  completed: boolean;
}

export function createFormService(
  db: Database,
  registry: InstrumentRegistry,
  risk: RiskEngine,
  clock: () => Date,
) {
  const courseForWrite = (actor: Actor, courseId: string, action: string) =>
    courseForWork(db, actor, courseId, action, clock());

  function definitionOf(ref: InstrumentRef): InstrumentDefinition {
    const def = registry.get(ref.id, ref.version);
    if (!def) throw new NotFoundError(`Unknown instrument ${ref.id} ${ref.version}`);
    return def;
  }

  /** The session is going on and its token has not expired. */
  function isOpen(session: FormSessionRow): boolean {
    return (
      session.status === 'in_progress' &&
      session.patient_token_expires_at !== null &&
      session.patient_token_expires_at > clock().toISOString()
    );
  }

  async function activeSession(token: string): Promise<FormSessionRow> {
    const session = await findSessionByPatientToken(db, sha256(token));
    if (!session || !isOpen(session)) throw new UnauthorizedError('This form session has ended');
    return session;
  }

  /** The session's forms not among these responses of it. */
  function remainingAfter(session: FormSessionRow, answered: readonly { instrument_id: string }[]) {
    const done = new Set(answered.map((r) => r.instrument_id));
    return (JSON.parse(session.instruments) as InstrumentRef[]).filter((i) => !done.has(i.id));
  }

  async function remaining(session: FormSessionRow): Promise<InstrumentRef[]> {
    return remainingAfter(session, await listResponsesOfSession(db, session.id));
  }

  /** The first result of a patient submit with this key in this session, if stored. */
  async function replayIn(
    session: FormSessionRow,
    input: PatientAnswers,
    idempotencyKey: string,
  ): Promise<PatientSubmitResult | undefined> {
    const existing = await findResponseByIdempotencyKey(db, idempotencyKey);
    if (existing?.form_session_id !== session.id) return undefined;
    const same = requestHash({
      courseId: session.course_id,
      formSessionId: session.id,
      instrumentId: input.instrument,
      version: input.version,
      answers: input.answers,
      language: input.language,
      respondent: 'patient',
    });
    if (same !== existing.request_hash) {
      throw new UnprocessableError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for another submission',
      );
    }
    const left = await remaining(session);
    return {
      id: existing.id,
      received: true,
      replay: true,
      remaining: left.map((r) => r.id),
      completed: left.length === 0,
    };
  }

  return {
    async create(
      actor: Actor,
      courseId: string,
      input: { instruments: string[]; channel: 'kiosk' | 'home'; expiresInDays?: number },
    ) {
      const { course, role } = await courseForWrite(actor, courseId, 'form_session.create');
      const refs = [...new Set(input.instruments)].map((id) => {
        const def = registry.get(id);
        if (!def)
          throw new UnprocessableError('unknown_instrument', `Unknown instrument "${id}"`, [
            { path: ['instruments'], message: `unknown instrument ${id}` },
          ]);
        if (def.rater !== 'patient') {
          throw new UnprocessableError(
            'not_patient_rated',
            def.rater === 'participant'
              ? `${id} is a course evaluation, not a patient form`
              : `${id} is rated by the clinician, not filled in by the patient`,
            [{ path: ['instruments'], message: `${id} is not patient-rated` }],
          );
        }
        return { id: def.id, version: def.version };
      });
      const now = clock();
      const kiosk = input.channel === 'kiosk';
      let code: string | undefined;
      if (kiosk) {
        // A code that no open session uses now.
        do {
          code = String(randomInt(0, 10 ** FORM_POLICY.codeDigits)).padStart(
            FORM_POLICY.codeDigits,
            '0',
          );
        } while (await findOpenSessionByCode(db, sha256(code), now.toISOString()));
      }
      const link = kiosk ? undefined : randomBytes(24).toString('base64url');
      const days = Math.min(
        input.expiresInDays ?? FORM_POLICY.defaultLinkDays,
        FORM_POLICY.maxLinkDays,
      );
      const expiresAt = kiosk
        ? addMinutes(now, FORM_POLICY.codeMinutes)
        : addMinutes(now, days * 24 * 60);
      const row: FormSessionRow = {
        id: randomUUID(),
        course_id: course.id,
        unit_id: course.unit_id,
        created_by: actor.userId,
        channel: input.channel,
        instruments: JSON.stringify(refs),
        code_hash: code ? sha256(code) : null,
        link_hash: link ? sha256(link) : null,
        status: 'open',
        expires_at: expiresAt.toISOString(),
        patient_token_hash: null,
        patient_token_expires_at: null,
        created_at: now.toISOString(),
        completed_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await insertFormSession(trx, row);
        await recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'form_session.create', { object: ['form_session', row.id] }),
          now,
        );
      });
      return {
        id: row.id,
        channel: row.channel,
        instruments: refs,
        expiresAt: row.expires_at,
        ...(code ? { code } : {}),
        ...(link ? { link: `/f/${link}` } : {}),
      };
    },

    /**
     * Code or link → a write-only patient session token. `device` is a random id the page makes
     * when it loads, so one patient's wrong codes do not lock the other tablets of a clinic.
     */
    async exchange(address: string, input: { code?: string; link?: string; device?: string }) {
      const now = clock();
      const clientKey = `${address}|${input.device ?? ''}`;
      await refuseWhenTooManyWrongCodes(
        db,
        {
          key: clientKey,
          group: `${address}|`,
          maxForKey: FORM_POLICY.maxWrongCodes,
          maxForGroup: FORM_POLICY.maxWrongCodesPerAddress,
          windowMinutes: FORM_POLICY.wrongCodeWindowMinutes,
          message: 'Too many wrong codes: ask your therapist for a new code',
        },
        now,
      );
      const session = input.code
        ? await findOpenSessionByCode(db, sha256(input.code), now.toISOString())
        : input.link
          ? await findSessionByLink(db, sha256(input.link))
          : undefined;
      const usable =
        session &&
        session.expires_at > now.toISOString() &&
        (session.status === 'open' ||
          (session.channel === 'home' && session.status === 'in_progress'));
      if (!session || !usable) {
        await recordWrongCode(db, clientKey, now);
        if (session?.status === 'completed')
          throw new GoneError(
            'form_session_completed',
            'These forms have already been sent in. Thank you!',
          );
        throw new NotFoundError(
          input.code ? 'The code is wrong or has expired' : 'The link is wrong or has expired',
        );
      }
      const token = randomBytes(32).toString('base64url');
      const tokenExpires = addMinutes(now, FORM_POLICY.patientTokenHours * 60);
      await db.transaction().execute(async (trx) => {
        // A code is single-use: it is cleared at the exchange.
        await updateFormSession(trx, session.id, {
          status: 'in_progress',
          code_hash: null,
          patient_token_hash: sha256(token),
          patient_token_expires_at: tokenExpires.toISOString(),
        });
        await recordPatientAccess(trx, session, 'form_session.exchange', address, now);
      });
      // A practice unit's synthetic patient: the tablet shows a practice banner.
      const practice = (await findOrganisationById(db, session.unit_id))?.is_practice === 1;
      // The session id lets a page that kept unsent answers send them with the newest token.
      return {
        token,
        formSession: session.id,
        expiresAt: tokenExpires.toISOString(),
        practice,
      };
    },

    /**
     * The page ends its session: the patient is done, stopped, or was idle. The token stops
     * working at once; a kiosk session cannot be opened again (its code was used), a home link
     * can, until it expires. Ending an ended session is not an error.
     */
    async close(token: string, reason: 'finished' | 'idle' | 'stopped', client: string) {
      const session = await findSessionByPatientToken(db, sha256(token));
      if (!session) throw new UnauthorizedError('This form session has ended');
      const now = clock();
      const open =
        session.patient_token_expires_at !== null &&
        session.patient_token_expires_at > now.toISOString();
      if (open) {
        await db.transaction().execute(async (trx) => {
          await updateFormSession(trx, session.id, { patient_token_expires_at: now.toISOString() });
          await recordPatientAccess(trx, session, `form_session.close.${reason}`, client, now);
        });
      }
      return { closed: true };
    },

    /** The forms still due in this session: definitions only, never earlier answers. */
    async forms(token: string) {
      const session = await activeSession(token);
      const due = await remaining(session);
      return { expiresAt: session.patient_token_expires_at, forms: due.map(definitionOf) };
    },

    async submit(token: string, input: PatientAnswers, idempotencyKey: string, client: string) {
      const session = await findSessionByPatientToken(db, sha256(token));
      // A replay (a tablet retrying after a lost acknowledgement) gets the first result back,
      // also when that submit ended the session. Looked up only when the submit cannot go on:
      // a replay in an open session meets its own Idempotency-Key in storeResponse.
      const replayOrRefuse = async (refusal: Error): Promise<PatientSubmitResult> => {
        const replayed = session ? await replayIn(session, input, idempotencyKey) : undefined;
        if (replayed) return replayed;
        throw refusal;
      };
      if (!session || !isOpen(session)) {
        return replayOrRefuse(new UnauthorizedError('This form session has ended'));
      }
      const refs = JSON.parse(session.instruments) as InstrumentRef[];
      const ref = refs.find((r) => r.id === input.instrument && r.version === input.version);
      if (!ref)
        return replayOrRefuse(
          new UnprocessableError(
            'not_in_session',
            `${input.instrument} ${input.version} is not part of this form session`,
          ),
        );
      const found = await findCourseWithPatientSex(db, session.course_id);
      if (!found) throw new NotFoundError('No such course');
      const { course, patientSex } = found;
      const now = clock();
      let left: InstrumentRef[] | undefined;
      const stored = await storeResponse(
        db,
        {
          courseId: course.id,
          unitId: course.unit_id,
          patientId: course.patient_id,
          formSessionId: session.id,
          definition: definitionOf(ref),
          answers: input.answers,
          language: input.language,
          respondent: 'patient',
          actor: null,
          role: 'patient',
          client,
          idempotencyKey,
          ...(patientSex === 'female' || patientSex === 'male'
            ? { respondentSex: patientSex }
            : {}),
        },
        now,
        async (trx) => {
          const inSession = await listResponsesOfSession(trx, session.id);
          if (inSession.filter((r) => r.instrument_id === ref.id).length > 1) {
            throw new ConflictError(
              'already_answered',
              `${ref.id} has already been answered in this form session`,
            );
          }
          const notYet = remainingAfter(session, inSession);
          if (notYet.length === 0) {
            // The last form: the session ends and its token stops working.
            await updateFormSession(trx, session.id, {
              status: 'completed',
              completed_at: now.toISOString(),
              patient_token_expires_at: now.toISOString(),
            });
          }
          await risk.refresh(trx, course.id, now);
          left = notYet;
        },
      );
      // What this transaction saw is what it committed; a replay reads the session again.
      const forms = left ?? (await remaining(session));
      return {
        id: stored.id,
        received: true,
        replay: stored.replay,
        remaining: forms.map((r) => r.id),
        completed: forms.length === 0,
      };
    },

    /** A clinician-rated instrument (GAF, GAS) entered by a therapist. */
    async enter(
      actor: Actor,
      courseId: string,
      input: {
        instrument: string;
        version?: string;
        answers: Record<string, unknown>;
        language: 'nb' | 'en';
      },
      idempotencyKey: string,
    ) {
      const { course, role } = await courseForWrite(actor, courseId, 'response.create');
      const now = clock();
      const def = registry.get(input.instrument, input.version);
      if (!def)
        throw new NotFoundError(
          `Unknown instrument ${input.instrument} ${input.version ?? ''}`.trim(),
        );
      if (def.rater === 'participant') {
        throw new UnprocessableError(
          'not_clinical',
          `${def.id} is a course evaluation, not a clinical instrument`,
        );
      }
      if (def.rater === 'patient') {
        throw new UnprocessableError(
          'patient_rated',
          `${def.id} is filled in by the patient: create a form session`,
        );
      }
      const stored = await storeResponse(
        db,
        {
          courseId: course.id,
          unitId: course.unit_id,
          patientId: course.patient_id,
          formSessionId: null,
          definition: def,
          answers: input.answers,
          language: input.language,
          respondent: 'therapist',
          actor,
          role,
          idempotencyKey,
        },
        now,
        (trx) => risk.refresh(trx, course.id, now),
      );
      return { id: stored.id, replay: stored.replay, score: scoreOfRow(stored.row) };
    },

    /** A course's responses with their score snapshots, for its therapists and the unit lead. */
    async list(actor: Actor, courseId: string) {
      const { course, role } = await courseForWrite(actor, courseId, 'responses.read');
      const rows = await listResponsesOfCourse(db, courseId);
      await db.transaction().execute((trx) =>
        recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'responses.read', {
            object: ['responses', String(rows.length)],
          }),
          clock(),
        ),
      );
      return rows.map((r) => ({
        id: r.id,
        instrument: r.instrument_id,
        version: r.instrument_version,
        answeredAt: r.answered_at,
        respondent: r.respondent,
        language: r.language,
        answers: JSON.parse(r.answers) as Record<string, unknown>,
        score: scoreOfRow(r),
      }));
    },
  };
}

export type FormService = ReturnType<typeof createFormService>;
