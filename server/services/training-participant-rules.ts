/**
 * The rules of a course's participants: who a registration names (a staff user's name, e-mail and
 * unit come from KOR), when a course takes registrations, and full attendance for completion.
 */
import { ConflictError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import { findOrganisationById } from '../storage/organisation-repository';
import {
  listAttendance,
  type TrainingCourseRow,
  type TrainingParticipantRow,
} from '../storage/training-repository';
import { findUserById } from '../storage/user-repository';
import { normaliseEmail } from './staff-service';
import { type Certification, singleUnitOf } from './trainer-records';
import { regionOf } from './training-access';

export interface NewParticipant {
  userId?: string;
  name?: string;
  email?: string | null;
  role?: string | null;
  unitId?: string | null;
  unitName?: string | null;
  regionId?: string | null;
}

export type Person = Pick<
  TrainingParticipantRow,
  'user_id' | 'name' | 'email' | 'role' | 'unit_id' | 'unit_name' | 'region_id'
>;

export function unprocessable(code: string, field: string, message: string): never {
  throw new UnprocessableError(code, message, [{ path: [field], message }]);
}

/** Who is registered: a staff user's name, e-mail and (single) unit come from KOR. */
export async function personOf(db: Database, input: NewParticipant): Promise<Person> {
  if (input.userId) {
    const user = await findUserById(db, input.userId);
    if (user?.is_active !== 1) unprocessable('unknown_user', 'userId', `No user ${input.userId}`);
    const unitId = await singleUnitOf(db, user.id);
    const unit = unitId ? await findOrganisationById(db, unitId) : undefined;
    return {
      user_id: user.id,
      name: user.display_name,
      email: user.email,
      role: input.role ?? null,
      unit_id: unit?.id ?? null,
      unit_name: unit?.name ?? null,
      region_id: await regionOf(db, unit?.id ?? null),
    };
  }
  const unit = input.unitId ? await findOrganisationById(db, input.unitId) : undefined;
  if (input.unitId && unit?.kind !== 'unit') {
    unprocessable('unknown_unit', 'unitId', `No unit ${input.unitId}`);
  }
  if (input.regionId && (await findOrganisationById(db, input.regionId))?.kind !== 'region') {
    unprocessable('unknown_region', 'regionId', `No region ${input.regionId}`);
  }
  return {
    user_id: null,
    name: input.name ?? '',
    email: input.email ? normaliseEmail(input.email) : null,
    role: input.role ?? null,
    unit_id: unit?.id ?? null,
    unit_name: unit?.name ?? input.unitName ?? null,
    region_id: input.regionId ?? (await regionOf(db, unit?.id ?? null)),
  };
}

export function refuseClosed(course: TrainingCourseRow, what: string): void {
  if (course.status === 'cancelled' || course.status === 'completed') {
    throw new ConflictError('course_closed', `The course is ${course.status}: ${what}`);
  }
}

export function trainerView(c: Certification | { trainer: Certification['trainer'] }) {
  const t = c.trainer;
  return {
    id: t.id,
    userId: t.user_id,
    name: t.name,
    unitId: t.unit_id,
    regionId: t.region_id,
    certifiedBy: t.certified_course_id,
    certifiedAt: t.certified_at,
    trainerRoleAtUnitId: 'membershipUnitId' in c ? c.membershipUnitId : null,
  };
}

export async function requireFullAttendance(
  db: Database,
  course: TrainingCourseRow,
  participant: TrainingParticipantRow,
): Promise<void> {
  const present = new Set(
    (await listAttendance(db, [participant.id])).filter((a) => a.present === 1).map((a) => a.day),
  );
  const missing = Array.from({ length: course.days }, (_, i) => i + 1).filter(
    (d) => !present.has(d),
  );
  if (missing.length === 0) return;
  const days = missing.length === 1 ? `day ${missing[0]}` : `days ${missing.join(', ')}`;
  throw new ConflictError(
    'attendance_missing',
    `${participant.name} was not present on ${days} of ${course.days}: completion needs presence on every course day`,
    missing.map((d) => ({ path: ['attendance', String(d)], message: 'not present' })),
  );
}
