/**
 * The practice patterns with the real rule set: for every seed, each synthetic case raises the
 * signals it is meant to teach, and the same seed and `now` give the same answers, dates and
 * scores. Pure: the generated rows are read as the risk engine reads stored ones.
 */
import { describe, expect, it } from 'vitest';
import { assessRisk, builtInRegistry, type SignalTimeline } from '../../instruments';
import {
  generatePracticeCases,
  PRACTICE_KEYS,
  PRACTICE_PATTERNS,
} from '../../server/services/practice-patterns';
import { timelineResponse } from '../../server/services/risk-engine';
import type { SyntheticCourse } from '../../server/services/synthetic-courses';
import { syntheticInstruments } from '../../server/services/synthetic-shape';

const instruments = syntheticInstruments(builtInRegistry());

function timelineOf(c: SyntheticCourse): SignalTimeline {
  return {
    startDate: c.course.start_date,
    responses: [...c.responses]
      .sort((a, b) => (a.answered_at < b.answered_at ? -1 : a.answered_at > b.answered_at ? 1 : 0))
      .map(timelineResponse),
    contacts: c.contacts.map((k) => ({ kind: k.kind, date: k.date })),
    episodes: c.episodes.map((e) => ({
      levelOfCare: e.level_of_care,
      startDate: e.start_date,
      endDate: e.end_date,
    })),
  };
}

/** What each case must show: its light, signals it must have, and signals it must not. */
const EXPECTED = {
  on_track: { level: ['green'], has: [], lacks: [] },
  no_early_change: {
    level: ['yellow'],
    has: ['NO_EARLY_CHANGE'],
    lacks: ['MISSED_CONTACT', 'ALLIANCE_LOW', 'ALLIANCE_DROP', 'DETERIORATION'],
  },
  alliance_falling: {
    level: ['red'],
    has: ['ALLIANCE_LOW', 'ALLIANCE_DROP'],
    lacks: ['MISSED_CONTACT', 'DETERIORATION', 'NO_EARLY_CHANGE'],
  },
  deteriorating: {
    level: ['red'],
    has: ['DETERIORATION'],
    lacks: ['MISSED_CONTACT', 'ALLIANCE_LOW', 'ALLIANCE_DROP'],
  },
  missed_sessions: {
    level: ['red'],
    has: ['MISSED_CONTACT'],
    lacks: ['ALLIANCE_LOW', 'ALLIANCE_DROP', 'DETERIORATION'],
  },
  transfer_dropout: {
    level: ['red'],
    has: ['TRANSITION', 'MISSED_CONTACT'],
    lacks: ['ALLIANCE_LOW', 'ALLIANCE_DROP', 'DETERIORATION', 'NO_EARLY_CHANGE'],
  },
} as const;

describe('practice patterns', () => {
  it('raise the signals they teach, with the real rule set, for any seed and time of day', () => {
    const failures: string[] = [];
    for (let n = 0; n < 400; n++) {
      const seed = 1 + ((n * 2_654_435_761) % 2_147_483_646);
      const now = new Date(Date.UTC(2026, 2, 1 + (n % 60), n % 24, (n * 7) % 60));
      for (const { pattern, course } of generatePracticeCases(instruments, seed, now, 'unit')) {
        const risk = assessRisk(timelineOf(course), now.toISOString());
        const codes = risk.signals.map((s) => s.code);
        const want = EXPECTED[pattern];
        const ok =
          (want.level as readonly string[]).includes(risk.level) &&
          want.has.every((c) => codes.includes(c)) &&
          want.lacks.every((c) => !(codes as string[]).includes(c)) &&
          (pattern !== 'on_track' || codes.length === 0) &&
          !codes.includes('SAFETY');
        if (!ok)
          failures.push(`${pattern} seed ${seed} at ${now.toISOString()}: ${risk.level} ${codes}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('are active courses, six of them in order, the transfer case in one unit', () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const cases = generatePracticeCases(instruments, 42, now, 'practice-unit');
    expect(cases.map((c) => [c.position, c.pattern, c.course.patient.code])).toEqual(
      PRACTICE_PATTERNS.map((p, i) => [i + 1, p, `OVING-0${i + 1}`]),
    );
    for (const { course } of cases) {
      expect(course.course.end_date).toBeNull();
      expect(course.course.unit_id).toBe('practice-unit');
      expect(course.responses.every((r) => r.answered_at <= now.toISOString())).toBe(true);
      expect(course.responses.every((r) => r.score_status === 'scored')).toBe(true);
    }
    const transfer = cases[5]?.course;
    expect(
      transfer?.episodes.map((e) => [e.level_of_care, e.unit_id, e.end_date === null]),
    ).toEqual([
      ['inpatient', 'practice-unit', false],
      ['outpatient', 'practice-unit', true],
    ]);
    expect(transfer?.contacts.at(-1)?.kind).toBe('no_show');
  });

  it('give the same answers, dates and scores for the same seed and time', () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const strip = (seed: number, at = now) =>
      generatePracticeCases(instruments, seed, at, 'u').map(({ course }) => ({
        patient: [course.patient.code, course.patient.birth_year, course.patient.sex],
        course: [course.course.start_date, course.course.end_date],
        episodes: course.episodes.map((e) => [e.level_of_care, e.start_date, e.end_date]),
        contacts: course.contacts.map((k) => [k.kind, k.date]),
        responses: course.responses.map((r) => [
          r.instrument_id,
          r.answered_at,
          r.answers,
          r.score,
        ]),
      }));
    expect(strip(7)).toEqual(strip(7));
    expect(strip(7)).not.toEqual(strip(8));
    expect(strip(7)).not.toEqual(strip(7, new Date('2026-03-09T08:00:00Z')));
  });

  it('have a key for every pattern in plain bokmål and English, without stigmatising words', () => {
    for (const pattern of PRACTICE_PATTERNS) {
      const key = PRACTICE_KEYS[pattern];
      for (const text of [key.title, key.shows, key.nextStep]) {
        expect(text.nb.length).toBeGreaterThan(3);
        expect(text.en.length).toBeGreaterThan(3);
        expect(`${text.nb} ${text.en}`).not.toMatch(/misbruk|abuse|addict/i);
      }
    }
  });
});
