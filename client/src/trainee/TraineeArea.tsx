/**
 * For any logged-in staff user, not only trainers: the courses open for registration (sign up,
 * withdraw) and the exercises of the courses one takes part in — a therapist registered on a
 * course answers its exercises here. Which courses and exercises are theirs is the server's
 * decision (/api/v1/training/open-courses, /api/v1/training/my/exercises).
 */
import { RequireStaff } from '../shared/session';
import { ExerciseList } from './ExerciseList';
import { ExercisePage } from './ExercisePage';
import { OpenCourses } from './OpenCourses';
import './trainee.css';

export default function TraineeArea({ id, page }: { id?: string; page?: 'registration' }) {
  let content = <ExerciseList />;
  if (page === 'registration') content = <OpenCourses />;
  else if (id) content = <ExercisePage id={id} />;
  return <RequireStaff>{content}</RequireStaff>;
}
