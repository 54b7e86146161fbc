/**
 * The drop-out-risk rule set `dropout-risk@1`: each rule raised and not raised on constructed,
 * obviously fictional courses; boundaries, configuration, staleness, asOf, levels and texts.
 */
import { describe, expect, it } from 'vitest';
import {
  assessRisk,
  DEFAULT_RISK_CONFIG,
  defaultTrajectory,
  estimateTrajectory,
  formatScore,
  NEXT_STEPS,
  outcomeSeries,
  type RiskConfig,
  riskConfigFrom,
  type SignalCode,
  type SignalTimeline,
  signalHistory,
  signalText,
  type TimelineContact,
  type TimelineEpisode,
  type TimelineResponse,
} from '../../instruments';

// ---- builders -----------------------------------------------------------------------------

const START = '2026-01-05';
/** The date `n` days after the course start. */
const d = (n: number) => new Date(Date.parse(START) + n * 86_400_000).toISOString().slice(0, 10);

function response(
  instrumentId: string,
  day: number,
  scores: Record<string, number | null>,
  answers: Record<string, number | null> = {},
  status: TimelineResponse['status'] = 'scored',
): TimelineResponse {
  return {
    instrumentId,
    version: '1.0.0',
    answeredAt: `${d(day)}T09:30:00.000Z`,
    status,
    scores,
    interpretation: {},
    answers,
  };
}
const outcome = (day: number, total: number) => response('session-outcome', day, { total });
const alliance = (day: number, total: number) => response('session-alliance', day, { total });
const readiness = (day: number, value: number | null) =>
  response('dudit-e', day, { frequency: 4, positive: 20, negative: 30, readiness: value });
const hscl = (day: number, item20: number | null, status: TimelineResponse['status'] = 'scored') =>
  response('hscl-25', day, { total: status === 'scored' ? 1.8 : null }, { '20': item20 }, status);
const contact = (kind: TimelineContact['kind'], day: number): TimelineContact => ({
  kind,
  date: d(day),
});
const episode = (
  levelOfCare: TimelineEpisode['levelOfCare'],
  from: number,
  to: number | null = null,
): TimelineEpisode => ({ levelOfCare, startDate: d(from), endDate: to === null ? null : d(to) });

function course(parts: Partial<SignalTimeline> = {}): SignalTimeline {
  return {
    startDate: START,
    responses: [],
    contacts: [],
    episodes: [episode('outpatient', 0)],
    ...parts,
  };
}

/** Weekly sessions from day 0, with an outcome and (where given) an alliance total at each. */
function weekly(outcomes: readonly number[], alliances: readonly number[] = []): SignalTimeline {
  const weeks = Math.max(outcomes.length, alliances.length);
  const days = Array.from({ length: weeks }, (_, i) => i * 7);
  return course({
    responses: days.flatMap((day, i) => [
      ...(outcomes[i] === undefined ? [] : [outcome(day, outcomes[i])]),
      ...(alliances[i] === undefined ? [] : [alliance(day, alliances[i])]),
    ]),
    contacts: days.map((day) => contact('session', day)),
  });
}
/** The day of the last weekly session of `weekly`. */
const lastWeek = (t: SignalTimeline) => d((t.contacts.length - 1) * 7);

const config = (override: Partial<RiskConfig>): RiskConfig => ({
  ...DEFAULT_RISK_CONFIG,
  ...override,
});
const codes = (t: SignalTimeline, asOf: string, c?: RiskConfig): SignalCode[] =>
  assessRisk(t, asOf, { config: c }).signals.map((s) => s.code);
const signal = (t: SignalTimeline, asOf: string, code: SignalCode) =>
  assessRisk(t, asOf).signals.find((s) => s.code === code);

// ---- the rules ----------------------------------------------------------------------------

