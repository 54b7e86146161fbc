/**
 * The rules of a training course: what its fields must say together, which status may follow
 * which, what a course's state lets change, and its evaluation code.
 */
import { randomInt } from 'node:crypto';
import { ConflictError, type ErrorIssue, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import { findOrganisationById } from '../storage/organisation-repository';
import type { TrainingCourseKind, TrainingCourseStatus } from '../storage/schema';
import {
  countParticipantsOfCourses,
  findTrainingCourseByCode,
  lastRecordedDay,
  type TrainingCourseRow,
} from '../storage/training-repository';
import { isTrainerUser } from './training-access';

export interface CourseFields {
  kind: TrainingCourseKind;
  title: string;
  startDate: string;
  endDate: string;
  days: number;
  place?: string | null;
  digital: boolean;
  capacity: number;
  feeNok: number;
  regionId?: string | null;
  unitId?: string | null;
  trainerIds?: string[];
}

export type CourseChanges = Partial<CourseFields> & { status?: TrainingCourseStatus };

/** Letters and digits that cannot be mistaken for each other (no I, O, 0, 1). */
export const EVALUATION_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const EVALUATION_CODE_LENGTH = 8;

const NEXT_STATUS: Record<TrainingCourseStatus, readonly TrainingCourseStatus[]> = {
  planned: ['open', 'cancelled'],
  open: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** What a completed course still lets a trainer correct. */
const CORRECTABLE_WHEN_COMPLETED = new Set(['title', 'place']);

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

function calendarDays(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
}

function invalid(code: string, field: string | (string | number)[], message: string): never {
  const path = Array.isArray(field) ? field : [field];
  const issues: ErrorIssue[] = [{ path, message }];
  throw new UnprocessableError(code, message, issues);
}

export async function newEvaluationCode(db: Database): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = Array.from(
      { length: EVALUATION_CODE_LENGTH },
      () => EVALUATION_CODE_ALPHABET[randomInt(EVALUATION_CODE_ALPHABET.length)],
    ).join('');
    if (!(await findTrainingCourseByCode(db, code))) return code;
  }
  throw new Error('could not find a free evaluation code');
}

/** Checks what the fields say together: real dates in order, days that fit, known places. */
export async function checkCourse(
  db: Database,
  c: {
    startDate: string;
    endDate: string;
    days: number;
    regionId: string | null;
    unitId: string | null;
  },
): Promise<void> {
  for (const field of ['startDate', 'endDate'] as const) {
    if (!isRealDate(c[field])) invalid('invalid_date', field, `${field} ${c[field]} is not a date`);
  }
  if (c.endDate < c.startDate) {
    invalid('invalid_dates', 'endDate', `endDate ${c.endDate} is before startDate ${c.startDate}`);
  }
  const span = calendarDays(c.startDate, c.endDate);
  if (c.days > span) {
    invalid(
      'invalid_days',
      'days',
      `${c.days} course days do not fit between ${c.startDate} and ${c.endDate} (${span} calendar days)`,
    );
  }
  if (c.regionId && (await findOrganisationById(db, c.regionId))?.kind !== 'region') {
    invalid('unknown_region', 'regionId', `No region ${c.regionId}`);
  }
  if (c.unitId && (await findOrganisationById(db, c.unitId))?.kind !== 'unit') {
    invalid('unknown_unit', 'unitId', `No unit ${c.unitId}`);
  }
}

export async function checkTrainers(db: Database, trainerIds: readonly string[]): Promise<void> {
  for (const [i, id] of trainerIds.entries()) {
    if (!(await isTrainerUser(db, id))) {
      invalid(
        'invalid_trainer',
        ['trainerIds', i],
        `User ${id} is not a trainer or national trainer and cannot run a course`,
      );
    }
  }
}

function checkStatusChange(from: TrainingCourseStatus, to: TrainingCourseStatus): void {
  if (from === to || NEXT_STATUS[from].includes(to)) return;
  const allowed = NEXT_STATUS[from];
  throw new ConflictError(
    'invalid_status_change',
    `A ${from} course cannot become ${to}${allowed.length ? ` (it can become ${allowed.join(' or ')})` : ''}`,
  );
}

/** Refuses changes the course's state does not allow. */
export async function checkChanges(
  trx: Database,
  course: TrainingCourseRow,
  changes: CourseChanges,
  fields: readonly string[],
): Promise<void> {
  if (course.status === 'cancelled') {
    throw new ConflictError('course_cancelled', 'A cancelled course cannot be changed');
  }
  if (course.status === 'completed' && fields.some((f) => !CORRECTABLE_WHEN_COMPLETED.has(f))) {
    throw new ConflictError(
      'course_completed',
      'A completed course can only have its title and place corrected',
    );
  }
  if (changes.status) checkStatusChange(course.status, changes.status);
  if (changes.capacity !== undefined) {
    const registered =
      (await countParticipantsOfCourses(trx, [course.id])).get(course.id)?.registered ?? 0;
    if (changes.capacity < registered) {
      throw new ConflictError(
        'capacity_below_registered',
        `Capacity ${changes.capacity} is below the ${registered} participants already registered`,
      );
    }
  }
  if (changes.days !== undefined) {
    const lastDay = await lastRecordedDay(trx, course.id);
    if (changes.days < lastDay) {
      throw new ConflictError(
        'attendance_recorded',
        `Attendance is recorded for day ${lastDay}: the course cannot have fewer days than that`,
      );
    }
  }
}

export function applyChanges(
  course: TrainingCourseRow,
  changes: CourseChanges,
  now: Date,
): TrainingCourseRow {
  const or = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  return {
    ...course,
    kind: or(changes.kind, course.kind),
    title: or(changes.title, course.title),
    start_date: or(changes.startDate, course.start_date),
    end_date: or(changes.endDate, course.end_date),
    days: or(changes.days, course.days),
    place: or(changes.place, course.place),
    digital: changes.digital === undefined ? course.digital : changes.digital ? 1 : 0,
    capacity: or(changes.capacity, course.capacity),
    fee_nok: or(changes.feeNok, course.fee_nok),
    status: or(changes.status, course.status),
    region_id: or(changes.regionId, course.region_id),
    unit_id: or(changes.unitId, course.unit_id),
    updated_at: now.toISOString(),
  };
}

/** The shape of an evaluation code. */
export const EVALUATION_CODE_PATTERN = new RegExp(
  `^[${EVALUATION_CODE_ALPHABET}]{${EVALUATION_CODE_LENGTH}}$`,
);
