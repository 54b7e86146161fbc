/**
 * Generated history for load and benchmarks (`npm run kor -- generate`, `npm run bench`): units,
 * therapists, patients, courses, contacts and responses scored by the real score(), drawn from a
 * seeded PRNG — the same seed and day give the same rows, ids included. Pure: it yields batches
 * of rows and writes nothing; bulk-history-service.ts writes them as they come, so memory stays
 * bounded at millions of responses.
 *
 * The first unit (the caseload unit) has CASELOAD_COURSES active courses and 10 therapists; each
 * other unit has `courses` courses (a quarter of them active) and 8 therapists. A course has 6–30
 * weekly appointments (8 % no-shows after the first) with session outcome and session alliance
 * at each one held, AUDIT and DUDIT at intake and HSCL-25 every six weeks: about 38 responses.
 * Everything is marked as generated: units are named «Generert – …», patients GEN-nnnnnn, staff
 * e-mail addresses end in @generert.example, response keys start with "generated-".
 */
import { type BulkRows, emptyBulkRows } from '../storage/bulk-history-repository';
import type { CourseRow } from '../storage/course-repository';
import type { PlanItemRow } from '../storage/plan-repository';
import type { EndType, LevelOfCare, OrganisationKind } from '../storage/schema';
import {
  appointments,
  type Context,
  type Draws,
  draws,
  isoDate,
} from './bulk-history-appointments';
import { SYNTHETIC_PLAN, type SyntheticInstruments } from './synthetic-shape';

export const CASELOAD_COURSES = 500;
export const GENERATED_NAME = 'Generert';
export const GENERATED_EMAIL_DOMAIN = 'generert.example';
/** Courses written per batch (one transaction each): about 4 000 responses. */
const BATCH_COURSES = 100;
const DAY = 86_400_000;

export interface BulkHistoryOptions {
  seed: number;
  /** Units besides the caseload unit. */
  units: number;
  /** Courses in each of those units. */
  courses: number;
  /** Active courses of the caseload unit (default CASELOAD_COURSES; fewer keeps tests small). */
  caseloadCourses?: number;
  /** Stop after the course that reaches this many responses (no limit when absent). */
  maxResponses?: number;
  /** The day the history runs up to (sessions until the day before); its date is what counts. */
  today: Date;
}

interface Unit {
  id: string;
  therapists: string[];
  templateItems: PlanItemRow[];
}

export interface BulkHistory {
  /** The unit with CASELOAD_COURSES active courses. */
  caseloadUnitId: string;
  /** Batches in write order; the first holds the organisations. */
  batches: Generator<BulkRows>;
}

export function bulkHistory(
  instruments: SyntheticInstruments,
  options: BulkHistoryOptions,
): BulkHistory {
  const g = draws(options.seed);
  const day = Date.parse(`${options.today.toISOString().slice(0, 10)}T00:00:00Z`);
  const stamp = new Date(day).toISOString();
  const [regionId, trustId, caseloadUnitId] = [g.uuid(), g.uuid(), g.uuid()];
  const context = { g, instruments, day, stamp };
  function* batches(): Generator<BulkRows> {
    const rows = emptyBulkRows();
    rows.organisations.push(
      organisation(regionId, null, 'region', `${GENERATED_NAME} – region`, stamp),
      organisation(trustId, regionId, 'trust', `${GENERATED_NAME} – helseforetak`, stamp),
    );
    let responses = 0;
    let patientNumber = 0;
    const full = () => options.maxResponses !== undefined && responses >= options.maxResponses;
    for (let u = 0; u <= options.units && !full(); u++) {
      const caseload = u === 0;
      const courses = caseload ? (options.caseloadCourses ?? CASELOAD_COURSES) : options.courses;
      const name = caseload ? `poliklinikk med ${courses} aktive forløp` : `enhet ${u}`;
      const unitId = caseload ? caseloadUnitId : g.uuid();
      rows.organisations.push(
        organisation(unitId, trustId, 'unit', `${GENERATED_NAME} – ${name}`, stamp),
      );
      const unit = staffAndTemplate(context, rows, unitId, u, caseload ? 10 : 8);
      for (let c = 0; c < courses && !full(); c++) {
        const active = caseload || g.random() < 0.25;
        responses += course(context, rows, unit, ++patientNumber, active);
        if (rows.courses.length >= BATCH_COURSES) yield takeAll(rows);
      }
    }
    if (rows.organisations.length + rows.courses.length > 0) yield takeAll(rows);
  }
  return { caseloadUnitId, batches: batches() };
}

function takeAll(rows: BulkRows): BulkRows {
  const taken = { ...rows };
  Object.assign(rows, emptyBulkRows());
  return taken;
}