describe('ALLIANCE_LOW', () => {
  it('is raised below 36 and not at 36 (35.9 vs 36)', () => {
    const low = weekly([30, 31], [38, 35.9]);
    expect(codes(low, lastWeek(low))).toContain('ALLIANCE_LOW');
    const atCutoff = weekly([30, 31], [36.5, 36]);
    expect(codes(atCutoff, lastWeek(atCutoff))).not.toContain('ALLIANCE_LOW');
  });

  it('S1: 35.5 is below the cut-off; the data point is the newest alliance total', () => {
    const t = weekly([30], [35.5]);
    const s = signal(t, d(0), 'ALLIANCE_LOW');
    expect(s?.weight).toBe(3);
    expect(s?.data).toEqual([
      {
        instrumentId: 'session-alliance',
        key: 'total',
        value: 35.5,
        date: `${d(0)}T09:30:00.000Z`,
      },
    ]);
  });

  it('only the newest alliance response counts', () => {
    const recovered = weekly([30, 30], [33, 37]);
    expect(codes(recovered, lastWeek(recovered))).not.toContain('ALLIANCE_LOW');
  });

  it('allianceCutoff 30 stops it at 33', () => {
    const t = weekly([30, 31], [36, 33]);
    expect(codes(t, lastWeek(t))).toContain('ALLIANCE_LOW');
    expect(codes(t, lastWeek(t), config({ allianceCutoff: 30 }))).not.toContain('ALLIANCE_LOW');
  });

  it('unscorable alliance responses are ignored', () => {
    const t = course({
      responses: [
        alliance(0, 38),
        response('session-alliance', 1, { total: null }, {}, 'unscorable'),
      ],
      contacts: [contact('session', 1)],
    });
    expect(codes(t, d(1))).toEqual([]);
  });
});

describe('ALLIANCE_DROP', () => {
  it('S2: 38.0 then 36.9 is a drop of 1.1, although 36.9 is not below the cut-off', () => {
    const t = weekly([30, 30], [38, 36.9]);
    const s = signal(t, lastWeek(t), 'ALLIANCE_DROP');
    expect(s?.weight).toBe(2);
    expect(s?.data.map((p) => p.value)).toEqual([38, 36.9]);
    expect(codes(t, lastWeek(t))).not.toContain('ALLIANCE_LOW');
  });

  it('a drop of exactly 1 raises it (also in one-decimal arithmetic); 0.9 does not', () => {
    for (const [before, after] of [
      [38, 37],
      [37.9, 36.9],
      [39.3, 38.3],
    ] as const) {
      const t = weekly([30, 30], [before, after]);
      expect(codes(t, lastWeek(t)), `${before} → ${after}`).toContain('ALLIANCE_DROP');
    }
    expect(signal(weekly([30, 30], [38, 37]), d(7), 'ALLIANCE_DROP')?.explanation.en).toBe(
      'The alliance score fell by 1 point since the previous session (from 38 to 37).',
    );
    const small = weekly([30, 30], [38, 37.1]);
    expect(codes(small, lastWeek(small))).not.toContain('ALLIANCE_DROP');
  });

  it('compares the newest with the one before it only', () => {
    const t = weekly([30, 30, 30], [39, 37, 37]);
    expect(codes(t, lastWeek(t))).not.toContain('ALLIANCE_DROP');
    const single = weekly([30], [36]);
    expect(codes(single, d(0))).not.toContain('ALLIANCE_DROP');
  });

  it('allianceDrop 2 needs a fall of 2', () => {
    const t = weekly([30, 30], [38, 36.9]);
    expect(codes(t, lastWeek(t), config({ allianceDrop: 2 }))).not.toContain('ALLIANCE_DROP');
    const big = weekly([30, 30], [39, 37]);
    expect(codes(big, lastWeek(big), config({ allianceDrop: 2 }))).toContain('ALLIANCE_DROP');
  });
});

describe('NO_EARLY_CHANGE', () => {
  it('is checked from the 3rd outcome measurement on', () => {
    const second = weekly([18, 19], [38, 38]);
    expect(codes(second, lastWeek(second))).not.toContain('NO_EARLY_CHANGE');
    const third = weekly([18, 19, 22.9], [38, 38, 38]);
    const s = signal(third, lastWeek(third), 'NO_EARLY_CHANGE');
    expect(s?.weight).toBe(1);
    expect(s?.data.map((p) => p.value)).toEqual([18, 22.9]);
  });

  it('an improvement of exactly 5 points is early change', () => {
    const t = weekly([18, 19, 23], [38, 38, 38]);
    expect(codes(t, lastWeek(t))).not.toContain('NO_EARLY_CHANGE');
    const decimals = weekly([18.3, 19, 23.3], [38, 38, 38]);
    expect(codes(decimals, lastWeek(decimals))).not.toContain('NO_EARLY_CHANGE');
  });

  it('earlyChangeBy 2 checks from the 2nd measurement; earlyChangePoints 3 asks less', () => {
    const t = weekly([18, 20], [38, 38]);
    expect(codes(t, lastWeek(t), config({ earlyChangeBy: 2 }))).toContain('NO_EARLY_CHANGE');
    const three = weekly([18, 19, 21], [38, 38, 38]);
    expect(codes(three, lastWeek(three))).toContain('NO_EARLY_CHANGE');
    expect(codes(three, lastWeek(three), config({ earlyChangePoints: 3 }))).not.toContain(
      'NO_EARLY_CHANGE',
    );
  });
});

