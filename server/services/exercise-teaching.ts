/**
 * What a trainer reads beside the answers to an exercise: each case's teaching key and its risk
 * as the caseload shows it (risk older than today is recomputed first, as the practice view does).
 */
import type { Database } from '../storage/database';
import type { ExerciseCaseRow } from '../storage/exercise-repository';
import {
  findPracticeUnitByTrainingCourse,
  listPracticeCasesOfUnit,
} from '../storage/practice-repository';
import { PRACTICE_KEYS } from './practice-patterns';
import { practiceCaseRisk } from './practice-service';
import type { RiskEngine } from './risk-engine';

/** The key and risk of each case of a training course's exercise, by case id. */
export async function teachingOfCases(
  db: Database,
  risk: RiskEngine,
  trainingCourseId: string,
  cases: readonly ExerciseCaseRow[],
  now: Date,
) {
  const practice = await findPracticeUnitByTrainingCourse(db, trainingCourseId);
  const wanted = new Set(cases.map((c) => c.caseId));
  const list = async () =>
    practice
      ? (await listPracticeCasesOfUnit(db, practice.unit_id)).filter((c) => wanted.has(c.id))
      : [];
  let rows = await list();
  const outdated = rows.map((c) => ({ courseId: c.course_id, computedAt: c.computed_at }));
  if (await risk.refreshOutdated(db, outdated, now)) rows = await list();
  const byCase = new Map(rows.map((r) => [r.id, practiceCaseRisk(r.level, r.reasons)]));
  return (c: ExerciseCaseRow) => ({
    key: PRACTICE_KEYS[c.pattern],
    risk: byCase.get(c.caseId) ?? practiceCaseRisk(null, null),
  });
}
