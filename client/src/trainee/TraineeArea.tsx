/**
 * Exercises for course participants: any logged-in staff user, not only trainers — a therapist
 * registered on a course answers its exercises here. Which exercises are theirs is the server's
 * decision (/api/v1/training/my/exercises).
 */
import { RequireStaff } from '../shared/session';
import { ExerciseList } from './ExerciseList';
import { ExercisePage } from './ExercisePage';
import './trainee.css';

export default function TraineeArea({ id }: { id?: string }) {
  return <RequireStaff>{id ? <ExercisePage id={id} /> : <ExerciseList />}</RequireStaff>;
}
