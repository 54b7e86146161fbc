/**
 * The trainer network: who trained whom, from the national trainers down, and how far training
 * has reached — evaluations per course over time and participation per region, so a trainer can
 * see whether the whole country is reached.
 */
import { listCourseEvaluationScores } from '../storage/course-evaluation-repository';
import type { Database } from '../storage/database';
import { listOrganisations } from '../storage/organisation-repository';
import {
  countCoursesRunByUser,
  findTrainerByUserId,
  listLineage,
  listNationalTrainerUsers,
  listTrainers,
  listUnitsReachedByUser,
  type TrainerRow,
} from '../storage/trainer-repository';
import {
  coursesByRegion,
  listTrainingCourses,
  participationByRegion,
} from '../storage/training-repository';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { summariseEvaluations } from './course-evaluation-service';
import { ensureTrainerForUser } from './trainer-records';
import { requireTrainingReader, type TrainingAccess, trainingFacts } from './training-access';

export interface LineageNode {
  trainerId: string;
  name: string;
  unitId: string | null;
  unitName: string | null;
  regionId: string | null;
  /** The train-the-trainer course that certified them; null for the roots. */
  certifiedBy: string | null;
  /** Courses (not cancelled) this trainer ran. */
  courses: number;
  unitsReached: { unitId: string; unitName: string }[];
  children: LineageNode[];
}

type TrainerWithUnit = TrainerRow & { participant_unit_name: string | null };

export function createTrainingNetworkService(db: Database, clock: () => Date) {
  /** National trainers are the roots: their trainer rows are made on first need. */
  async function ensureRoots(actor: Actor, access: TrainingAccess): Promise<Set<string>> {
    const nationals = await listNationalTrainerUsers(db);
    const missing: string[] = [];
    for (const user of nationals) {
      if (!(await findTrainerByUserId(db, user.id))) missing.push(user.id);
    }
    if (missing.length > 0) {
      await db.transaction().execute(async (trx) => {
        const now = clock();
        for (const userId of missing) {
          const { trainer, created } = await ensureTrainerForUser(trx, userId, now);
          if (!created) continue;
          await recordAccess(
            trx,
            actor,
            trainingFacts(access, 'training.trainer.create', null, ['trainer', trainer.id]),
            now,
          );
        }
      });
    }
    return new Set(nationals.map((u) => u.id));
  }

  return {
    async lineage(actor: Actor): Promise<{ roots: LineageNode[] }> {
      const access = requireTrainingReader(actor);
      const nationalUserIds = await ensureRoots(actor, access);
      const [trainers, lineage, courseCounts, reached, units] = await Promise.all([
        listTrainers(db),
        listLineage(db),
        countCoursesRunByUser(db),
        listUnitsReachedByUser(db),
        listOrganisations(db, 'unit'),
      ]);
      const unitNames = new Map(units.map((u) => [u.id, u.name]));
      const byId = new Map(trainers.map((t) => [t.id, t]));
      const children = new Map<string, string[]>();
      for (const l of lineage)
        children.set(l.trained_by, [...(children.get(l.trained_by) ?? []), l.trainer_id]);
      const hasParent = new Set(lineage.map((l) => l.trainer_id));
      const isNational = (t: TrainerRow) => t.user_id !== null && nationalUserIds.has(t.user_id);

      const node = (t: TrainerWithUnit, path: ReadonlySet<string>): LineageNode => ({
        trainerId: t.id,
        name: t.name,
        unitId: t.unit_id,
        unitName: (t.unit_id ? unitNames.get(t.unit_id) : undefined) ?? t.participant_unit_name,
        regionId: t.region_id,
        certifiedBy: t.certified_course_id,
        courses: t.user_id ? (courseCounts.get(t.user_id) ?? 0) : 0,
        unitsReached: reached
          .filter((r) => r.userId === t.user_id)
          .map((r) => ({ unitId: r.unitId, unitName: r.unitName })),
        children: (children.get(t.id) ?? [])
          // A lineage is a tree; a cycle in the data must not hang the request.
          .filter((id) => !path.has(id))
          .flatMap((id) => byId.get(id) ?? [])
          .sort((a, b) => a.name.localeCompare(b.name, 'nb'))
          .map((child) => node(child, new Set([...path, child.id]))),
      });
      // National trainers first; then any trainer nobody in KOR trained (appointed outside it).
      const roots = [
        ...trainers.filter(isNational),
        ...trainers.filter((t) => !isNational(t) && !hasParent.has(t.id)),
      ];
      return { roots: roots.map((t) => node(t, new Set([t.id]))) };
    },

    async report(actor: Actor) {
      const access = requireTrainingReader(actor);
      const courses = (
        await listTrainingCourses(db, access.seesAll ? {} : { userId: actor.userId })
      )
        .filter((c) => c.status !== 'cancelled')
        .sort((a, b) => a.start_date.localeCompare(b.start_date) || a.title.localeCompare(b.title));
      const evaluations = await listCourseEvaluationScores(
        db,
        courses.map((c) => c.id),
      );
      const [regions, participation, courseCounts] = await Promise.all([
        listOrganisations(db, 'region'),
        participationByRegion(db),
        coursesByRegion(db),
      ]);
      return {
        courses: courses.map((c) => {
          const summary = summariseEvaluations(evaluations.filter((e) => e.courseId === c.id));
          return {
            id: c.id,
            title: c.title,
            kind: c.kind,
            startDate: c.start_date,
            n: summary.n,
            means: summary.means,
          };
        }),
        // Every region, with 0 where nobody has been reached yet; national figures for everyone.
        byRegion: regions.map((r) => {
          const p = participation.find((x) => x.regionId === r.id);
          return {
            regionId: r.id,
            regionName: r.name,
            participants: p?.participants ?? 0,
            completed: p?.completed ?? 0,
            courses: courseCounts.get(r.id) ?? 0,
          };
        }),
      };
    },
  };
}

export type TrainingNetworkService = ReturnType<typeof createTrainingNetworkService>;
