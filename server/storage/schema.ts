/**
 * The database as Kysely sees it. Migrations define the schema; test/storage checks this type
 * against a migrated database so the two cannot drift apart.
 */
import type { Generated } from 'kysely';

export interface KorMetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export type OrganisationKind = 'region' | 'trust' | 'provider' | 'unit';
export type UnitRole = 'admin' | 'unit_lead' | 'therapist' | 'trainer';
export type GlobalRole = 'admin' | 'national_trainer';

export interface OrganisationsTable {
  id: string;
  parent_id: string | null;
  kind: OrganisationKind;
  name: string;
  is_demo: number;
  is_practice: number;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  global_role: GlobalRole | null;
  is_active: number;
  failed_login_count: number;
  locked_until: string | null;
  last_login_at: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  /** The configured OpenID Connect claim's value, when users are not matched by e-mail. */
  external_id: string | null;
}

export interface MembershipsTable {
  user_id: string;
  unit_id: string;
  role: UnitRole;
  created_at: string;
}

export interface StaffSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  /** The provider's ID token of a session that began with OpenID Connect (migration 0016). */
  oidc_id_token: string | null;
}

export type Sex = 'female' | 'male' | 'other';
export type EndType = 'completed' | 'dropped_out' | 'transferred' | 'other';
export type LevelOfCare = 'outpatient' | 'ambulant' | 'inpatient' | 'digital';
export type ContactKind = 'session' | 'evaluation' | 'no_show' | 'cancelled';

export interface PatientsTable {
  id: string;
  unit_id: string;
  code: string;
  birth_year: number | null;
  sex: Sex | null;
  created_at: string;
}

export interface TreatmentCoursesTable {
  id: string;
  patient_id: string;
  unit_id: string;
  start_date: string;
  planned_end_date: string | null;
  planned_duration_weeks: number | null;
  /** JSON array of goal texts. */
  goals: string | null;
  end_type: EndType | null;
  end_date: string | null;
  end_note: string | null;
  created_at: string;
  updated_at: string;
}

export interface CourseTherapistsTable {
  course_id: string;
  user_id: string;
  created_at: string;
}

export interface EpisodesTable {
  id: string;
  course_id: string;
  unit_id: string;
  level_of_care: LevelOfCare;
  start_date: string;
  end_date: string | null;
  created_at: string;
}

export interface ContactsTable {
  id: string;
  course_id: string;
  kind: ContactKind;
  date: string;
  recorded_by: string | null;
  created_at: string;
}

export interface AuditEventsTable {
  seq: number;
  at: string;
  user_id: string | null;
  role: string | null;
  unit_id: string | null;
  action: string;
  patient_id: string | null;
  course_id: string | null;
  object_type: string | null;
  object_id: string | null;
  outcome: 'allowed' | 'denied';
  reason: string | null;
  client: string | null;
  prev_hash: string;
  hash: string;
}

/** The one row that records the audit chain's last event (migration 0015). */
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  prev_hash: string;
  hash: string;
}

/**
 * Audit events of an open PostgreSQL transaction, chained into `audit_events` by a trigger when
 * it commits (migration 0015); always empty outside a transaction, and unused on SQLite.
 */
export interface AuditPendingTable extends Omit<AuditEventsTable, 'seq' | 'prev_hash' | 'hash'> {
  id: Generated<number>;
}

