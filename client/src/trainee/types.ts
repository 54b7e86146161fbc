/** The trainee side of the training API (/api/v1/training/my/…), typed from the server: no key. */
import type { ExerciseService } from '../../../server/services/exercise-service';

export type MyExercise = Awaited<ReturnType<ExerciseService['mine']>>['exercises'][number];
export type TraineeAnswer = NonNullable<MyExercise['cases'][number]['answer']>;
