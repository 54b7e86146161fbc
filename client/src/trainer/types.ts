/** The training API's answers (server/routes/training.routes.ts); some typed from the server. */
import type {
  EvaluationMeans,
  EvaluationSummary,
} from '../../../server/services/course-evaluation-service';
import type { ExerciseService } from '../../../server/services/exercise-service';
import type { PracticeService } from '../../../server/services/practice-service';
import type { StaffSearchService } from '../../../server/services/staff-search-service';
import type { TrainingFollowUpService } from '../../../server/services/training-follow-up-service';
import type { LineageNode } from '../../../server/services/training-network-service';
import type { CourseKind } from '../shared/training-labels';

export type { CourseKind };
export type CourseStatus = 'planned' | 'open' | 'completed' | 'cancelled';

export interface CourseSummary {
  id: string;
  kind: CourseKind;
  title: string;
  startDate: string;
  endDate: string;
  days: number;
  place: string | null;
  digital: boolean;
  capacity: number;
  feeNok: number;
  status: CourseStatus;
  regionId: string | null;
  unitId: string | null;
  trainers: { id: string; name: string }[];
  registered: number;
  completed: number;
}

export interface Participant {
  id: string;
  userId: string | null;
  name: string;
  email: string | null;
  role: string | null;
  unitId: string | null;
  unitName: string | null;
  regionId: string | null;
  status: 'registered' | 'cancelled';
  completed: boolean;
  completedAt: string | null;
  attendance: Record<string, boolean>;
}

export interface CourseDetail extends CourseSummary {
  evaluationCode: string;
  participants: Participant[];
}

export type Means = EvaluationMeans;
export type Evaluations = EvaluationSummary;
export type { LineageNode };

export interface TrainingReport {
  courses: {
    id: string;
    title: string;
    kind: CourseKind;
    startDate: string;
    n: number;
    means: Means | null;
  }[];
  byRegion: {
    regionId: string;
    regionName: string;
    participants: number;
    completed: number;
    courses: number;
  }[];
}

// The practice area, exercises, staff search and follow-up, typed from the server's services:
// a change of shape there fails the client's type check.

/** GET/POST /courses/:id/practice: the unit, its seed and the six cases with light and key. */
export type PracticeView = Awaited<ReturnType<PracticeService['view']>>;
export type PracticeCase = PracticeView['cases'][number];
export type LightLevel = PracticeCase['risk']['level'];
export type ExerciseSummary = Awaited<
  ReturnType<ExerciseService['listForCourse']>
>['exercises'][number];
export type ExerciseAnswers = Awaited<ReturnType<ExerciseService['answers']>>;
export type StaffHit = Awaited<ReturnType<StaffSearchService['search']>>['users'][number];
export type FollowUp = Awaited<ReturnType<TrainingFollowUpService['followUp']>>;
export type FollowUpUnit = FollowUp['units'][number];
