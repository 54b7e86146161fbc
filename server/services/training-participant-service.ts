/**
 * A course's participants: registration (staff users or external people), cancellation,
 * attendance per course day and completion — which, on a train-the-trainer course, makes the
 * participant a trainer. Each write locks the course, re-reads it, and writes its audit events
 * in the same transaction. The register and cancel paths are exported: a staff user's own sign-up
 * (training-registration-service.ts) goes through the same rules and the same practice-unit sync.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../http/errors';
import type { Database } from '../storage/database';
import { findTrainerByParticipantId, findTrainerByUserId } from '../storage/trainer-repository';
import {
  countParticipantsOfCourses,
  findRegisteredParticipant,
  findTrainingCourseById,
  findTrainingParticipant,
  insertTrainingParticipant,
  listTrainersOfCourses,
  lockTrainingCourse,
  type TrainingCourseRow,
  type TrainingParticipantRow,
  updateTrainingParticipant,
  upsertAttendance,
} from '../storage/training-repository';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { syncPracticeAccess } from './practice-service';
import { certifyTrainer } from './trainer-records';
import { type ActingAs, editableTrainingCourse, trainingFacts } from './training-access';
import {
  type NewParticipant,
  type Person,
  personOf,
  refuseClosed,
  requireFullAttendance,
  trainerView,
  unprocessable,
} from './training-participant-rules';
import { participantDetail } from './training-views';

/** One write on a course: who, in which role, on which (locked, fresh) course row, and when. */
export interface Write {
  trx: Database;
  actor: Actor;
  access: ActingAs;
  course: TrainingCourseRow;
  now: Date;
}

/** Runs `work` on the locked, freshly read course in one transaction. */
export function inLockedCourse<T>(
  db: Database,
  now: () => Date,
  who: Pick<Write, 'actor' | 'access'>,
  courseId: string,
  work: (w: Write) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await lockTrainingCourse(trx, courseId);
    const course = await findTrainingCourseById(trx, courseId);
    if (!course) throw new NotFoundError('No such training course');
    return work({ trx, ...who, course, now: now() });
  });
}

function audit(w: Write, action: string, object: [string, string], unitId = w.course.unit_id) {
  return recordAccess(w.trx, w.actor, trainingFacts(w.access, action, unitId, object), w.now);
}

function refuseInactive(participant: TrainingParticipantRow, what: string): void {
  if (participant.status === 'cancelled') {
    throw new ConflictError(
      'participant_cancelled',
      `${participant.name}'s registration is cancelled`,
    );
  }
  if (participant.completed === 1) {
    throw new ConflictError(
      'participant_completed',
      `${participant.name} has completed the course; ${what}`,
    );
  }
}

/**
 * The register path: the course takes registrations, the person is not registered already, a
 * place is free; one audit event; then the practice unit's access follows the participants.
 */
export async function registerPerson(w: Write, person: Person) {
  const { trx, course } = w;
  refuseClosed(course, 'registration is closed');
  const twice = await findRegisteredParticipant(trx, course.id, {
    userId: person.user_id,
    email: person.email,
  });
  if (twice) {
    const who =
      person.user_id && twice.user_id === person.user_id
        ? person.name
        : `Someone with e-mail ${person.email}`;
    throw new ConflictError('already_registered', `${who} is already registered`);
  }
  const registered =
    (await countParticipantsOfCourses(trx, [course.id])).get(course.id)?.registered ?? 0;
  if (registered >= course.capacity) {
    throw new ConflictError(
      'course_full',
      `The course is full: all ${course.capacity} places are taken`,
    );
  }
  const row: TrainingParticipantRow = {
    id: randomUUID(),
    course_id: course.id,
    ...person,
    status: 'registered',
    completed: 0,
    completed_at: null,
    created_at: w.now.toISOString(),
  };
  await insertTrainingParticipant(trx, row);
  await audit(w, 'training.participant.register', ['training_participant', row.id]);
  await syncPracticeAccess(trx, course.id, w.now);
  return participantDetail(trx, course, row);
}

/** The cancel path: one audit event, and the practice unit's access follows. */
export async function cancelRegistration(w: Write, participant: TrainingParticipantRow) {
  if (participant.status === 'cancelled') {
    return participantDetail(w.trx, w.course, participant);
  }
  refuseInactive(participant, 'the registration cannot be cancelled');
  await updateTrainingParticipant(w.trx, participant.id, { status: 'cancelled' });
  await audit(w, 'training.participant.cancel', ['training_participant', participant.id]);
  await syncPracticeAccess(w.trx, w.course.id, w.now);
  return participantDetail(w.trx, w.course, { ...participant, status: 'cancelled' });
}

