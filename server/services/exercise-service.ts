/**
 * Exercises on a training course's practice cases. A trainer picks cases and writes the task;
 * each trainee answers, per case, what they see and what they would do next; the trainer reads
 * the answers side by side with the teaching key. Trainees never get the key or the pattern.
 * Trainer-side access goes through training-access; the trainee side is for anyone registered
 * on the course (or running it), and answers 404 to everyone else.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  type ExerciseAnswerRow,
  type ExerciseCaseRow,
  type ExerciseWithCourse,
  findExerciseById,
  insertExercise,
  listExerciseAnswers,
  listExerciseCases,
  listExercisesOfCourses,
  listStaffTraineesOfCourses,
  listTrainingCourseIdsOfMember,
  upsertExerciseAnswer,
} from '../storage/exercise-repository';
import {
  findPracticeUnitByTrainingCourse,
  listPracticeCasesOfUnit,
} from '../storage/practice-repository';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { teachingOfCases } from './exercise-teaching';
import type { RiskEngine } from './risk-engine';
import { editableTrainingCourse, trainingFacts, visibleTrainingCourse } from './training-access';

export interface NewExercise {
  title: string;
  instructions?: string | null;
  caseIds: string[];
}

export interface AnswerInput {
  observed: string;
  nextStep: string;
}

const caseView = (c: ExerciseCaseRow) => ({
  caseId: c.caseId,
  position: c.position,
  patientCode: c.patientCode,
  courseId: c.courseId,
});

const answerView = (a: Pick<ExerciseAnswerRow, 'observed' | 'next_step' | 'updated_at'>) => ({
  observed: a.observed,
  nextStep: a.next_step,
  updatedAt: a.updated_at,
});

/** The exercises with their cases, how many trainees there are, and how many answered all. */
async function exerciseSummaries(db: Database, exercises: readonly ExerciseWithCourse[]) {
  const ids = exercises.map((e) => e.id);
  const [cases, answers, trainees] = await Promise.all([
    listExerciseCases(db, ids),
    listExerciseAnswers(db, ids),
    listStaffTraineesOfCourses(db, [...new Set(exercises.map((e) => e.training_course_id))]),
  ]);
  return exercises.map((e) => {
    const own = cases.filter((c) => c.exerciseId === e.id);
    const ofCourse = trainees.filter((t) => t.courseId === e.training_course_id);
    const answeredAll = ofCourse.filter((t) =>
      own.every((c) =>
        answers.some(
          (a) => a.exercise_id === e.id && a.case_id === c.caseId && a.user_id === t.userId,
        ),
      ),
    );
    return {
      id: e.id,
      title: e.title,
      instructions: e.instructions,
      createdAt: e.created_at,
      cases: own.map(caseView),
      trainees: ofCourse.length,
      answered: answeredAll.length,
    };
  });
}

function exerciseHead(e: ExerciseWithCourse) {
  return {
    id: e.id,
    title: e.title,
    instructions: e.instructions,
    trainingCourseId: e.training_course_id,
    courseTitle: e.course_title,
  };
}

/** The trainee's view of exercises: their own answers, no key, no pattern. */
async function myExercises(db: Database, userId: string, exercises: readonly ExerciseWithCourse[]) {
  const ids = exercises.map((e) => e.id);
  const [cases, answers] = await Promise.all([
    listExerciseCases(db, ids),
    listExerciseAnswers(db, ids, userId),
  ]);
  return exercises.map((e) => ({
    ...exerciseHead(e),
    cases: cases
      .filter((c) => c.exerciseId === e.id)
      .map((c) => {
        const answer = answers.find((a) => a.exercise_id === e.id && a.case_id === c.caseId);
        return { ...caseView(c), answer: answer ? answerView(answer) : null };
      }),
  }));
}

/** The cases must be practice cases of the course (422 naming each one that is not). */
async function checkCases(db: Database, trainingCourseId: string, caseIds: readonly string[]) {
  const practice = await findPracticeUnitByTrainingCourse(db, trainingCourseId);
  if (!practice) {
    throw new UnprocessableError(
      'no_practice_unit',
      'The course has no practice unit: create it before setting exercises',
    );
  }
  const known = new Set((await listPracticeCasesOfUnit(db, practice.unit_id)).map((c) => c.id));
  const unknown = caseIds.flatMap((id, i) => (known.has(id) ? [] : [{ id, i }]));
  if (unknown.length === 0) return;
  throw new UnprocessableError(
    'unknown_case',
    `Not a practice case of this course: ${unknown.map((u) => u.id).join(', ')}`,
    unknown.map(({ id, i }) => ({
      path: ['caseIds', i],
      message: `${id} is not a practice case of this course`,
    })),
  );
}

