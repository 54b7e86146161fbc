/**
 * Synthetic treatment courses, for the demo unit and for the practice units of training courses:
 * a patient, a course, its episodes, weekly contacts and scored responses (session outcome and
 * alliance at every session held, AUDIT and DUDIT at intake, HSCL-25 every six weeks). Everything
 * is drawn from a seeded PRNG, so the same draws and the same `now` give the same answers, dates
 * and scores (only the ids differ). A `CourseShape` (synthetic-shape.ts) says what a course shows;
 * the demo and the practice area each describe their own patterns with it.
 */
import { randomUUID } from 'node:crypto';
import { type InstrumentDefinition, score } from '../../instruments';
import {
  type ContactRow,
  type CourseRow,
  type EpisodeRow,
  insertContact,
  insertCourse,
  insertEpisode,
} from '../storage/course-repository';
import type { Database } from '../storage/database';
import { insertResponse, type ResponseRow } from '../storage/form-repository';
import { insertPatient, type PatientRow } from '../storage/patient-repository';
import { type PlanItemRow, replaceCoursePlan } from '../storage/plan-repository';
import {
  type CourseShape,
  type Held,
  planRows,
  type Random,
  type SyntheticInstruments,
} from './synthetic-shape';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export interface SyntheticCourseInput {
  code: string;
  /** The patient's and the course's unit. */
  unitId: string;
  /** The unit of the outpatient episode after an inpatient stay (default: unitId). */
  outpatientUnitId?: string;
  therapistIds: readonly string[];
  recordedBy: string | null;
  /** The note on an ended course. */
  endNote: string;
  /** Marks the responses' idempotency keys and request hashes ('demo', 'practice'). */
  keyPrefix: string;
  shape: CourseShape;
}

export interface SyntheticCourse {
  patient: PatientRow;
  course: CourseRow;
  therapistIds: readonly string[];
  plan: PlanItemRow[];
  episodes: EpisodeRow[];
  contacts: ContactRow[];
  responses: ResponseRow[];
}

/** Four visual-analogue lines, one decimal each, that add up to about `total`. */
function lines(total: number, random: Random): Record<string, number> {
  const clamp = (v: number) => Math.min(10, Math.max(0, Math.round(v * 10) / 10));
  return Object.fromEntries(
    [1, 2, 3, 4].map((i) => [String(i), clamp(total / 4 + (random() - 0.5) * 1.2)]),
  );
}

const answersOf = (count: number, value: (index: number) => number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i + 1), value(i)]));

/** Makes the rows of one synthetic course; writes nothing. */
export function generateSyntheticCourse(
  instruments: SyntheticInstruments,
  random: Random,
  now: Date,
  input: SyntheticCourseInput,
): SyntheticCourse {
  const { shape } = input;
  const stamp = now.toISOString();
  const patient: PatientRow = {
    id: randomUUID(),
    unit_id: input.unitId,
    code: input.code,
    birth_year: 1960 + Math.floor(random() * 45),
    sex: random() < 0.35 ? 'female' : 'male',
    created_at: stamp,
  };
  const weeks = shape.weeks(random);
  const start = new Date(now.getTime() - (weeks * 7 + shape.extraDays(random)) * DAY);
  const appointments = shape.appointments(weeks, random);
  const endDate = shape.end ? new Date(start.getTime() + (appointments * 7 + 10) * DAY) : null;
  const course: CourseRow = {
    id: randomUUID(),
    patient_id: patient.id,
    unit_id: input.unitId,
    start_date: isoDate(start),
    planned_end_date: null,
    planned_duration_weeks: 24,
    goals: JSON.stringify(['Mindre rusmiddelbruk', 'Bedre søvn']),
    end_type: shape.end,
    end_date: endDate ? isoDate(endDate) : null,
    end_note: shape.end ? input.endNote : null,
    created_at: stamp,
    updated_at: stamp,
  };
  const timeline = { instruments, random, now, input, course, start, endDate, appointments };
  return {
    patient,
    course,
    therapistIds: input.therapistIds,
    plan: planRows('course', course.id, stamp),
    episodes: episodesOf(timeline),
    ...measurementsOf(timeline),
  };
}

interface Timeline {
  instruments: SyntheticInstruments;
  random: Random;
  now: Date;
  input: SyntheticCourseInput;
  course: CourseRow;
  start: Date;
  endDate: Date | null;
  appointments: number;
}

function episodesOf({ input, course, start }: Timeline): EpisodeRow[] {
  const weeks = input.shape.inpatientWeeks;
  const first = {
    course_id: course.id,
    unit_id: input.unitId,
    start_date: course.start_date,
    created_at: course.created_at,
  };
  if (weeks === null) {
    return [{ ...first, id: randomUUID(), level_of_care: 'outpatient', end_date: null }];
  }
  const moved = isoDate(new Date(start.getTime() + weeks * 7 * DAY));
  return [
    { ...first, id: randomUUID(), level_of_care: 'inpatient', end_date: moved },
    {
      ...first,
      id: randomUUID(),
      unit_id: input.outpatientUnitId ?? input.unitId,
      level_of_care: 'outpatient',
      start_date: moved,
      end_date: null,
    },
  ];
}

/** A generated patient response, as `scoredResponseRow` stores it. */
export interface GeneratedResponse {
  id: string;
  courseId: string;
  unitId: string;
  definition: InstrumentDefinition;
  answers: Record<string, number>;
  answeredAt: string;
  createdAt: string;
  /** Marks generated history: the request hash, and the idempotency key `<prefix>-<keyId>`. */
  keyPrefix: string;
  keyId: string;
}