const organisation = (
  id: string,
  parent: string | null,
  kind: OrganisationKind,
  name: string,
  stamp: string,
) => ({ id, parent_id: parent, kind, name, is_demo: 0, is_practice: 0, created_at: stamp });

/** The unit's therapists (without passwords: nobody logs in as them) and its plan template. */
function staffAndTemplate(
  { g, stamp }: Context,
  rows: BulkRows,
  unitId: string,
  unitNumber: number,
  staff: number,
): Unit {
  const therapists: string[] = [];
  for (let n = 1; n <= staff; n++) {
    const id = g.uuid();
    therapists.push(id);
    rows.users.push({
      id,
      email: `terapeut-${unitNumber}-${n}@${GENERATED_EMAIL_DOMAIN}`,
      display_name: `Terapeut ${unitNumber}-${n} (generert)`,
      password_hash: null,
      global_role: null,
      is_active: 1,
      failed_login_count: 0,
      locked_until: null,
      last_login_at: null,
      is_demo: 0,
      created_at: stamp,
      updated_at: stamp,
      external_id: null,
    });
    rows.memberships.push({ user_id: id, unit_id: unitId, role: 'therapist', created_at: stamp });
  }
  const templateId = g.uuid();
  rows.planTemplates.push({ id: templateId, unit_id: unitId, name: 'Standard', created_at: stamp });
  const templateItems = SYNTHETIC_PLAN.map(
    (item, position): PlanItemRow => ({
      ...item,
      id: g.uuid(),
      owner_kind: 'template',
      owner_id: templateId,
      position,
      created_at: stamp,
    }),
  );
  rows.planItems.push(...templateItems);
  return { id: unitId, therapists, templateItems };
}

/**
 * When a course ran: active (its last appointment 1–7 days ago, or for 1 in 10 two to four weeks
 * ago), or ended up to two years ago, a week after its last appointment.
 */
function courseDates(g: Draws, day: number, active: boolean) {
  const lastAgo = active ? (g.random() < 0.1 ? g.int(14, 28) : g.int(1, 7)) : g.int(30, 700);
  const count = g.int(6, 30);
  const first = day - (lastAgo + 7 * (count - 1)) * DAY;
  const end: EndType | null = active
    ? null
    : g.pick([
        ['completed', 6],
        ['dropped_out', 3],
        ['transferred', 1],
      ] as const);
  return { first, count, end, endDate: end ? isoDate(first + 7 * count * DAY) : null };
}

/** One patient and course with its therapists, episode, plan and appointments; its responses out. */
function course(ctx: Context, rows: BulkRows, unit: Unit, n: number, active: boolean): number {
  const { g, stamp } = ctx;
  const { first, count, end, endDate } = courseDates(g, ctx.day, active);
  const [courseId, patientId] = [g.uuid(), g.uuid()];
  const common = { unit_id: unit.id, created_at: stamp };
  rows.patients.push({
    ...common,
    id: patientId,
    code: `GEN-${String(n).padStart(6, '0')}`,
    birth_year: g.int(1950, 2005),
    sex: g.random() < 0.35 ? 'female' : 'male',
  });
  const row: CourseRow = {
    ...common,
    id: courseId,
    patient_id: patientId,
    start_date: isoDate(first),
    planned_end_date: isoDate(first + 26 * 7 * DAY),
    planned_duration_weeks: 26,
    goals: null,
    end_type: end,
    end_date: endDate,
    end_note: null,
    updated_at: stamp,
  };
  rows.courses.push(row);
  const chosen = new Set<string>();
  const wanted = g.int(1, Math.min(3, unit.therapists.length));
  while (chosen.size < wanted)
    chosen.add(unit.therapists[g.int(0, unit.therapists.length - 1)] ?? '');
  for (const userId of chosen)
    rows.courseTherapists.push({ course_id: courseId, user_id: userId, created_at: stamp });
  const level: LevelOfCare = g.pick([
    ['outpatient', 6],
    ['ambulant', 1.5],
    ['inpatient', 1.5],
    ['digital', 1],
  ] as const);
  rows.episodes.push({
    ...common,
    id: g.uuid(),
    course_id: courseId,
    level_of_care: level,
    start_date: row.start_date,
    end_date: endDate,
  });
  for (const item of unit.templateItems)
    rows.planItems.push({ ...item, id: g.uuid(), owner_kind: 'course', owner_id: courseId });
  const before = rows.responses.length;
  appointments(ctx, rows, { row, therapist: [...chosen][0] ?? null, first, count });
  return rows.responses.length - before;
}