/** Completion; on a train-the-trainer course the participant becomes a trainer. */
async function completeParticipant(w: Write, participant: TrainingParticipantRow) {
  const { trx, course, now } = w;
  await requireFullAttendance(trx, course, participant);
  const done = { ...participant, completed: 1, completed_at: now.toISOString() };
  await updateTrainingParticipant(trx, participant.id, {
    completed: 1,
    completed_at: done.completed_at,
  });
  await audit(w, 'training.participant.complete', ['training_participant', participant.id]);
  if (course.kind !== 'train_the_trainer') {
    return { participant: await participantDetail(trx, course, done) };
  }
  const trainers = await listTrainersOfCourses(trx, [course.id]);
  const userIds = trainers.map((t) => t.userId);
  const certified = await certifyTrainer(trx, course, userIds, done, now);
  await audit(w, 'training.trainer.certify', ['trainer', certified.trainer.id]);
  if (certified.membershipUnitId && participant.user_id) {
    await audit(
      w,
      'training.trainer.membership',
      ['user', participant.user_id],
      certified.membershipUnitId,
    );
  }
  return {
    participant: await participantDetail(trx, course, done),
    trainer: trainerView(certified),
  };
}

/** A repeated completion: the same answer, nothing written again. */
async function completedBefore(
  trx: Database,
  course: TrainingCourseRow,
  p: TrainingParticipantRow,
) {
  const trainer =
    (await findTrainerByParticipantId(trx, p.id)) ??
    (p.user_id ? await findTrainerByUserId(trx, p.user_id) : undefined);
  return {
    participant: await participantDetail(trx, course, p),
    ...(course.kind === 'train_the_trainer' && trainer
      ? { trainer: trainerView({ trainer }) }
      : {}),
  };
}

export function createTrainingParticipantService(db: Database, clock: () => Date) {
  /** Checks that the actor may change the course, then works on it. */
  async function write<T>(actor: Actor, courseId: string, work: (w: Write) => Promise<T>) {
    const { access } = await editableTrainingCourse(db, actor, courseId);
    return inLockedCourse(db, clock, { actor, access }, courseId, work);
  }

  /** A participant of the course, which must not be cancelled. */
  async function participantOf(w: Write, participantId: string) {
    const participant = await findTrainingParticipant(w.trx, w.course.id, participantId);
    if (!participant) throw new NotFoundError('No such participant on this course');
    if (w.course.status === 'cancelled') {
      throw new ConflictError('course_cancelled', 'The course is cancelled');
    }
    return participant;
  }

  return {
    async register(actor: Actor, courseId: string, input: NewParticipant) {
      const { access } = await editableTrainingCourse(db, actor, courseId);
      const person = await personOf(db, input);
      return inLockedCourse(db, clock, { actor, access }, courseId, (w) =>
        registerPerson(w, person),
      );
    },

    async cancel(actor: Actor, courseId: string, participantId: string) {
      return write(actor, courseId, async (w) =>
        cancelRegistration(w, await participantOf(w, participantId)),
      );
    },

    async recordAttendance(
      actor: Actor,
      courseId: string,
      participantId: string,
      input: { day: number; present: boolean },
    ) {
      return write(actor, courseId, async (w) => {
        const participant = await participantOf(w, participantId);
        if (input.day < 1 || input.day > w.course.days) {
          unprocessable(
            'invalid_day',
            'day',
            `Day ${input.day} is not a day of this course (days 1–${w.course.days})`,
          );
        }
        refuseInactive(participant, 'attendance can no longer change');
        await upsertAttendance(w.trx, {
          participant_id: participant.id,
          day: input.day,
          present: input.present ? 1 : 0,
        });
        await audit(w, 'training.attendance.record', ['training_participant', participant.id]);
        return participantDetail(w.trx, w.course, participant);
      });
    },

    async complete(actor: Actor, courseId: string, participantId: string) {
      return write(actor, courseId, async (w) => {
        const participant = await participantOf(w, participantId);
        if (participant.status !== 'cancelled' && participant.completed === 1) {
          return completedBefore(w.trx, w.course, participant);
        }
        refuseInactive(participant, 'it is already completed');
        return completeParticipant(w, participant);
      });
    },
  };
}

export type TrainingParticipantService = ReturnType<typeof createTrainingParticipantService>;