describe('DETERIORATION', () => {
  it('is raised at 5 points below intake, not at 4.9', () => {
    const worse = weekly([18, 13], [38, 38]);
    const s = signal(worse, lastWeek(worse), 'DETERIORATION');
    expect(s?.weight).toBe(2);
    expect(s?.data.map((p) => p.value)).toEqual([18, 13]);
    const almost = weekly([18, 13.1], [38, 38]);
    expect(codes(almost, lastWeek(almost))).not.toContain('DETERIORATION');
  });

  it('deteriorationPoints 3 raises it at 3.5 points', () => {
    const t = weekly([18, 14.5], [38, 38]);
    expect(codes(t, lastWeek(t))).not.toContain('DETERIORATION');
    expect(codes(t, lastWeek(t), config({ deteriorationPoints: 3 }))).toContain('DETERIORATION');
  });
});

describe('BELOW_EXPECTED', () => {
  it('default curve, intake 18: below 15.5 at the 2nd measurement and 18.78125 at the 4th', () => {
    const second = weekly([18, 15.4], [38, 38]);
    expect(codes(second, lastWeek(second))).toContain('BELOW_EXPECTED');
    const onLine = weekly([18, 15.5], [38, 38]);
    expect(codes(onLine, lastWeek(onLine))).not.toContain('BELOW_EXPECTED');
    const fourth = weekly([18, 20, 20, 18.7], [38, 38, 38, 38]);
    expect(codes(fourth, lastWeek(fourth))).toContain('BELOW_EXPECTED');
    const fourthOk = weekly([18, 20, 20, 18.8], [38, 38, 38, 38]);
    expect(codes(fourthOk, lastWeek(fourthOk))).not.toContain('BELOW_EXPECTED');
  });

  it('needs a measurement after intake', () => {
    const t = weekly([5], [38]);
    expect(codes(t, d(0))).not.toContain('BELOW_EXPECTED');
  });

  it("uses the unit's own trajectory when given enough similar completed courses", () => {
    const unitSeries = Array.from({ length: 30 }, () => [18, 25, 27]);
    const t = weekly([18, 24], [38, 38]);
    expect(codes(t, lastWeek(t))).not.toContain('BELOW_EXPECTED');
    const unit = assessRisk(t, lastWeek(t), { unitSeries });
    const s = unit.signals.find((x) => x.code === 'BELOW_EXPECTED');
    expect(s?.explanation.en).toContain("the unit's completed courses");
    expect(s?.explanation.nb).toContain('nedre grense 25');
  });
});

describe('MISSED_CONTACT', () => {
  const inpatient = (contacts: TimelineContact[]) =>
    course({ episodes: [episode('inpatient', 0)], contacts });

  it('a no-show raises it for 28 days', () => {
    const t = inpatient([contact('session', 0), contact('no_show', 7)]);
    const s = signal(t, d(8), 'MISSED_CONTACT');
    expect(s?.weight).toBe(3);
    expect(s?.data).toEqual([{ date: d(7), kind: 'no_show' }]);
    expect(codes(t, d(35))).toContain('MISSED_CONTACT');
    expect(codes(t, d(36))).not.toContain('MISSED_CONTACT');
    expect(codes(t, d(36), config({ noShowDays: 30 }))).toContain('MISSED_CONTACT');
  });

  it('not once the patient has attended since, also later the same day', () => {
    expect(codes(inpatient([contact('no_show', 7), contact('session', 8)]), d(9))).toEqual([]);
    expect(codes(inpatient([contact('no_show', 7), contact('evaluation', 7)]), d(9))).toEqual([]);
  });

  it('more than twice the planned interval without contact (outpatient: 14 days)', () => {
    const t = course({ contacts: [contact('session', 0), contact('cancelled', 7)] });
    expect(codes(t, d(14))).not.toContain('MISSED_CONTACT');
    const s = signal(t, d(15), 'MISSED_CONTACT');
    expect(s?.data).toEqual([
      { date: d(0), kind: 'session' },
      { date: d(0), kind: 'outpatient' },
    ]);
    expect(s?.explanation.en).toBe('It is 15 days since the last contact (planned every 7 days).');
  });

  it('counts from the course start when there has been no contact', () => {
    const t = course();
    expect(codes(t, d(14))).toEqual([]);
    expect(signal(t, d(15), 'MISSED_CONTACT')?.data[0]).toEqual({
      date: d(0),
      kind: 'course_start',
    });
  });

  it('the gap rule follows the planned interval of the current level of care', () => {
    const t = course({ contacts: [contact('session', 0)] });
    const fortnightly = config({
      plannedIntervalDays: { ...DEFAULT_RISK_CONFIG.plannedIntervalDays, outpatient: 14 },
    });
    expect(codes(t, d(28), fortnightly)).not.toContain('MISSED_CONTACT');
    expect(codes(t, d(29), fortnightly)).toContain('MISSED_CONTACT');
    expect(codes(t, d(21), config({ missedIntervalFactor: 3 }))).not.toContain('MISSED_CONTACT');
    expect(codes(t, d(22), config({ missedIntervalFactor: 3 }))).toContain('MISSED_CONTACT');
    expect(codes(inpatient([contact('session', 0)]), d(60))).not.toContain('MISSED_CONTACT');
  });

  it('after a stay on a ward, the gap counts from the start of the new level of care', () => {
    const t = course({
      episodes: [episode('inpatient', 0, 30), episode('outpatient', 30, null)],
      contacts: [contact('session', 2)],
    });
    expect(codes(t, d(44))).not.toContain('MISSED_CONTACT');
    const raised = signal(t, d(45), 'MISSED_CONTACT');
    expect(raised?.data[0]).toEqual({ date: d(30), kind: 'level_start' });
    expect(raised?.explanation.nb).toContain('behandlingsnivået ble endret');
    expect(raised?.explanation.en).toContain('15 days since the level of care changed');
  });

  it('no running episode: no gap rule', () => {
    const ended = course({ episodes: [episode('outpatient', 0, 10)], contacts: [] });
    expect(codes(ended, d(9))).toEqual([]);
    expect(codes(ended, d(30))).not.toContain('MISSED_CONTACT');
  });
});