/**
 * The row of a patient's answers in Norwegian, scored by the real score() — generated history
 * written in bulk (synthetic courses here, generated history in bulk-history.ts).
 */
export function scoredResponseRow(r: GeneratedResponse): ResponseRow {
  const result = score(r.definition, r.answers);
  return {
    id: r.id,
    course_id: r.courseId,
    unit_id: r.unitId,
    form_session_id: null,
    instrument_id: r.definition.id,
    instrument_version: r.definition.version,
    answers: JSON.stringify(r.answers),
    language: 'nb',
    respondent: 'patient',
    entered_by: null,
    answered_at: r.answeredAt,
    score_status: result.status,
    score: JSON.stringify(result),
    scorer_version: result.scorerVersion,
    idempotency_key: `${r.keyPrefix}-${r.keyId}`,
    request_hash: r.keyPrefix,
    created_at: r.createdAt,
  };
}

const scoredRow = (
  t: Timeline,
  definition: InstrumentDefinition,
  answers: Record<string, number>,
  date: Date,
): ResponseRow =>
  scoredResponseRow({
    id: randomUUID(),
    courseId: t.course.id,
    unitId: t.course.unit_id,
    definition,
    answers,
    answeredAt: date.toISOString(),
    createdAt: t.course.created_at,
    keyPrefix: t.input.keyPrefix,
    keyId: randomUUID(),
  });

/** Intake screening, and symptom checklists every six weeks, so every chart has data. */
function screenings(t: Timeline): ResponseRow[] {
  const { instruments, random, start, now, endDate } = t;
  const intakeDate = new Date(start.getTime() + 9 * HOUR);
  const pick = (values: readonly number[]) => values[Math.floor(random() * values.length)] ?? 0;
  const rows = [
    scoredRow(
      t,
      instruments.audit,
      answersOf(10, (i) => (i >= 8 ? pick([0, 2, 2, 4]) : pick([1, 2, 2, 3]))),
      intakeDate,
    ),
    scoredRow(
      t,
      instruments.dudit,
      answersOf(11, (i) => (i >= 9 ? pick([0, 0, 2]) : pick([0, 1, 1, 2]))),
      intakeDate,
    ),
  ];
  const change = t.input.shape.hsclChangePerSixWeeks;
  for (let w = 0; start.getTime() + w * 7 * DAY < now.getTime(); w += 6) {
    if (endDate && start.getTime() + w * 7 * DAY > endDate.getTime()) break;
    const level = 2.6 - change * (w / 6);
    const answers = answersOf(25, (i) =>
      // Item 20 (hopelessness) stays at 1: a synthetic course raises no safety signal.
      i === 19 ? 1 : Math.min(4, Math.max(1, Math.round(level + (random() - 0.5) * 2))),
    );
    rows.push(
      scoredRow(t, instruments.hscl, answers, new Date(start.getTime() + w * 7 * DAY + 9 * HOUR)),
    );
  }
  return rows;
}

/** Screenings, then one contact per appointment with outcome and alliance when it was held. */
function measurementsOf(t: Timeline): Pick<SyntheticCourse, 'contacts' | 'responses'> {
  const { instruments, random, start, now, input } = t;
  const { shape } = input;
  const intake = 14 + random() * 8;
  const responses = screenings(t);
  const contacts: ContactRow[] = [];
  const held: Held = {
    sessionsHeld: Math.min(
      t.appointments,
      Math.floor((now.getTime() - start.getTime()) / (7 * DAY)) + 1,
    ),
    lastHeld: Math.min(
      t.appointments - 1,
      Math.floor((now.getTime() - start.getTime() - 10 * HOUR) / (7 * DAY)),
    ),
  };
  const allianceLevel = shape.allianceLevel(random);
  const steady = () => 0.5 + (random() - 0.5) * 0.3;
  for (let s = 0; s < t.appointments; s++) {
    const date = new Date(start.getTime() + s * 7 * DAY + 10 * HOUR);
    if (date > now) break;
    const missed = shape.missed(s, held);
    contacts.push({
      id: randomUUID(),
      course_id: t.course.id,
      kind: missed ? 'no_show' : s > 0 && s % 6 === 0 ? 'evaluation' : 'session',
      date: isoDate(date),
      recorded_by: input.recordedBy,
      created_at: t.course.created_at,
    });
    if (missed) continue;
    const outcome = shape.outcome(s, intake, random);
    const alliance = shape.alliance(s, held, allianceLevel, random);
    const outcomeJitter = shape.outcomeLines === 'steady' ? steady : random;
    responses.push(scoredRow(t, instruments.outcome, lines(outcome, outcomeJitter), date));
    const allianceJitter = shape.allianceLines === 'none' ? () => 0.5 : steady;
    responses.push(scoredRow(t, instruments.alliance, lines(alliance, allianceJitter), date));
  }
  return { contacts, responses };
}

/** Writes a generated course (inside the caller's transaction). */
export async function writeSyntheticCourse(trx: Database, c: SyntheticCourse): Promise<void> {
  await insertPatient(trx, c.patient);
  await insertCourse(trx, c.course, c.therapistIds);
  await replaceCoursePlan(trx, c.course.id, c.plan);
  for (const episode of c.episodes) await insertEpisode(trx, episode);
  for (const contact of c.contacts) await insertContact(trx, contact);
  for (const response of c.responses) await insertResponse(trx, response);
}
