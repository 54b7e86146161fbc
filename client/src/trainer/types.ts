/** The training API's answers (server/routes/training.routes.ts). */
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

export type Means = {
  relevance: number;
  understandable: number;
  structured: number;
  action: number;
  mean: number;
};

export interface Evaluations {
  n: number;
  shown: boolean;
  minimum: number;
  means: Means | null;
  comments: string[] | null;
}

export interface LineageNode {
  trainerId: string;
  name: string;
  unitId: string | null;
  unitName: string | null;
  regionId: string | null;
  certifiedBy: string | null;
  courses: number;
  unitsReached: { unitId: string; unitName: string }[];
  children: LineageNode[];
}

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