describe('TRANSITION', () => {
  const moved = course({
    episodes: [episode('inpatient', 0, 20), episode('outpatient', 21)],
    contacts: [contact('session', 21), contact('session', 28), contact('session', 35)],
  });

  it('is raised from the day of a change of level of care until 14 days after', () => {
    expect(codes(moved, d(20))).not.toContain('TRANSITION');
    const s = signal(moved, d(21), 'TRANSITION');
    expect(s?.weight).toBe(2);
    expect(s?.data).toEqual([
      { date: d(0), kind: 'inpatient' },
      { date: d(21), kind: 'outpatient' },
    ]);
    expect(codes(moved, d(35))).toContain('TRANSITION');
    expect(codes(moved, d(36))).not.toContain('TRANSITION');
  });

  it('transitionDays 7 shortens it', () => {
    expect(codes(moved, d(28), config({ transitionDays: 7 }))).toContain('TRANSITION');
    expect(codes(moved, d(29), config({ transitionDays: 7 }))).not.toContain('TRANSITION');
  });

  it('a new episode at the same level of care is no transition', () => {
    const same = course({
      episodes: [episode('outpatient', 0, 20), episode('outpatient', 21)],
      contacts: [contact('session', 21)],
    });
    expect(codes(same, d(22))).not.toContain('TRANSITION');
  });
});

describe('READINESS_FALLING', () => {
  const withReadiness = (...values: (number | null)[]) =>
    course({
      responses: values.map((v, i) => readiness(i * 14, v)),
      contacts: values.map((_, i) => contact('session', i * 14)),
    });

  it('is raised when DUDIT-E readiness is lower than the previous time', () => {
    const s = signal(withReadiness(5, 3), d(14), 'READINESS_FALLING');
    expect(s?.weight).toBe(1);
    expect(s?.data.map((p) => [p.key, p.value])).toEqual([
      ['readiness', 5],
      ['readiness', 3],
    ]);
    expect(codes(withReadiness(3, 5), d(14))).not.toContain('READINESS_FALLING');
    expect(codes(withReadiness(4, 4), d(14))).not.toContain('READINESS_FALLING');
    expect(codes(withReadiness(5), d(0))).not.toContain('READINESS_FALLING');
  });

  it('compares readiness scores that exist: a missing newest readiness raises nothing', () => {
    expect(codes(withReadiness(5, null), d(14))).not.toContain('READINESS_FALLING');
  });
});

