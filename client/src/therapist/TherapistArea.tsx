/** The therapist's area: caseload, course, evaluation summary. Staff login required. */
import { RequireStaff } from '../shared/session';
import { AboutSignals } from './AboutSignals';
import { Caseload } from './Caseload';
import { CoursePage } from './CoursePage';
import { EvaluationSummary } from './EvaluationSummary';
import { NewCourse } from './NewCourse';
import './therapist.css';

export default function TherapistArea({ id, page }: { id?: string; page?: string }) {
  return (
    <RequireStaff>
      {page === 'signals' ? (
        <AboutSignals />
      ) : page === 'new' ? (
        <NewCourse />
      ) : id && page === 'evaluation' ? (
        <EvaluationSummary id={id} />
      ) : id ? (
        <CoursePage id={id} />
      ) : (
        <Caseload />
      )}
    </RequireStaff>
  );
}