export function createExerciseService(db: Database, risk: RiskEngine, clock: () => Date) {
  /** An exercise whose training course the actor may read; anyone else: 404. */
  async function readableExercise(actor: Actor, exerciseId: string) {
    const exercise = await findExerciseById(db, exerciseId);
    if (!exercise) throw new NotFoundError('No such exercise');
    try {
      await visibleTrainingCourse(db, actor, exercise.training_course_id);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('No such exercise');
      throw error;
    }
    return exercise;
  }

  /** An exercise of a course the actor is registered on or runs; anyone else: 404. */
  async function ownExercise(actor: Actor, exerciseId: string) {
    const exercise = await findExerciseById(db, exerciseId);
    const courses = exercise ? await listTrainingCourseIdsOfMember(db, actor.userId) : [];
    if (!exercise || !courses.includes(exercise.training_course_id)) {
      throw new NotFoundError('No such exercise');
    }
    return exercise;
  }

  return {
    async create(actor: Actor, trainingCourseId: string, input: NewExercise) {
      const { course, access } = await editableTrainingCourse(db, actor, trainingCourseId);
      await checkCases(db, course.id, input.caseIds);
      const row = await db.transaction().execute(async (trx) => {
        const now = clock();
        const exercise = {
          id: randomUUID(),
          training_course_id: course.id,
          title: input.title,
          instructions: input.instructions ?? null,
          created_by: actor.userId,
          created_at: now.toISOString(),
        };
        await insertExercise(trx, exercise, input.caseIds);
        await recordAccess(
          trx,
          actor,
          trainingFacts(access, 'training.exercise.create', course.unit_id, [
            'training_exercise',
            exercise.id,
          ]),
          now,
        );
        return { ...exercise, course_title: course.title };
      });
      const [exercise] = await exerciseSummaries(db, [row]);
      return { exercise };
    },

    async listForCourse(actor: Actor, trainingCourseId: string) {
      const { course } = await visibleTrainingCourse(db, actor, trainingCourseId);
      const rows = await listExercisesOfCourses(db, [course.id]);
      return { exercises: await exerciseSummaries(db, rows) };
    },

    /** Every answer per case beside the key and the case's risk, and who has answered how much. */
    async answers(actor: Actor, exerciseId: string) {
      const exercise = await readableExercise(actor, exerciseId);
      const [cases, answers, trainees] = await Promise.all([
        listExerciseCases(db, [exercise.id]),
        listExerciseAnswers(db, [exercise.id]),
        listStaffTraineesOfCourses(db, [exercise.training_course_id]),
      ]);
      // Names in Norwegian order, the same on every engine (databases collate differently).
      trainees.sort(
        (a, b) => a.name.localeCompare(b.name, 'nb') || a.userId.localeCompare(b.userId),
      );
      answers.sort(
        (a, b) =>
          a.user_name.localeCompare(b.user_name, 'nb') || a.user_id.localeCompare(b.user_id),
      );
      const teaching = await teachingOfCases(db, risk, exercise.training_course_id, cases, clock());
      return {
        exercise: exerciseHead(exercise),
        trainees: trainees.map((t) => ({
          userId: t.userId,
          name: t.name,
          answered: answers.filter((a) => a.user_id === t.userId).length,
        })),
        cases: cases.map((c) => ({
          ...caseView(c),
          pattern: c.pattern,
          ...teaching(c),
          answers: answers
            .filter((a) => a.case_id === c.caseId)
            .map((a) => ({ userId: a.user_id, name: a.user_name, ...answerView(a) })),
        })),
      };
    },

    /** Exercises of the courses the actor is registered on or runs (any staff user). */
    async mine(actor: Actor) {
      const courseIds = await listTrainingCourseIdsOfMember(db, actor.userId);
      const rows = await listExercisesOfCourses(db, courseIds);
      return { exercises: await myExercises(db, actor.userId, rows) };
    },

    async myExercise(actor: Actor, exerciseId: string) {
      const exercise = await ownExercise(actor, exerciseId);
      const [view] = await myExercises(db, actor.userId, [exercise]);
      return { exercise: view };
    },

    /** Saves the actor's answer to one case; saving again replaces it. */
    async saveAnswer(actor: Actor, exerciseId: string, caseId: string, input: AnswerInput) {
      const exercise = await ownExercise(actor, exerciseId);
      const cases = await listExerciseCases(db, [exercise.id]);
      if (!cases.some((c) => c.caseId === caseId)) {
        throw new NotFoundError('No such case in this exercise');
      }
      return db.transaction().execute(async (trx) => {
        const now = clock();
        const stamp = now.toISOString();
        await upsertExerciseAnswer(trx, {
          id: randomUUID(),
          exercise_id: exercise.id,
          case_id: caseId,
          user_id: actor.userId,
          observed: input.observed,
          next_step: input.nextStep,
          created_at: stamp,
          updated_at: stamp,
        });
        await recordAccess(
          trx,
          actor,
          {
            action: 'training.exercise.answer',
            unitId: null,
            role: 'trainee',
            objectType: 'training_exercise',
            objectId: exercise.id,
            outcome: 'allowed',
          },
          now,
        );
        return {
          answer: answerView({
            observed: input.observed,
            next_step: input.nextStep,
            updated_at: stamp,
          }),
        };
      });
    },
  };
}

export type ExerciseService = ReturnType<typeof createExerciseService>;