describe('SAFETY', () => {
  const healthy = weekly([30, 31], [38, 38]);
  const plus = (t: SignalTimeline, ...responses: TimelineResponse[]) => ({
    ...t,
    responses: [...t.responses, ...responses],
  });

  it('HSCL-25 item 20 ≥ 2: safety, weight 0, listed first, the level unchanged', () => {
    const a = assessRisk(plus(healthy, hscl(7, 2)), d(7));
    expect(a.safety).toBe(true);
    expect(a.level).toBe('green');
    expect(a.score).toBe(0);
    expect(a.signals.map((s) => [s.code, s.weight])).toEqual([['SAFETY', 0]]);
    expect(a.signals[0]?.data).toEqual([
      { instrumentId: 'hscl-25', key: '20', value: 2, date: `${d(7)}T09:30:00.000Z` },
    ]);
    const alone = assessRisk(course({ responses: [hscl(0, 3)] }), d(0));
    expect([alone.level, alone.safety]).toEqual(['grey', true]);
  });

  it('not at 1; only the newest HSCL-25 counts, scored or not; safetyItemMin is configurable', () => {
    expect(assessRisk(plus(healthy, hscl(7, 1)), d(7)).safety).toBe(false);
    expect(assessRisk(plus(healthy, hscl(0, 3), hscl(7, 0)), d(7)).safety).toBe(false);
    expect(assessRisk(plus(healthy, hscl(7, 3, 'unscorable')), d(7)).safety).toBe(true);
    const strict = config({ safetyItemMin: 3 });
    expect(assessRisk(plus(healthy, hscl(7, 2)), d(7), { config: strict }).safety).toBe(false);
  });
});

// ---- time ---------------------------------------------------------------------------------

describe('staleness and asOf', () => {
  it('a response-based signal counts for 56 days after its newest data point', () => {
    const t = course({
      responses: [alliance(0, 33)],
      episodes: [episode('inpatient', 0)],
    });
    expect(codes(t, d(56))).toEqual(['ALLIANCE_LOW']);
    expect(codes(t, d(57))).toEqual([]);
    expect(codes(t, d(30), config({ staleAfterDays: 29 }))).toEqual([]);
  });

  it('contact and transition signals do not go stale', () => {
    const t = course({ contacts: [contact('session', 0)] });
    expect(codes(t, d(200))).toEqual(['MISSED_CONTACT']);
  });

  it('data after asOf is ignored; data from later the same day counts', () => {
    const t = weekly([30, 30, 30], [38, 38, 33]);
    const before = assessRisk(t, d(13));
    expect(before.signals).toEqual([]);
    expect(before.lastMeasurementAt).toBe(`${d(7)}T09:30:00.000Z`);
    expect(codes(t, `${d(14)}T00:00:00.000Z`)).toContain('ALLIANCE_LOW');
    const noShowLater = course({
      contacts: [contact('session', 0), contact('no_show', 10)],
      episodes: [episode('inpatient', 0), episode('outpatient', 9)],
    });
    expect(codes(noShowLater, d(8))).toEqual([]);
    expect(codes(noShowLater, d(10))).toEqual(['MISSED_CONTACT', 'TRANSITION']);
  });

  it('lastMeasurementAt is the newest response of any instrument, or null', () => {
    const t = course({ responses: [outcome(0, 20), readiness(3, 4)] });
    expect(assessRisk(t, d(5)).lastMeasurementAt).toBe(`${d(3)}T09:30:00.000Z`);
    expect(assessRisk(course(), d(5)).lastMeasurementAt).toBeNull();
  });
});

describe('score and level', () => {
  it('grey: no signal and fewer than 2 outcome plus alliance responses', () => {
    const none = assessRisk(course(), d(0));
    expect([none.level, none.score, none.ruleSet]).toEqual(['grey', 0, 'dropout-risk@1']);
    const one = course({ responses: [outcome(0, 30)], contacts: [contact('session', 0)] });
    expect(assessRisk(one, d(0)).level).toBe('grey');
    expect(assessRisk(one, d(0), { config: config({ minResponsesForLight: 1 }) }).level).toBe(
      'green',
    );
  });

  it('green with two good responses; a signal lights a course even with little data', () => {
    const t = weekly([30], [38]);
    expect(assessRisk(t, d(0)).level).toBe('green');
    const silent = assessRisk(course(), d(15));
    expect([silent.level, silent.score]).toEqual(['yellow', 3]);
  });

  it('yellow from 1 point, red from 4, with the default weights', () => {
    const drop = weekly([30, 30], [38, 36.9]);
    expect(assessRisk(drop, lastWeek(drop))).toMatchObject({ level: 'yellow', score: 2 });
    const low = weekly([30, 30], [37, 36.5, 35]);
    expect(assessRisk(low, lastWeek(low))).toMatchObject({ level: 'red', score: 5 });
    const justLow = weekly([30, 30], [35, 35]);
    expect(assessRisk(justLow, lastWeek(justLow))).toMatchObject({ level: 'yellow', score: 3 });
    const lowAndStuck = weekly([18, 19, 20], [35.5, 35.5, 35]);
    expect(assessRisk(lowAndStuck, lastWeek(lowAndStuck))).toMatchObject({
      level: 'red',
      score: 4,
    });
  });

  it('weights and limits are configuration', () => {
    const t = weekly([30, 30], [35, 35]);
    const lighter = config({ weights: { ...DEFAULT_RISK_CONFIG.weights, ALLIANCE_LOW: 0.5 } });
    expect(assessRisk(t, lastWeek(t), { config: lighter })).toMatchObject({
      level: 'green',
      score: 0.5,
    });
    expect(assessRisk(t, lastWeek(t), { config: config({ redFrom: 3 }) }).level).toBe('red');
  });

  it('signals are ordered SAFETY first, then by weight, then by code', () => {
    const t = weekly([18, 19, 12], [38, 37, 35]);
    const worst = { ...t, responses: [...t.responses, hscl(14, 2)] };
    const a = assessRisk(worst, d(30));
    expect(a.signals.map((s) => s.code)).toEqual([
      'SAFETY',
      'ALLIANCE_LOW',
      'MISSED_CONTACT',
      'ALLIANCE_DROP',
      'DETERIORATION',
      'BELOW_EXPECTED',
      'NO_EARLY_CHANGE',
    ]);
    expect(a.score).toBe(3 + 3 + 2 + 2 + 1 + 1);
  });
});

