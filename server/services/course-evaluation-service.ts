/**
 * Anonymous course evaluations with the course-evaluation instrument. Participants reach the form
 * with the course's evaluation code, without logging in. What is stored cannot point at a person:
 * no participant, user, address or device, and the date without a time. The submission writes no
 * audit event. Results are shown only from EVALUATION_MINIMUM answers on, and comments never in
 * the order they came in.
 */
import { randomUUID } from 'node:crypto';
import {
  type InstrumentDefinition,
  type InstrumentRegistry,
  type ScoreResult,
  score,
  validateAnswers,
} from '../../instruments';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors';
import {
  countCourseEvaluations,
  insertCourseEvaluation,
  listCourseEvaluationScores,
} from '../storage/course-evaluation-repository';
import type { Database } from '../storage/database';
import {
  countParticipantsOfCourses,
  findTrainingCourseByCode,
  findTrainingCourseById,
  lockTrainingCourse,
  type TrainingCourseRow,
} from '../storage/training-repository';
import type { Actor } from './auth-service';
import { visibleTrainingCourse } from './training-access';
import { recordWrongCode, refuseWhenTooManyWrongCodes } from './wrong-codes';

export const COURSE_EVALUATION_INSTRUMENT = 'course-evaluation';
/** Fewer answers than this are not shown: with one or two, a trainer could tell who said what. */
export const EVALUATION_MINIMUM = 3;
/** Wrong evaluation codes allowed per address in the window (a course room shares one address). */
export const MAX_WRONG_CODES = 20;
export const WRONG_CODE_WINDOW_MINUTES = 15;
export const RATING_KEYS = ['relevance', 'understandable', 'structured', 'action', 'mean'] as const;

export type EvaluationMeans = Record<(typeof RATING_KEYS)[number], number>;

export interface EvaluationSummary {
  n: number;
  shown: boolean;
  minimum: number;
  means: EvaluationMeans | null;
  comments: string[] | null;
}

function scoresOf(stored: string): Record<string, number | null> {
  const parsed: Partial<ScoreResult> = JSON.parse(stored);
  return parsed.scores ?? {};
}

/** Means and comments of a course's evaluations, or nulls below the minimum. */
export function summariseEvaluations(
  rows: readonly { score: string; comment: string | null }[],
): EvaluationSummary {
  const n = rows.length;
  if (n < EVALUATION_MINIMUM) {
    return { n, shown: false, minimum: EVALUATION_MINIMUM, means: null, comments: null };
  }
  const scores = rows.map((r) => scoresOf(r.score));
  const means = Object.fromEntries(
    RATING_KEYS.map((key) => {
      const values = scores.map((s) => s[key]).filter((v): v is number => typeof v === 'number');
      return [key, values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0];
    }),
  ) as EvaluationMeans;
  const comments = rows
    .map((r) => r.comment)
    .filter((c): c is string => Boolean(c))
    .sort((a, b) => a.localeCompare(b, 'nb'));
  return { n, shown: true, minimum: EVALUATION_MINIMUM, means, comments };
}

function isOpenForEvaluation(course: TrainingCourseRow | undefined): course is TrainingCourseRow {
  return course?.status === 'open' || course?.status === 'completed';
}

const NO_SUCH_CODE = 'No course open for evaluation has this code';

export function createCourseEvaluationService(
  db: Database,
  registry: InstrumentRegistry,
  clock: () => Date,
) {
  function instrument(): InstrumentDefinition {
    const definition = registry.get(COURSE_EVALUATION_INSTRUMENT);
    if (!definition) throw new NotFoundError('The course-evaluation instrument is not installed');
    return definition;
  }

  /**
   * The course behind a code. Wrong codes are counted per address (only wrong ones: nothing is
   * kept about a right one), so nobody can guess codes and use up a course's answers.
   */
  async function openCourse(code: string, address: string): Promise<TrainingCourseRow> {
    const now = clock();
    // The separator ends the key, so one address's count never takes in another's.
    const key = `evaluation|${address}|`;
    await refuseWhenTooManyWrongCodes(
      db,
      {
        key,
        group: key,
        maxForKey: MAX_WRONG_CODES,
        maxForGroup: MAX_WRONG_CODES,
        windowMinutes: WRONG_CODE_WINDOW_MINUTES,
        message: 'Too many wrong codes: check the code with the trainer and try again later',
      },
      now,
    );
    const course = await findTrainingCourseByCode(db, code);
    if (!isOpenForEvaluation(course)) {
      await recordWrongCode(db, key, now);
      throw new NotFoundError(NO_SUCH_CODE);
    }
    return course;
  }

  /** Ratings and comment from answers the instrument accepts; 422 naming each bad item. */
  function checkedAnswers(definition: InstrumentDefinition, answers: Record<string, unknown>) {
    const validation = validateAnswers(definition, answers);
    if (!validation.ok) {
      throw new UnprocessableError(
        'invalid_answers',
        validation.issues.map((i) => i.message).join('; '),
        validation.issues.map((i) => ({ path: ['answers', i.item], message: i.message })),
      );
    }
    const result = score(definition, validation.answers);
    if (result.status !== 'scored') {
      throw new UnprocessableError(
        'incomplete_answers',
        `Answer every rating: ${result.missing.join(', ')} missing`,
        result.missing.map((item) => ({ path: ['answers', item], message: 'required' })),
      );
    }
    const ratings: Record<string, unknown> = {};
    let comment: string | null = null;
    for (const item of definition.items) {
      const value = validation.answers[item.id];
      if (item.kind !== 'text') ratings[item.id] = value ?? null;
      else if (typeof value === 'string' && value.trim() !== '') comment = value.trim();
    }
    return { ratings, comment, result };
  }

  return {
    async form(code: string, address: string) {
      const course = await openCourse(code, address);
      const definition = instrument();
      return {
        course: {
          title: course.title,
          kind: course.kind,
          startDate: course.start_date,
          endDate: course.end_date,
        },
        instrument: { id: definition.id, version: definition.version },
      };
    },

    /** Stores one anonymous evaluation; no audit event, nothing logged. */
    async submit(code: string, input: { answers: Record<string, unknown> }, address: string) {
      const { id } = await openCourse(code, address);
      const definition = instrument();
      const { ratings, comment, result } = checkedAnswers(definition, input.answers);
      await db.transaction().execute(async (trx) => {
        await lockTrainingCourse(trx, id);
        const course = await findTrainingCourseById(trx, id);
        if (!isOpenForEvaluation(course)) throw new NotFoundError(NO_SUCH_CODE);
        const registered =
          (await countParticipantsOfCourses(trx, [course.id])).get(course.id)?.registered ?? 0;
        if ((await countCourseEvaluations(trx, course.id)) >= registered) {
          throw new ConflictError(
            'evaluation_full',
            'This course has as many evaluations as it has participants',
          );
        }
        await insertCourseEvaluation(trx, {
          id: randomUUID(),
          course_id: course.id,
          instrument_version: definition.version,
          answers: JSON.stringify(ratings),
          comment,
          score: JSON.stringify(result),
          // The date only: a time of day could match an answer to whoever left the room then.
          submitted_on: clock().toISOString().slice(0, 10),
        });
      });
      return { received: true as const };
    },

    async results(actor: Actor, courseId: string): Promise<EvaluationSummary> {
      const { course } = await visibleTrainingCourse(db, actor, courseId);
      return summariseEvaluations(await listCourseEvaluationScores(db, [course.id]));
    },
  };
}

export type CourseEvaluationService = ReturnType<typeof createCourseEvaluationService>;
