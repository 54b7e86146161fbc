/**
 * The vocabulary of synthetic courses (demo and practice): the seeded PRNG they are drawn from,
 * the shape that says what a course shows, its measurement plan and its five instruments.
 */
import { randomUUID } from 'node:crypto';
import type { InstrumentDefinition, InstrumentRegistry } from '../../instruments';
import type { PlanItemRow } from '../storage/plan-repository';
import type { EndType } from '../storage/schema';

export type Random = () => number;

/** A small deterministic PRNG (mulberry32): the same numbers for the same seed, everywhere. */
export function prng(seed: number): Random {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The measurement plan of every synthetic course (and of the demo units' template). */
export const SYNTHETIC_PLAN = [
  { instrument_id: 'audit', schedule: 'intake', interval_weeks: null },
  { instrument_id: 'dudit', schedule: 'intake', interval_weeks: null },
  { instrument_id: 'session-outcome', schedule: 'every_session', interval_weeks: null },
  { instrument_id: 'session-alliance', schedule: 'every_session', interval_weeks: null },
  { instrument_id: 'hscl-25', schedule: 'every_n_weeks', interval_weeks: 6 },
  { instrument_id: 'psq-18', schedule: 'discharge', interval_weeks: null },
] as const;

export function planRows(
  ownerKind: 'template' | 'course',
  ownerId: string,
  stamp: string,
): PlanItemRow[] {
  return SYNTHETIC_PLAN.map((item, position) => ({
    ...item,
    id: randomUUID(),
    owner_kind: ownerKind,
    owner_id: ownerId,
    position,
    created_at: stamp,
  }));
}

/** Where a course stands: appointments held up to now, and the index of the last one. */
export interface Held {
  /** min(appointments, whole weeks since the start + 1). */
  sessionsHeld: number;
  /** The last appointment (from 0) dated on or before now. */
  lastHeld: number;
}

/** What a synthetic course shows. The functions draw from `random` in the order listed. */
export interface CourseShape {
  /** The course started this many weeks and `extraDays` days before now. */
  weeks(random: Random): number;
  extraDays(random: Random): number;
  /** Weekly appointments from the start (those after now are not held). */
  appointments(weeks: number, random: Random): number;
  /** How the course ended (ten days after its last appointment); null while it runs. */
  end: EndType | null;
  /** Weeks in inpatient care before the move to outpatient care; null: outpatient throughout. */
  inpatientWeeks: number | null;
  /** HSCL-25 item level change per six weeks (positive: better). */
  hsclChangePerSixWeeks: number;
  allianceLevel(random: Random): number;
  /** Appointment `s` (from 0) was a no-show. */
  missed(s: number, held: Held): boolean;
  /** The session-outcome total at appointment `s`. */
  outcome(s: number, intake: number, random: Random): number;
  /** The session-alliance total at appointment `s`. */
  alliance(s: number, held: Held, level: number, random: Random): number;
  /** Jitter on the four outcome lines: 'noisy' (±0.6 each) or 'steady' (±0.18 each). */
  outcomeLines: 'noisy' | 'steady';
  /** Jitter on the four alliance lines: 'steady' (a little) or 'none' (every step is real). */
  allianceLines: 'steady' | 'none';
}

/** The five instruments a synthetic course is answered with. */
export interface SyntheticInstruments {
  outcome: InstrumentDefinition;
  alliance: InstrumentDefinition;
  audit: InstrumentDefinition;
  dudit: InstrumentDefinition;
  hscl: InstrumentDefinition;
}

export function syntheticInstruments(registry: InstrumentRegistry): SyntheticInstruments {
  const [outcome, alliance, audit, dudit, hscl] = [
    'session-outcome',
    'session-alliance',
    'audit',
    'dudit',
    'hscl-25',
  ].map((id) => registry.get(id));
  if (!outcome || !alliance || !audit || !dudit || !hscl) {
    throw new Error('synthetic courses: an instrument is missing from the registry');
  }
  return { outcome, alliance, audit, dudit, hscl };
}
