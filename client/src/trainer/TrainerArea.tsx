/** The trainer's area: courses, the course room, the trainer network. Staff login required. */
import { RequireStaff } from '../shared/session';
import { CourseList } from './CourseList';
import { CoursePage } from './CoursePage';
import { NetworkPage } from './NetworkPage';
import './trainer.css';

export default function TrainerArea({ id, page }: { id?: string; page?: string }) {
  return (
    <RequireStaff>
      {page === 'network' ? <NetworkPage /> : id ? <CoursePage id={id} /> : <CourseList />}
    </RequireStaff>
  );
}
