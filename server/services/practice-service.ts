/**
 * The practice area of a training course: one practice unit (an organisation with is_practice = 1)
 * with six synthetic patients, one per pattern, drawn deterministically from a seed, which the
 * course's trainers and trainees open in the real therapist screens. Practice units stay out of
 * clinical caseloads, reports and calibration; access to one follows the training course
 * (`syncPracticeAccess`, called in the transaction of every change of trainers or participants).
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { InstrumentRegistry, LocalizedText, RiskLevel } from '../../instruments';
import { ConflictError, NotFoundError } from '../http/errors';
import type { Database } from '../storage/database';
import { insertOrganisation } from '../storage/organisation-repository';
import {
  findPracticeUnitByTrainingCourse,
  insertPracticeCase,
  insertPracticeUnit,
  listPracticeCasesOfUnit,
  listPracticeUserIds,
  syncPracticeCourseTherapists,
  syncPracticeMemberships,
} from '../storage/practice-repository';
import { findTrainingCourseById, lockTrainingCourse } from '../storage/training-repository';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { generatePracticeCases, PRACTICE_KEYS } from './practice-patterns';
import type { RiskEngine } from './risk-engine';
import { writeSyntheticCourse } from './synthetic-courses';
import { syntheticInstruments } from './synthetic-shape';
import { editableTrainingCourse, trainingFacts, visibleTrainingCourse } from './training-access';

/** The largest seed (a positive 32-bit integer). */
export const MAX_SEED = 2_147_483_647;

const NAME_PREFIX = 'ØVING – ';

/** A case's risk as the caseload reads it: the stored light and the signals' codes and texts. */
export function practiceCaseRisk(level: RiskLevel | null, reasons: string | null) {
  const signals = reasons
    ? (JSON.parse(reasons) as { code: string; explanation?: LocalizedText }[])
    : [];
  return {
    level: level ?? 'grey',
    signals: signals.map((s) => ({
      code: s.code,
      ...(s.explanation ? { explanation: s.explanation } : {}),
    })),
  };
}

/**
 * Makes the practice unit's therapist memberships, and the therapists of each of its cases,
 * exactly the training course's trainers, its registered staff participants and the user who made
 * the practice unit. Nothing happens when
 * the course has no practice unit. Runs inside the caller's transaction.
 */
export async function syncPracticeAccess(
  trx: Database,
  trainingCourseId: string,
  now: Date,
): Promise<void> {
  const practice = await findPracticeUnitByTrainingCourse(trx, trainingCourseId);
  if (!practice) return;
  // The trainer who made the unit keeps it too (a national trainer may make one for a course
  // they do not run themselves).
  const userIds = [
    ...new Set([...(await listPracticeUserIds(trx, trainingCourseId)), practice.created_by]),
  ];
  await syncPracticeMemberships(trx, practice.unit_id, userIds, now.toISOString());
  await syncPracticeCourseTherapists(trx, practice.unit_id, userIds, now.toISOString());
}

export function createPracticeService(
  db: Database,
  registry: InstrumentRegistry,
  risk: RiskEngine,
  clock: () => Date,
) {
  const instruments = syntheticInstruments(registry);

  /** The practice unit, its six synthetic courses and their risk; returns the unit's id. */
  async function insertPracticeUnitWithCases(
    trx: Database,
    p: { trainingCourseId: string; title: string; seed: number; createdBy: string; now: Date },
  ): Promise<string> {
    const stamp = p.now.toISOString();
    const unitId = randomUUID();
    await insertOrganisation(trx, {
      id: unitId,
      parent_id: null,
      kind: 'unit',
      name: `${NAME_PREFIX}${p.title}`.slice(0, 200),
      is_demo: 0,
      is_practice: 1,
      created_at: stamp,
    });
    await insertPracticeUnit(trx, {
      training_course_id: p.trainingCourseId,
      unit_id: unitId,
      seed: p.seed,
      created_by: p.createdBy,
      created_at: stamp,
    });
    for (const c of generatePracticeCases(instruments, p.seed, p.now, unitId)) {
      await writeSyntheticCourse(trx, c.course);
      await insertPracticeCase(trx, {
        id: randomUUID(),
        unit_id: unitId,
        course_id: c.course.course.id,
        pattern: c.pattern,
        position: c.position,
        created_at: stamp,
      });
      await risk.refresh(trx, c.course.course.id, p.now);
    }
    return unitId;
  }

  /** The practice view; risk older than today is recomputed first, as the caseload does. */
  async function viewOf(trainingCourseId: string, now: Date) {
    const practice = await findPracticeUnitByTrainingCourse(db, trainingCourseId);
    if (!practice) throw new NotFoundError('This training course has no practice unit');
    let cases = await listPracticeCasesOfUnit(db, practice.unit_id);
    const outdated = cases.map((c) => ({ courseId: c.course_id, computedAt: c.computed_at }));
    if (await risk.refreshOutdated(db, outdated, now)) {
      cases = await listPracticeCasesOfUnit(db, practice.unit_id);
    }
    return {
      unitId: practice.unit_id,
      unitName: practice.unit_name,
      seed: practice.seed,
      createdAt: practice.created_at,
      cases: cases.map((c) => ({
        id: c.id,
        position: c.position,
        pattern: c.pattern,
        courseId: c.course_id,
        patientCode: c.patient_code,
        risk: practiceCaseRisk(c.level, c.reasons),
        key: PRACTICE_KEYS[c.pattern],
      })),
    };
  }

  return {
    /** Creates the course's practice unit with its six cases (409 when it has one). */
    async create(actor: Actor, trainingCourseId: string, input: { seed?: number }) {
      const { access } = await editableTrainingCourse(db, actor, trainingCourseId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await lockTrainingCourse(trx, trainingCourseId);
        const course = await findTrainingCourseById(trx, trainingCourseId);
        if (!course) throw new NotFoundError('No such training course');
        if (await findPracticeUnitByTrainingCourse(trx, trainingCourseId)) {
          throw new ConflictError('practice_exists', 'This course already has a practice unit');
        }
        const seed = input.seed ?? randomInt(1, MAX_SEED + 1);
        const unitId = await insertPracticeUnitWithCases(trx, {
          trainingCourseId,
          title: course.title,
          seed,
          createdBy: actor.userId,
          now,
        });
        await syncPracticeAccess(trx, trainingCourseId, now);
        await recordAccess(
          trx,
          actor,
          trainingFacts(access, 'training.practice.create', unitId, ['practice_unit', unitId]),
          now,
        );
      });
      return viewOf(trainingCourseId, now);
    },

    /** The course's practice unit and its cases with their light and teaching key. */
    async view(actor: Actor, trainingCourseId: string) {
      await visibleTrainingCourse(db, actor, trainingCourseId);
      return viewOf(trainingCourseId, clock());
    },
  };
}

export type PracticeService = ReturnType<typeof createPracticeService>;