describe('outcomeSeries and signalHistory', () => {
  it('outcomeSeries: scored outcome totals in answeredAt order', () => {
    const t = course({
      responses: [
        outcome(7, 22),
        alliance(0, 38),
        outcome(0, 18),
        response('session-outcome', 3, { total: null }, {}, 'unscorable'),
      ],
    });
    expect(outcomeSeries(t)).toEqual([18, 22]);
  });

  it('signalHistory: one assessment per day with an outcome/alliance response or a contact', () => {
    const t = weekly([20, 24, 26], [38, 36.9, 38]);
    const history = signalHistory({ ...t, contacts: [...t.contacts, contact('no_show', 20)] });
    expect(history).toEqual([
      { date: d(0), level: 'green', codes: [] },
      { date: d(7), level: 'yellow', codes: ['ALLIANCE_DROP'] },
      { date: d(14), level: 'green', codes: [] },
      { date: d(20), level: 'yellow', codes: ['MISSED_CONTACT'] },
    ]);
  });
});

// ---- texts and configuration --------------------------------------------------------------

describe('explanations and next steps', () => {
  it('the alliance example, with a decimal comma in bokmål', () => {
    const t = weekly([30], [33.5]);
    expect(signal(t, d(0), 'ALLIANCE_LOW')?.explanation).toEqual({
      nb: 'Samarbeidsskåren var 33,5 sist (grensen er 36).',
      en: 'The alliance score was 33.5 last time (the cut-off is 36).',
    });
  });

  it('numbers have at most one decimal', () => {
    expect(formatScore(33.5, 'nb')).toBe('33,5');
    expect(formatScore(38.0, 'nb')).toBe('38');
    expect(formatScore(18.78125, 'nb')).toBe('18,8');
    expect(formatScore(18.78125, 'en')).toBe('18.8');
    const drop = signal(weekly([30, 30], [38, 36.9]), d(7), 'ALLIANCE_DROP');
    expect(drop?.explanation.nb).toContain('falt med 1,1 poeng');
    expect(drop?.explanation.en).toContain('fell by 1.1 points');
    const worse = signal(weekly([18.5, 12.5], [38, 38]), d(7), 'DETERIORATION');
    expect(worse?.explanation.nb).toBe(
      'Utbytteskåren er 12,5, 6 poeng lavere enn ved start (18,5).',
    );
    expect(worse?.explanation.en).toBe(
      'The outcome score is 12.5, 6 points lower than at intake (18.5).',
    );
  });

  it('every signal has plain texts in both languages, never stigmatising', () => {
    const all = [
      signalText({ code: 'ALLIANCE_LOW', latest: 30, cutoff: 36 }),
      signalText({ code: 'ALLIANCE_DROP', previous: 38, latest: 36 }),
      signalText({ code: 'NO_EARLY_CHANGE', intake: 18, latest: 19, measurement: 3, points: 5 }),
      signalText({ code: 'DETERIORATION', intake: 18, latest: 12 }),
      signalText({
        code: 'BELOW_EXPECTED',
        latest: 15,
        lower: 15.5,
        measurement: 2,
        source: 'default',
      }),
      signalText({ code: 'MISSED_CONTACT', reason: 'no_show', date: d(7), daysAgo: 3 }),
      signalText({
        code: 'MISSED_CONTACT',
        reason: 'gap',
        daysSince: 20,
        plannedDays: 7,
        since: 'start',
      }),
      signalText({
        code: 'TRANSITION',
        from: 'inpatient',
        to: 'outpatient',
        date: d(21),
        daysAgo: 0,
      }),
      signalText({ code: 'READINESS_FALLING', previous: 5, latest: 2 }),
      signalText({ code: 'SAFETY', value: 2, date: d(7) }),
    ];
    for (const text of all) {
      for (const part of [text.explanation, text.nextStep]) {
        expect(part.nb.length).toBeGreaterThan(10);
        expect(part.en.length).toBeGreaterThan(10);
        expect(`${part.nb} ${part.en}`).not.toMatch(/misbruk|abuse|rusmisbruker|addict/i);
      }
    }
    expect(all[5]?.explanation.nb).toBe(
      'Pasienten kom ikke til avtalt time 12.01.2026 (for 3 dager siden).',
    );
    expect(all[7]?.explanation.en).toBe(
      `The patient moved from inpatient care to outpatient care today (${d(21)}).`,
    );
  });

  it('next steps say what to do', () => {
    expect(NEXT_STEPS.ALLIANCE_LOW).toBe(NEXT_STEPS.ALLIANCE_DROP);
    expect(NEXT_STEPS.ALLIANCE_LOW.nb).toContain('samarbeidet');
    expect(NEXT_STEPS.NO_EARLY_CHANGE.en).toContain('Revisit the goals');
    expect(NEXT_STEPS.BELOW_EXPECTED).toBe(NEXT_STEPS.NO_EARLY_CHANGE);
    expect(NEXT_STEPS.DETERIORATION.en).toContain('more support');
    expect(NEXT_STEPS.MISSED_CONTACT.en).toContain('Contact the patient soon');
    expect(NEXT_STEPS.TRANSITION.en).toContain('who they will meet next');
    expect(NEXT_STEPS.READINESS_FALLING.nb).toContain('motivasjon og ambivalens');
    expect(NEXT_STEPS.SAFETY.nb).toContain('i dag');
    expect(signal(weekly([30], [30]), d(0), 'ALLIANCE_LOW')?.nextStep).toEqual(
      NEXT_STEPS.ALLIANCE_LOW,
    );
  });
});

