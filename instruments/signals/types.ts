/**
 * The shapes of the drop-out-risk signals: a course's time line in, signals and a traffic light
 * out. Pure data; dates are ISO strings (YYYY-MM-DD or full timestamps — only the date part is
 * compared).
 */

export const RULE_SET = 'dropout-risk@1';

export type SignalCode =
  | 'ALLIANCE_LOW'
  | 'ALLIANCE_DROP'
  | 'NO_EARLY_CHANGE'
  | 'DETERIORATION'
  | 'BELOW_EXPECTED'
  | 'MISSED_CONTACT'
  | 'TRANSITION'
  | 'READINESS_FALLING'
  | 'SAFETY';

export type RiskLevel = 'grey' | 'green' | 'yellow' | 'red';

export type TimelineLevelOfCare = 'outpatient' | 'ambulant' | 'inpatient' | 'digital';

export interface TimelineResponse {
  instrumentId: string;
  version: string;
  /** ISO timestamp. */
  answeredAt: string;
  status: 'scored' | 'unscorable';
  scores: Readonly<Record<string, number | null>>;
  interpretation: Readonly<Record<string, unknown>>;
  answers: Readonly<Record<string, number | null>>;
}

export interface TimelineContact {
  kind: 'session' | 'evaluation' | 'no_show' | 'cancelled';
  date: string;
}

export interface TimelineEpisode {
  levelOfCare: TimelineLevelOfCare;
  startDate: string;
  endDate: string | null;
}

export interface SignalTimeline {
  startDate: string;
  responses: readonly TimelineResponse[];
  contacts: readonly TimelineContact[];
  episodes: readonly TimelineEpisode[];
}

/** The thresholds and weights of the rule set: configuration, with DESIGN.md's defaults. */
export interface RiskConfig {
  /** ALLIANCE_LOW: session-alliance total below this. */
  allianceCutoff: number;
  /** ALLIANCE_DROP: fall of at least this many points since the previous alliance response. */
  allianceDrop: number;
  /** NO_EARLY_CHANGE: checked from this outcome measurement on (intake is the 1st). */
  earlyChangeBy: number;
  /** NO_EARLY_CHANGE: the least improvement from intake that counts as early change. */
  earlyChangePoints: number;
  /** DETERIORATION: outcome at least this many points below intake. */
  deteriorationPoints: number;
  /** MISSED_CONTACT: no contact for more than this many planned intervals. */
  missedIntervalFactor: number;
  /** Planned days between contacts per level of care; null: the gap rule does not apply. */
  plannedIntervalDays: Readonly<Record<TimelineLevelOfCare, number | null>>;
  /** MISSED_CONTACT: a no-show raises the signal for this many days (unless attended since). */
  noShowDays: number;
  /** TRANSITION: days after a change of level of care. */
  transitionDays: number;
  /** SAFETY: HSCL-25 item 20 at or above this value. */
  safetyItemMin: number;
  /** A signal counts only while its newest data point is at most this many days old. */
  staleAfterDays: number;
  /** Points each active signal adds to the course's risk score (SAFETY is shown apart). */
  weights: Readonly<Record<Exclude<SignalCode, 'SAFETY'>, number>>;
  /** The score from which the light is yellow, and red. */
  yellowFrom: number;
  redFrom: number;
  /** With fewer outcome or alliance responses than this and no signal, the light is grey. */
  minResponsesForLight: number;
}

export interface DataPoint {
  instrumentId?: string;
  /** The score key (e.g. "total", "readiness") or item id for SAFETY. */
  key?: string;
  value?: number;
  /** The date of the response or contact. */
  date: string;
  /** A contact kind or level of care where the point is not a score. */
  kind?: string;
}

export interface Signal {
  code: SignalCode;
  /** The weight the signal added (0 for SAFETY). */
  weight: number;
  explanation: { nb: string; en: string };
  /** A suggested next step for the therapist. */
  nextStep: { nb: string; en: string };
  data: DataPoint[];
}

export interface ExpectedPoint {
  /** Outcome measurement number, 1 = intake. */
  session: number;
  mean: number;
  /** Lower quartile: below it, BELOW_EXPECTED is raised. */
  lower: number;
}

export interface ExpectedTrajectory {
  /** 'default': the provisional curve; 'unit': re-estimated from the unit's completed courses. */
  source: 'default' | 'unit';
  /** Courses behind a 'unit' estimate (0 for the default). */
  n: number;
  intake: number;
  points: ExpectedPoint[];
}

export interface RiskAssessment {
  ruleSet: typeof RULE_SET;
  asOf: string;
  level: RiskLevel;
  score: number;
  /** A SAFETY signal is active: show at once, whatever the level. */
  safety: boolean;
  signals: Signal[];
  /** The newest response date in the time line (ISO), or null. */
  lastMeasurementAt: string | null;
}

/** One ended course for the calibration report: its end and its light k weeks before it. */
export interface CalibrationCase {
  endType: 'completed' | 'dropped_out';
  /** Weeks before the end (1–8) → the level then. A missing week: the course was not running. */
  levelByWeeksBefore: Readonly<Partial<Record<number, RiskLevel>>>;
}

export interface CalibrationRow {
  weeksBefore: number;
  /** Courses with a non-grey level at that time. */
  n: number;
  droppedOut: number;
  completed: number;
  /** Courses left out because their light was grey then. */
  grey: number;
  /** Positive = red. Null when there is nobody to divide by. */
  sensitivity: number | null;
  specificity: number | null;
  /** Positive = yellow or red. */
  sensitivityYellow: number | null;
  specificityYellow: number | null;
  /** Area under the ROC curve of the ordinal level green < yellow < red (ties count ½). */
  auc: number | null;
}
