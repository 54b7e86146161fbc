/** The training API's answers (server/routes/training.routes.ts); some typed from the server. */
import type {
  EvaluationMeans,
  EvaluationSummary,
} from '../../../server/services/course-evaluation-service';
import type { LineageNode } from '../../../server/services/training-network-service';

export type CourseKind = 'inspiration' | 'train_the_trainer' | 'local' | 'network';
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