describe('riskConfigFrom', () => {
  it('nothing given: the defaults', () => {
    expect(riskConfigFrom(undefined)).toEqual(DEFAULT_RISK_CONFIG);
    expect(riskConfigFrom({})).toEqual(DEFAULT_RISK_CONFIG);
    expect(riskConfigFrom({ allianceCutoff: undefined }).allianceCutoff).toBe(36);
  });

  it('merges a partial config, weights and intervals one by one', () => {
    const c = riskConfigFrom({
      allianceCutoff: 30,
      weights: { ALLIANCE_LOW: 5 },
      plannedIntervalDays: { inpatient: 3 },
    });
    expect(c.allianceCutoff).toBe(30);
    expect(c.weights).toEqual({ ...DEFAULT_RISK_CONFIG.weights, ALLIANCE_LOW: 5 });
    expect(c.plannedIntervalDays).toEqual({ outpatient: 7, ambulant: 7, digital: 7, inpatient: 3 });
    expect(c.earlyChangeBy).toBe(3);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [{ allianceCutoff: 41 }, 'allianceCutoff: must be a number between 0 and 40'],
    [{ allianceCutoff: '36' }, 'allianceCutoff: must be a number between 0 and 40'],
    [{ earlyChangeBy: 2.5 }, 'earlyChangeBy: must be a whole number ≥ 1'],
    [{ weights: { TRANSITION: -1 } }, 'weights.TRANSITION: must be a number ≥ 0'],
    [{ plannedIntervalDays: { outpatient: 0 } }, 'plannedIntervalDays.outpatient'],
    [{ yellowFrom: 5 }, 'redFrom: must be ≥ yellowFrom (5)'],
    [{ alianceCutoff: 30 }, 'alianceCutoff: unknown field'],
    ['strict', 'must be an object'],
  ])('%j is refused: %s', (input, message) => {
    expect(() => riskConfigFrom(input)).toThrow(message);
  });
});

