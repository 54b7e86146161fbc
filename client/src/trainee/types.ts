/**
 * The trainee side of the training API (/api/v1/training/my/… and /open-courses), typed from the
 * server: no key.
 */
import type { ExerciseService } from '../../../server/services/exercise-service';
import type { TrainingRegistrationService } from '../../../server/services/training-registration-service';

export type MyExercise = Awaited<ReturnType<ExerciseService['mine']>>['exercises'][number];
export type TraineeAnswer = NonNullable<MyExercise['cases'][number]['answer']>;

/** GET /api/v1/training/open-courses: one course open for registration. */
export type OpenCourse = Awaited<
  ReturnType<TrainingRegistrationService['listOpen']>
>['courses'][number];
