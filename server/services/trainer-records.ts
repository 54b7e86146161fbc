/**
 * Trainer rows: made lazily for staff users who run courses (national trainers are the lineage's
 * roots), and by completing a train-the-trainer course, which also records who trained whom.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../storage/database';
import {
  findTrainerByParticipantId,
  findTrainerByUserId,
  insertLineage,
  insertTrainer,
  type TrainerRow,
  updateTrainer,
} from '../storage/trainer-repository';
import type { TrainingCourseRow, TrainingParticipantRow } from '../storage/training-repository';
import {
  findUserById,
  insertMembership,
  listClinicalUnitIdsOfUser,
  listMemberships,
} from '../storage/user-repository';
import { regionOf } from './training-access';

/**
 * The one unit a user belongs to, or null when they have none or several. A practice unit does
 * not count: a trainee's practice membership must not hide their own unit.
 */
export async function singleUnitOf(db: Database, userId: string): Promise<string | null> {
  const units = await listClinicalUnitIdsOfUser(db, userId);
  return units.length === 1 ? (units[0] ?? null) : null;
}

/** The trainer row of a staff user, made on first need. */
export async function ensureTrainerForUser(
  trx: Database,
  userId: string,
  now: Date,
): Promise<{ trainer: TrainerRow; created: boolean }> {
  const existing = await findTrainerByUserId(trx, userId);
  if (existing) return { trainer: existing, created: false };
  const user = await findUserById(trx, userId);
  if (!user) throw new Error(`trainer rows: no user ${userId}`);
  const unitId = await singleUnitOf(trx, userId);
  const trainer: TrainerRow = {
    id: randomUUID(),
    user_id: user.id,
    participant_id: null,
    name: user.display_name,
    email: user.email,
    unit_id: unitId,
    region_id: await regionOf(trx, unitId),
    certified_course_id: null,
    certified_at: null,
    created_at: now.toISOString(),
  };
  await insertTrainer(trx, trainer);
  return { trainer, created: true };
}

export interface Certification {
  trainer: TrainerRow;
  /** The unit where a staff user was given the trainer role, if any. */
  membershipUnitId: string | null;
}

/**
 * Makes a participant who completed a train-the-trainer course a trainer: a trainer row linked
 * to each of the course's trainers, and for a staff user with one unit a trainer membership
 * there, so they can log in as a trainer. A trainer certified before keeps their first lineage.
 */
export async function certifyTrainer(
  trx: Database,
  course: TrainingCourseRow,
  courseTrainerIds: readonly string[],
  participant: TrainingParticipantRow,
  now: Date,
): Promise<Certification> {
  const stamp = now.toISOString();
  let trainer = participant.user_id
    ? ((await findTrainerByUserId(trx, participant.user_id)) ??
      (await findTrainerByParticipantId(trx, participant.id)))
    : await findTrainerByParticipantId(trx, participant.id);
  const user = participant.user_id ? await findUserById(trx, participant.user_id) : undefined;
  const isRoot = user?.global_role === 'national_trainer';
  if (!trainer) {
    trainer = {
      id: randomUUID(),
      user_id: participant.user_id,
      participant_id: participant.id,
      name: participant.name,
      email: participant.email,
      unit_id: participant.unit_id,
      region_id: participant.region_id,
      certified_course_id: isRoot ? null : course.id,
      certified_at: isRoot ? null : stamp,
      created_at: stamp,
    };
    await insertTrainer(trx, trainer);
  } else if (!trainer.certified_course_id && !isRoot) {
    const changes = {
      participant_id: trainer.participant_id ?? participant.id,
      certified_course_id: course.id,
      certified_at: stamp,
      unit_id: trainer.unit_id ?? participant.unit_id,
    };
    await updateTrainer(trx, trainer.id, changes);
    trainer = { ...trainer, ...changes };
  }
  if (trainer.certified_course_id === course.id) {
    const trainedBy: string[] = [];
    for (const userId of courseTrainerIds) {
      const { trainer: parent } = await ensureTrainerForUser(trx, userId, now);
      if (parent.id !== trainer.id) trainedBy.push(parent.id);
    }
    await insertLineage(
      trx,
      trainedBy.map((id) => ({ trainer_id: trainer.id, trained_by: id, course_id: course.id })),
    );
  }
  let membershipUnitId: string | null = null;
  if (participant.user_id) {
    const unitId = await singleUnitOf(trx, participant.user_id);
    const memberships = await listMemberships(trx, participant.user_id);
    if (unitId && !memberships.some((m) => m.unit_id === unitId && m.role === 'trainer')) {
      await insertMembership(trx, {
        user_id: participant.user_id,
        unit_id: unitId,
        role: 'trainer',
        created_at: stamp,
      });
      membershipUnitId = unitId;
    }
  }
  return { trainer, membershipUnitId };
}