describe('defaultTrajectory (provisional)', () => {
  it('intake 18, by hand: mean 18 + 10·(1 − 0.75^(k−1)), lower = mean − 5', () => {
    const t = defaultTrajectory(18);
    expect([t.source, t.n, t.intake, t.points.length]).toEqual(['default', 0, 18, 20]);
    expect(t.points[0]).toEqual({ session: 1, mean: 18, lower: 13 });
    expect(t.points[1]).toEqual({ session: 2, mean: 20.5, lower: 15.5 }); // 18 + 10·0.25
    expect(t.points[3]?.session).toBe(4);
    expect(t.points[3]?.mean).toBeCloseTo(23.78125, 10); // 18 + 10·(1 − 0.421875)
    expect(t.points[3]?.lower).toBeCloseTo(18.78125, 10);
  });

  it('flat at or above 28, never below 0, never above 40; sessions is the length', () => {
    expect(defaultTrajectory(30).points.every((p) => p.mean === 30 && p.lower === 25)).toBe(true);
    expect(defaultTrajectory(2).points[0]).toEqual({ session: 1, mean: 2, lower: 0 });
    expect(defaultTrajectory(40).points[5]).toEqual({ session: 6, mean: 40, lower: 35 });
    expect(defaultTrajectory(18, 5).points.map((p) => p.session)).toEqual([1, 2, 3, 4, 5]);
    expect(() => defaultTrajectory(18, 0)).toThrow(RangeError);
  });
});

describe("estimateTrajectory (the unit's own completed courses)", () => {
  const intakes = [16, 17, 18, 19, 20];
  /** 32 courses with intakes 16–20: session 2 holds 1..32, session 3 exists for 10 of them. */
  const similar = Array.from({ length: 32 }, (_, i) => [
    intakes[i % 5] ?? 18,
    i + 1,
    ...(i < 10 ? [20] : []),
    ...(i < 9 ? [25] : []),
  ]);
  /** Outside the ±2 window around 18: would pull every mean up if they counted. */
  const outside = [
    [15.9, 40, 40, 40],
    [20.1, 40, 40, 40],
    [30, 40, 40, 40],
  ];

  it('mean and lower quartile (R type 7) per session with at least 10 values', () => {
    const t = estimateTrajectory(18, [...similar, ...outside]);
    expect([t.source, t.n, t.intake]).toEqual(['unit', 32, 18]);
    expect(t.points.map((p) => p.session)).toEqual([1, 2, 3]);
    // Intakes: 7×16, 7×17, 6×18, 6×19, 6×20 → mean 573/32; sorted x[7] = x[8] = 17.
    expect(t.points[0]).toEqual({ session: 1, mean: 573 / 32, lower: 17 });
    // 1..32: mean 16.5; h = 31·0.25 = 7.75 → 8 + 0.75·(9 − 8) = 8.75.
    expect(t.points[1]).toEqual({ session: 2, mean: 16.5, lower: 8.75 });
    expect(t.points[2]).toEqual({ session: 3, mean: 20, lower: 20 });
  });

  it('minPerSession and sessions are options', () => {
    const t = estimateTrajectory(18, similar, { minPerSession: 9, sessions: 3 });
    expect(t.points.map((p) => p.session)).toEqual([1, 2, 3]);
    expect(estimateTrajectory(18, similar, { minPerSession: 9 }).points[3]).toEqual({
      session: 4,
      mean: 25,
      lower: 25,
    });
  });

  it('falls back to the default curve below 30 similar courses', () => {
    const t = estimateTrajectory(18, [...similar.slice(0, 29), ...outside]);
    expect(t).toEqual(defaultTrajectory(18));
    expect(estimateTrajectory(18, similar.slice(0, 29), { minCourses: 29 }).source).toBe('unit');
    expect(estimateTrajectory(18, [])).toEqual(defaultTrajectory(18));
  });

  it('similar means an intake within ±2 (inclusive), also in one-decimal arithmetic', () => {
    const at = (intake: number) => Array.from({ length: 30 }, () => [intake, 25]);
    expect(estimateTrajectory(18, [...at(16), ...at(20)]).n).toBe(60);
    expect(estimateTrajectory(18, at(15.9)).source).toBe('default');
    expect(estimateTrajectory(18, at(20.1)).source).toBe('default');
    expect(estimateTrajectory(18.2, at(16.2)).n).toBe(30);
    expect(estimateTrajectory(18, at(20), { window: 1 }).source).toBe('default');
  });

  it('assessRisk falls back to the default curve with too few unit courses', () => {
    const t = weekly([18, 15.4], [38, 38]);
    const unitSeries = Array.from({ length: 29 }, () => [18, 10]);
    expect(codes(t, lastWeek(t))).toContain('BELOW_EXPECTED');
    expect(
      assessRisk(t, lastWeek(t), { unitSeries }).signals.find((s) => s.code === 'BELOW_EXPECTED')
        ?.explanation.en,
    ).toContain('provisional default curve');
  });
});
