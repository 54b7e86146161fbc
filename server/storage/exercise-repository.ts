/**
 * Exercises of a training course: the practice cases they pick (in the trainer's order), who
 * takes part, and each trainee's answer per case — one row per exercise, case and user.
 */
import type { Database } from './database';
import type {
  PracticePattern,
  TrainingExerciseAnswersTable,
  TrainingExercisesTable,
} from './schema';

export type ExerciseRow = TrainingExercisesTable;
export type ExerciseAnswerRow = TrainingExerciseAnswersTable;

export interface ExerciseWithCourse extends ExerciseRow {
  course_title: string;
}

export interface ExerciseCaseRow {
  exerciseId: string;
  caseId: string;
  /** The case's place in the exercise, from 1. */
  position: number;
  pattern: PracticePattern;
  courseId: string;
  patientCode: string;
}

/** The exercise and its cases, numbered from 1 in the order given. */
export async function insertExercise(
  db: Database,
  row: ExerciseRow,
  caseIds: readonly string[],
): Promise<void> {
  await db.insertInto('training_exercises').values(row).execute();
  await db
    .insertInto('training_exercise_cases')
    .values(caseIds.map((case_id, i) => ({ exercise_id: row.id, case_id, position: i + 1 })))
    .execute();
}

function exercisesWithCourse(db: Database) {
  return db
    .selectFrom('training_exercises as e')
    .innerJoin('training_courses as c', 'c.id', 'e.training_course_id')
    .selectAll('e')
    .select('c.title as course_title');
}

export async function findExerciseById(
  db: Database,
  id: string,
): Promise<ExerciseWithCourse | undefined> {
  return exercisesWithCourse(db).where('e.id', '=', id).executeTakeFirst();
}

/** The exercises of the given training courses, oldest first. */
export async function listExercisesOfCourses(
  db: Database,
  trainingCourseIds: readonly string[],
): Promise<ExerciseWithCourse[]> {
  if (trainingCourseIds.length === 0) return [];
  return exercisesWithCourse(db)
    .where('e.training_course_id', 'in', trainingCourseIds)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
}

/** The cases of the given exercises, in each exercise's order, with the synthetic patient's code. */
export async function listExerciseCases(
  db: Database,
  exerciseIds: readonly string[],
): Promise<ExerciseCaseRow[]> {
  if (exerciseIds.length === 0) return [];
  const rows = await db
    .selectFrom('training_exercise_cases as ec')
    .innerJoin('practice_cases as pc', 'pc.id', 'ec.case_id')
    .innerJoin('treatment_courses as tc', 'tc.id', 'pc.course_id')
    .innerJoin('patients as p', 'p.id', 'tc.patient_id')
    .select(['ec.exercise_id', 'ec.case_id', 'ec.position', 'pc.pattern', 'pc.course_id', 'p.code'])
    .where('ec.exercise_id', 'in', exerciseIds)
    .orderBy('ec.exercise_id')
    .orderBy('ec.position')
    .execute();
  return rows.map((r) => ({
    exerciseId: r.exercise_id,
    caseId: r.case_id,
    position: r.position,
    pattern: r.pattern,
    courseId: r.course_id,
    patientCode: r.code,
  }));
}

/** Answers to the given exercises (all users', or one user's), with the answerer's name. */
export async function listExerciseAnswers(
  db: Database,
  exerciseIds: readonly string[],
  userId?: string,
): Promise<(ExerciseAnswerRow & { user_name: string })[]> {
  if (exerciseIds.length === 0) return [];
  let query = db
    .selectFrom('training_exercise_answers as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .selectAll('a')
    .select('u.display_name as user_name')
    .where('a.exercise_id', 'in', exerciseIds)
    .orderBy('u.display_name')
    .orderBy('a.user_id');
  if (userId) query = query.where('a.user_id', '=', userId);
  return query.execute();
}

/** Saves a trainee's answer; a second save replaces the first (created_at kept). */
export async function upsertExerciseAnswer(db: Database, row: ExerciseAnswerRow): Promise<void> {
  await db
    .insertInto('training_exercise_answers')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['exercise_id', 'case_id', 'user_id']).doUpdateSet({
        observed: row.observed,
        next_step: row.next_step,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** Registered (not cancelled) participants with a KOR account, per training course. */
export async function listStaffTraineesOfCourses(
  db: Database,
  trainingCourseIds: readonly string[],
): Promise<{ courseId: string; userId: string; name: string }[]> {
  if (trainingCourseIds.length === 0) return [];
  const rows = await db
    .selectFrom('training_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.course_id', 'u.id as user_id', 'u.display_name'])
    .distinct()
    .where('p.course_id', 'in', trainingCourseIds)
    .where('p.status', '=', 'registered')
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ courseId: r.course_id, userId: r.user_id, name: r.display_name }));
}

/** Training courses a user takes part in (registered, not cancelled) or runs as a trainer. */
export async function listTrainingCourseIdsOfMember(
  db: Database,
  userId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('training_participants')
    .select('course_id')
    .where('user_id', '=', userId)
    .where('status', '=', 'registered')
    .union(
      db.selectFrom('training_course_trainers').select('course_id').where('user_id', '=', userId),
    )
    .execute();
  return rows.map((r) => r.course_id);
}
