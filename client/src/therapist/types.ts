/** The workspace API's answers, typed from the server's own services (types only). */
import type { ClinicalService } from '../../../server/services/clinical-service';
import type { WorkspaceService } from '../../../server/services/workspace-service';

export type CaseloadCourse = Awaited<ReturnType<WorkspaceService['caseload']>>[number];
export type Trends = Awaited<ReturnType<WorkspaceService['trends']>>;
export type CourseDetail = Awaited<ReturnType<ClinicalService['getCourse']>>;

export interface SeriesPoint {
  id: string;
  answeredAt: string;
  version: string;
  status: 'scored' | 'unscorable';
  respondent: string;
  scores: Record<string, number | null>;
  interpretation: Record<string, unknown>;
  answers: Record<string, unknown>;
}

export interface Due {
  date: string;
  due: { instrument: string; version: string | null; schedule: string }[];
  plan: { instrument: string; schedule: string; intervalWeeks: number | null }[];
}