export interface FormSessionsTable {
  id: string;
  course_id: string;
  unit_id: string;
  created_by: string;
  channel: 'kiosk' | 'home';
  /** JSON array of { id, version }. */
  instruments: string;
  code_hash: string | null;
  link_hash: string | null;
  status: 'open' | 'in_progress' | 'completed' | 'revoked';
  expires_at: string;
  patient_token_hash: string | null;
  patient_token_expires_at: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface ResponsesTable {
  id: string;
  course_id: string;
  unit_id: string;
  form_session_id: string | null;
  instrument_id: string;
  instrument_version: string;
  /** JSON object item id → value. */
  answers: string;
  language: 'nb' | 'en';
  respondent: 'patient' | 'therapist' | 'other';
  entered_by: string | null;
  answered_at: string;
  score_status: 'scored' | 'unscorable';
  /** JSON ScoreResult computed on the server. */
  score: string;
  scorer_version: string;
  idempotency_key: string;
  request_hash: string;
  created_at: string;
}

export interface ResearchExportsTable {
  id: string;
  created_by: string;
  created_at: string;
  purpose: string;
  /** JSON array of unit ids. */
  unit_ids: string;
  period_from: string;
  period_to: string;
  /** Hex; the export's random ids are HMACs under it. Never leaves the server. */
  secret: string;
}

export interface InstrumentVersionsTable {
  instrument_id: string;
  version: string;
  state: 'draft' | 'published';
  /** The definition as JSON text, exactly as published. */
  definition: string;
  /** sha256 (hex) of `definition`, set when it is published. */
  sha256: string | null;
  origin: 'kor-json' | 'fhir-questionnaire';
  base_version: string | null;
  imported_by: string;
  imported_at: string;
  published_by: string | null;
  published_at: string | null;
}

export interface InstrumentRetirementsTable {
  instrument_id: string;
  version: string;
  retired_by: string;
  retired_at: string;
  reason: string;
}

export interface CodeAttemptsTable {
  client_key: string;
  at: string;
}

export type PlanSchedule = 'intake' | 'every_session' | 'every_n_weeks' | 'discharge';

export interface PlanTemplatesTable {
  id: string;
  unit_id: string;
  name: string;
  created_at: string;
}

export interface PlanItemsTable {
  id: string;
  owner_kind: 'template' | 'course';
  owner_id: string;
  /** Order within the plan, from 0. */
  position: number;
  instrument_id: string;
  schedule: PlanSchedule;
  interval_weeks: number | null;
  created_at: string;
}

export interface CourseRiskTable {
  course_id: string;
  unit_id: string;
  rule_set: string;
  level: 'grey' | 'green' | 'yellow' | 'red';
  /** grey 0, green 1, yellow 2, red 3: the caseload orders by it. */
  level_rank: number;
  score: number;
  safety: number;
  /** JSON Signal[]. */
  signals: string;
  last_measurement_at: string | null;
  /** JSON object instrument id → newest answer date, for what is due. */
  last_answered: string;
  /** JSON array of the instrument ids due on the day of computed_at. */
  due: string;
  /** JSON array of { code, weight, explanation }: the signals as the caseload shows them. */
  reasons: string;
  computed_at: string;
}

export interface UnitOutcomeBasisTable {
  unit_id: string;
  /** JSON number[][]: session-outcome totals of the unit's completed courses, intake first. */
  series: string;
  n: number;
  computed_at: string;
}

export interface CourseGoalsTable {
  course_id: string;
  /** 1–6: goal n is GAS item g<n>, its weight w<n>. */
  position: number;
  text: string;
  weight: number;
  created_at: string;
}

export type TrainingCourseKind = 'inspiration' | 'train_the_trainer' | 'local' | 'network';
export type TrainingCourseStatus = 'planned' | 'open' | 'completed' | 'cancelled';

export interface TrainingCoursesTable {
  id: string;
  kind: TrainingCourseKind;
  title: string;
  start_date: string;
  end_date: string;
  /** Course days (attendance is kept per day, 1…days). */
  days: number;
  place: string | null;
  digital: number;
  capacity: number;
  /** The participant fee (egenandel) in whole kroner. */
  fee_nok: number;
  status: TrainingCourseStatus;
  /** An organisation of kind region. */
  region_id: string | null;
  /** The host unit. */
  unit_id: string | null;
  /** 8 characters, shown to the trainer; participants use it to evaluate the course. */
  evaluation_code: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface TrainingCourseTrainersTable {
  course_id: string;
  user_id: string;
}

export interface TrainingParticipantsTable {
  id: string;
  course_id: string;
  /** null for a person without a KOR account. */
  user_id: string | null;
  name: string;
  email: string | null;
  /** Free text, e.g. "psykolog". */
  role: string | null;
  unit_id: string | null;
  /** Free text for someone outside KOR's units. */
  unit_name: string | null;
  region_id: string | null;
  status: 'registered' | 'cancelled';
  completed: number;
  completed_at: string | null;
  created_at: string;
}

export interface TrainingAttendanceTable {
  participant_id: string;
  day: number;
  present: number;
}

export interface TrainersTable {
  id: string;
  user_id: string | null;
  participant_id: string | null;
  name: string;
  email: string | null;
  unit_id: string | null;
  region_id: string | null;
  /** The train-the-trainer course that made them a trainer; null for national trainers. */
  certified_course_id: string | null;
  certified_at: string | null;
  created_at: string;
}

export interface TrainerLineageTable {
  trainer_id: string;
  /** A trainer of the course that certified trainer_id. */
  trained_by: string;
  course_id: string;
}

/** Anonymous: no participant, user, address, device or time of day. */
export interface CourseEvaluationsTable {
  id: string;
  course_id: string;
  instrument_version: string;
  /** JSON object of the four ratings. */
  answers: string;
  comment: string | null;
  /** JSON ScoreResult computed on the server. */
  score: string;
  /** YYYY-MM-DD only. */
  submitted_on: string;
}

export type PracticePattern =
  | 'on_track'
  | 'no_early_change'
  | 'alliance_falling'
  | 'deteriorating'
  | 'missed_sessions'
  | 'transfer_dropout';

/** A training course's practice unit (organisations.is_practice = 1) and the seed it was made from. */
export interface PracticeUnitsTable {
  training_course_id: string;
  unit_id: string;
  seed: number;
  created_by: string;
  created_at: string;
}

/** A synthetic course in a practice unit and the pattern it was generated to show. */
export interface PracticeCasesTable {
  id: string;
  unit_id: string;
  course_id: string;
  pattern: PracticePattern;
  position: number;
  created_at: string;
}

export interface TrainingExercisesTable {
  id: string;
  training_course_id: string;
  title: string;
  instructions: string | null;
  created_by: string;
  created_at: string;
}

export interface TrainingExerciseCasesTable {
  exercise_id: string;
  case_id: string;
  position: number;
}

/** One trainee's answer to one case of an exercise: what they see, and what they would do. */
export interface TrainingExerciseAnswersTable {
  id: string;
  exercise_id: string;
  case_id: string;
  user_id: string;
  observed: string;
  next_step: string;
  created_at: string;
  updated_at: string;
}

export interface OidcLoginsTable {
  state_hash: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: string;
  expires_at: string;
}

export interface Schema {
  kor_meta: KorMetaTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  staff_sessions: StaffSessionsTable;
  patients: PatientsTable;
  treatment_courses: TreatmentCoursesTable;
  course_therapists: CourseTherapistsTable;
  episodes: EpisodesTable;
  contacts: ContactsTable;
  audit_events: AuditEventsTable;
  audit_chain_head: AuditChainHeadTable;
  audit_pending: AuditPendingTable;
  form_sessions: FormSessionsTable;
  responses: ResponsesTable;
  code_attempts: CodeAttemptsTable;
  research_exports: ResearchExportsTable;
  instrument_versions: InstrumentVersionsTable;
  instrument_retirements: InstrumentRetirementsTable;
  oidc_logins: OidcLoginsTable;
  plan_templates: PlanTemplatesTable;
  plan_items: PlanItemsTable;
  course_risk: CourseRiskTable;
  unit_outcome_basis: UnitOutcomeBasisTable;
  course_goals: CourseGoalsTable;
  training_courses: TrainingCoursesTable;
  training_course_trainers: TrainingCourseTrainersTable;
  training_participants: TrainingParticipantsTable;
  training_attendance: TrainingAttendanceTable;
  trainers: TrainersTable;
  trainer_lineage: TrainerLineageTable;
  course_evaluations: CourseEvaluationsTable;
  practice_units: PracticeUnitsTable;
  practice_cases: PracticeCasesTable;
  training_exercises: TrainingExercisesTable;
  training_exercise_cases: TrainingExerciseCasesTable;
  training_exercise_answers: TrainingExerciseAnswersTable;
}
