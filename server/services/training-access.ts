/**
 * Who may use the trainer module. A trainer (a `trainer` membership at any unit) sees and changes
 * the courses they run or created; a national trainer (global role) sees and changes every
 * course; a system administrator (global role admin) may read everything and change nothing.
 * Anyone else gets 403 on the module's lists and 404 on a course (its existence is not revealed).
 */
import { ForbiddenError, NotFoundError } from '../http/errors';
import type { Database } from '../storage/database';
import { findOrganisationById } from '../storage/organisation-repository';
import {
  findTrainingCourseById,
  listTrainersOfCourses,
  type TrainingCourseRow,
} from '../storage/training-repository';
import { findUserById, listMemberships } from '../storage/user-repository';
import type { AccessFacts } from './audit-service';
import type { Actor } from './auth-service';

export type TrainingRole = 'national_trainer' | 'trainer' | 'admin';

export interface TrainingAccess {
  role: TrainingRole;
  /** Sees every course (national trainers and administrators). */
  seesAll: boolean;
  /** May create and change courses (trainers and national trainers). */
  canWrite: boolean;
}

/** A staff user acting for themselves (signing up for a course), as the audit log names it. */
export const AS_TRAINEE = { role: 'trainee' } as const;

/** The role a write in the trainer module is made in: a trainer's, or a trainee's own. */
export type ActingAs = Pick<TrainingAccess, 'role'> | typeof AS_TRAINEE;

export function trainingAccess(actor: Actor): TrainingAccess | null {
  if (actor.globalRole === 'national_trainer') {
    return { role: 'national_trainer', seesAll: true, canWrite: true };
  }
  const trainer = actor.memberships.some((m) => m.role === 'trainer');
  if (actor.globalRole === 'admin') return { role: 'admin', seesAll: true, canWrite: trainer };
  if (trainer) return { role: 'trainer', seesAll: false, canWrite: true };
  return null;
}

/** For the module's lists and reports: trainers, national trainers and administrators. */
export function requireTrainingReader(actor: Actor): TrainingAccess {
  const access = trainingAccess(actor);
  if (!access) {
    throw new ForbiddenError(
      'not_a_trainer',
      'The trainer module is for trainers, national trainers and administrators',
    );
  }
  return access;
}

function readOnly(): ForbiddenError {
  return new ForbiddenError(
    'read_only',
    'Only trainers and national trainers can change training courses; administrators can read them',
  );
}

export function requireTrainingWriter(actor: Actor): TrainingAccess {
  const access = requireTrainingReader(actor);
  if (!access.canWrite) throw readOnly();
  return access;
}

export interface VisibleTrainingCourse {
  course: TrainingCourseRow;
  access: TrainingAccess;
  trainers: { userId: string; name: string }[];
}

function runsOrCreated(
  course: TrainingCourseRow,
  trainers: { userId: string }[],
  actor: Actor,
): boolean {
  return course.created_by === actor.userId || trainers.some((t) => t.userId === actor.userId);
}

/** A course the actor may read: one they run or created, or any for national trainers and admins. */
export async function visibleTrainingCourse(
  db: Database,
  actor: Actor,
  courseId: string,
): Promise<VisibleTrainingCourse> {
  const access = trainingAccess(actor);
  const course = access ? await findTrainingCourseById(db, courseId) : undefined;
  if (!access || !course) throw new NotFoundError('No such training course');
  const trainers = await listTrainersOfCourses(db, [course.id]);
  if (!access.seesAll && !runsOrCreated(course, trainers, actor))
    throw new NotFoundError('No such training course');
  return { course, access, trainers };
}

/** A course the actor may change (administrators read only: 403). */
export async function editableTrainingCourse(
  db: Database,
  actor: Actor,
  courseId: string,
): Promise<VisibleTrainingCourse> {
  const visible = await visibleTrainingCourse(db, actor, courseId);
  if (!visible.access.canWrite) throw readOnly();
  // An administrator who is also a trainer changes only the courses they run or created.
  if (visible.access.role === 'admin' && !runsOrCreated(visible.course, visible.trainers, actor)) {
    throw readOnly();
  }
  return visible;
}

/** Whether a user may run courses: a national trainer, or a trainer membership at some unit. */
export async function isTrainerUser(db: Database, userId: string): Promise<boolean> {
  const user = await findUserById(db, userId);
  if (user?.is_active !== 1) return false;
  if (user.global_role === 'national_trainer') return true;
  return (await listMemberships(db, userId)).some((m) => m.role === 'trainer');
}

/** The region an organisation lies in (itself when it is one), or null. */
export async function regionOf(
  db: Database,
  organisationId: string | null,
): Promise<string | null> {
  let id = organisationId;
  for (let depth = 0; id && depth < 5; depth++) {
    const org = await findOrganisationById(db, id);
    if (!org) return null;
    if (org.kind === 'region') return org.id;
    id = org.parent_id;
  }
  return null;
}

/** The audit facts of a write in the trainer module (no patient is ever involved). */
export function trainingFacts(
  access: ActingAs,
  action: string,
  unitId: string | null,
  object: [type: string, id: string],
): AccessFacts {
  return {
    action,
    unitId,
    role: access.role,
    objectType: object[0],
    objectId: object[1],
    outcome: 'allowed',
  };
}
