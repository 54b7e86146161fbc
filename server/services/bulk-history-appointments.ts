/**
 * The seeded draws of generated history (bulk-history.ts), and each course's weekly
 * appointments: a contact each and, when the patient came, session outcome and alliance, AUDIT
 * and DUDIT at intake and HSCL-25 every six weeks, all scored by the real score().
 */
import type { InstrumentDefinition } from '../../instruments';
import type { BulkRows } from '../storage/bulk-history-repository';
import type { CourseRow } from '../storage/course-repository';
import { scoredResponseRow } from './synthetic-courses';
import { prng, type SyntheticInstruments } from './synthetic-shape';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/** The seeded draws: numbers, choices and version-4-shaped UUIDs. */
export function draws(seed: number) {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const word = () => (Math.floor(random() * 0x1_0000_0000) >>> 0).toString(16).padStart(8, '0');
  const uuid = () => {
    const h = word() + word() + word() + word();
    const variant = '89ab'[Number.parseInt(h[16] ?? '0', 16) & 3];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
  };
  const pick = <T>(weighted: readonly (readonly [T, number])[]): T => {
    let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, w] of weighted) {
      r -= w;
      if (r < 0) return item;
    }
    return (weighted.at(-1) as readonly [T, number])[0];
  };
  return { random, int, uuid, pick };
}
export type Draws = ReturnType<typeof draws>;

export interface Context {
  g: Draws;
  instruments: SyntheticInstruments;
  /** Midnight (UTC) of the day the history runs up to. */
  day: number;
  stamp: string;
}

/** Four one-decimal lines (0–10) that add up to about `total`. */
function lines(g: Draws, total: number): Record<string, number> {
  const line = () => clamp(Math.round((total / 4 + (g.random() - 0.5) * 0.4) * 10) / 10, 0, 10);
  return { '1': line(), '2': line(), '3': line(), '4': line() };
}

const answersOf = (count: number, value: (index: number) => number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i + 1), value(i)]));

/** The weekly appointments: a contact each; when held, outcome and alliance, and screenings. */
export function appointments(
  { g, instruments }: Context,
  rows: BulkRows,
  course: { row: CourseRow; therapist: string | null; first: number; count: number },
) {
  const { row, first, count } = course;
  const respond = (
    definition: InstrumentDefinition,
    answers: Record<string, number>,
    at: string,
  ) => {
    const id = g.uuid();
    rows.responses.push(
      scoredResponseRow({
        id,
        courseId: row.id,
        unitId: row.unit_id,
        definition,
        answers,
        answeredAt: at,
        createdAt: at,
        keyPrefix: 'generated',
        keyId: id,
      }),
    );
  };
  const intake = g.int(120, 260) / 10;
  const trend = (g.random() - 0.2) * 1.0;
  // Most alliances are high and steady (a fall of a point means something); some are low.
  const alliance = g.int(345, 395) / 10;
  const hscl = 2.2 + g.random() * 0.8;
  for (let k = 0; k < count; k++) {
    const at = first + k * 7 * DAY + g.int(8, 15) * HOUR;
    const missed = k > 0 && g.random() < 0.08;
    rows.contacts.push({
      id: g.uuid(),
      course_id: row.id,
      kind: missed ? 'no_show' : k > 0 && k % 6 === 0 ? 'evaluation' : 'session',
      date: isoDate(at),
      recorded_by: course.therapist,
      created_at: new Date(at).toISOString(),
    });
    if (missed) continue;
    const stamp = new Date(at).toISOString();
    if (k === 0) {
      const level = (values: readonly number[]) => values[g.int(0, values.length - 1)] ?? 0;
      respond(
        instruments.audit,
        answersOf(10, (i) => level(i >= 8 ? [0, 2, 4] : [1, 2, 3])),
        stamp,
      );
      respond(
        instruments.dudit,
        answersOf(11, (i) => level(i >= 9 ? [0, 2] : [0, 1, 2])),
        stamp,
      );
    }
    if (k % 6 === 0) {
      const mean = hscl - trend * 0.1 * k;
      // Item 20 (hopelessness) stays at 1: generated history raises no safety signal.
      const answers = answersOf(25, (i) =>
        i === 19 ? 1 : clamp(Math.round(mean + (g.random() - 0.5) * 2), 1, 4),
      );
      respond(instruments.hscl, answers, stamp);
    }
    const outcome = clamp(intake + trend * k + (g.random() - 0.5) * 3, 2, 38);
    respond(instruments.outcome, lines(g, outcome), stamp);
    respond(
      instruments.alliance,
      lines(g, clamp(alliance + (g.random() - 0.5) * 1.2, 20, 40)),
      stamp,
    );
  }
}
