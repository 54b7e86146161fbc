/**
 * The trainer's area: courses, the course room, an exercise's answers beside the key, the
 * implementation follow-up and the trainer network. Staff login required; what a user may see
 * is the server's decision (non-trainers get 403 on the lists, 404 on a course).
 */
import { RequireStaff } from '../shared/session';
import { CourseList } from './CourseList';
import { CoursePage } from './CoursePage';
import { ExerciseAnswersPage } from './ExerciseAnswersPage';
import { FollowUpPage } from './FollowUpPage';
import { NetworkPage } from './NetworkPage';
import './trainer.css';

export default function TrainerArea({ id, page }: { id?: string; page?: string }) {
  return (
    <RequireStaff>
      {page === 'network' ? (
        <NetworkPage />
      ) : page === 'follow-up' ? (
        <FollowUpPage />
      ) : page === 'answers' && id ? (
        <ExerciseAnswersPage id={id} />
      ) : id ? (
        <CoursePage id={id} />
      ) : (
        <CourseList />
      )}
    </RequireStaff>
  );
}
