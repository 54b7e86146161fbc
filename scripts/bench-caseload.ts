/**
 * `npm run bench`: the caseload and trends budgets of DESIGN.md ("Performance budgets"), measured
 * in-process on a generated database and reported as figures and as ratios to baselines taken in
 * the same run (GET /health, and a raw driver select of the same 500 course rows). Figures are
 * reported, never asserted: the exit code is 0 whatever they are.
 *
 *   npm run bench -- [--responses 200000] [--requests 200] [--seed 1]
 *
 * The database is generated deterministically from the seed: one unit with 500 active courses
 * (1–3 of its 10 therapists each, 6–30 weekly sessions with session-outcome and session-alliance
 * scored by the real score(), contacts, one episode, a plan copied from the unit's template), and
 * other units with active and ended courses until about `--responses` responses in all. SQLite
 * is a file in a temp dir; PostgreSQL runs too when KOR_BENCH_DATABASE_URL is set (a fresh
 * database, dropped afterwards). Results go to bench-results/caseload.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { builtInRegistry, DEFAULT_RISK_CONFIG, type InstrumentDefinition } from '../instruments';
import { createApp } from '../server/app';
import { createLogger } from '../server/logger';
import { createRiskEngine } from '../server/services/risk-engine';
import { createUser } from '../server/services/staff-service';
import { scoredResponseRow } from '../server/services/synthetic-courses';
import {
  type Database,
  migrateToLatest,
  openDatabase,
  openSqlite,
} from '../server/storage/database';
import { insertOrganisation } from '../server/storage/organisation-repository';
import { insertPlanTemplate, type PlanItemRow } from '../server/storage/plan-repository';
import type {
  ContactsTable,
  CourseTherapistsTable,
  EndType,
  EpisodesTable,
  LevelOfCare,
  OrganisationKind,
  PatientsTable,
  ResponsesTable,
  TreatmentCoursesTable,
} from '../server/storage/schema';
import { insertMembership, insertUser } from '../server/storage/user-repository';
import { wholeNumberOption } from './script-args';

const BUDGETS = { caseload: 50, trends: 20 } as const;
const MAIN_COURSES = 500;
const OTHER_UNIT_COURSES = 400;
const TODAY = new Date('2026-03-02T12:00:00Z');
const DAY = 86_400_000;
const LEAD = { email: 'bench-lead@example.org', password: 'bench passphrase 2026' };

// ---------------------------------------------------------------------------------------------
// Arguments and a seeded generator

interface Args {
  responses: number;
  requests: number;
  seed: number;
}

function argsFrom(argv: readonly string[]): Args {
  const value = (name: string, fallback: number) => wholeNumberOption(argv, name, fallback);
  return {
    responses: value('responses', 200_000),
    requests: value('requests', 200),
    seed: value('seed', 1),
  };
}

/** mulberry32 with helpers; ids are version-4-shaped UUIDs drawn from it (same seed, same ids). */
function generator(seed: number) {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const uuid = () => {
    const b = Array.from({ length: 16 }, () => int(0, 255));
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
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
type Generator = ReturnType<typeof generator>;

// ---------------------------------------------------------------------------------------------
// Generating the database

interface Rows {
  patients: PatientsTable[];
  courses: TreatmentCoursesTable[];
  therapists: CourseTherapistsTable[];
  episodes: EpisodesTable[];
  contacts: ContactsTable[];
  responses: ResponsesTable[];
  plans: PlanItemRow[];
}
const emptyRows = (): Rows => ({
  patients: [],
  courses: [],
  therapists: [],
  episodes: [],
  contacts: [],
  responses: [],
  plans: [],
});

/** Multi-row inserts in chunks, parents first (the bulk history no API call could backdate). */
async function writeRows(db: Database, rows: Rows): Promise<void> {
  const chunks = async <R>(list: R[], insert: (chunk: R[]) => Promise<unknown>) => {
    for (let i = 0; i < list.length; i += 500) await insert(list.slice(i, i + 500));
  };
  await db.transaction().execute(async (trx) => {
    await chunks(rows.patients, (c) => trx.insertInto('patients').values(c).execute());
    await chunks(rows.courses, (c) => trx.insertInto('treatment_courses').values(c).execute());
    await chunks(rows.therapists, (c) => trx.insertInto('course_therapists').values(c).execute());
    await chunks(rows.episodes, (c) => trx.insertInto('episodes').values(c).execute());
    await chunks(rows.contacts, (c) => trx.insertInto('contacts').values(c).execute());
    await chunks(rows.responses, (c) => trx.insertInto('responses').values(c).execute());
    await chunks(rows.plans, (c) => trx.insertInto('plan_items').values(c).execute());
  });
}

interface UnitContext {
  unitId: string;
  therapists: string[];
  template: PlanItemRow[];
  forms: { outcome: InstrumentDefinition; alliance: InstrumentDefinition };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/** Four one-decimal lines (0–10) that add up to about `total`. */
function lines(g: Generator, total: number): Record<string, number> {
  const line = () => clamp(Math.round((total / 4 + (g.random() - 0.5) * 0.4) * 10) / 10, 0, 10);
  return { '1': line(), '2': line(), '3': line(), '4': line() };
}

function responseRow(
  g: Generator,
  ctx: UnitContext,
  courseId: string,
  definition: InstrumentDefinition,
  answers: Record<string, number>,
  at: string,
): ResponsesTable {
  return scoredResponseRow({
    id: g.uuid(),
    courseId,
    unitId: ctx.unitId,
    definition,
    answers,
    answeredAt: at,
    createdAt: at,
    keyPrefix: 'bench',
    keyId: g.uuid(),
  });
}

/** The weekly sessions of one course: a contact each, and two responses when the patient came. */
function sessions(
  g: Generator,
  ctx: UnitContext,
  rows: Rows,
  course: { id: string; first: number; count: number },
) {
  const { id: courseId, first, count } = course;
  const intake = g.int(120, 260) / 10;
  const trend = (g.random() - 0.2) * 1.0;
  // Most alliances are high and steady (a fall of a point means something); some are low.
  const alliance = g.int(345, 395) / 10;
  for (let k = 0; k < count; k++) {
    const at = first + k * 7 * DAY + g.int(8, 15) * 3_600_000;
    const missed = k > 0 && g.random() < 0.08;
    rows.contacts.push({
      id: g.uuid(),
      course_id: courseId,
      kind: missed ? 'no_show' : k > 0 && k % 6 === 0 ? 'evaluation' : 'session',
      date: isoDate(at),
      recorded_by: ctx.therapists[0] ?? null,
      created_at: new Date(at).toISOString(),
    });
    if (missed) continue;
    const stamp = new Date(at).toISOString();
    const outcome = clamp(intake + trend * k + (g.random() - 0.5) * 3, 2, 38);
    const bond = clamp(alliance + (g.random() - 0.5) * 1.2, 20, 40);
    rows.responses.push(
      responseRow(g, ctx, courseId, ctx.forms.outcome, lines(g, outcome), stamp),
      responseRow(g, ctx, courseId, ctx.forms.alliance, lines(g, bond), stamp),
    );
  }
}

/**
 * When a course ran: active (its last session 0–6 days ago, or 1 in 10 two to four weeks ago),
 * or ended up to two years ago, a week after its last session.
 */
function courseDates(g: Generator, active: boolean) {
  const lastAgo = active ? (g.random() < 0.1 ? g.int(14, 28) : g.int(0, 6)) : g.int(30, 700);
  const count = g.int(6, 30);
  const first = Date.parse('2026-03-02T00:00:00Z') - (lastAgo + 7 * (count - 1)) * DAY;
  const end: EndType | null = active
    ? null
    : g.pick([
        ['completed', 6],
        ['dropped_out', 3],
        ['transferred', 1],
      ] as const);
  return { first, count, end, endDate: end ? isoDate(first + 7 * count * DAY) : null };
}

/** 1–3 of the unit's therapists. */
function therapistsOf(g: Generator, therapists: readonly string[]): Set<string> {
  const chosen = new Set<string>();
  const wanted = g.int(1, Math.min(3, therapists.length));
  while (chosen.size < wanted) chosen.add(therapists[g.int(0, therapists.length - 1)] ?? '');
  return chosen;
}

/** One patient and course with its therapists, episode, plan and sessions; its responses out. */
function course(g: Generator, ctx: UnitContext, rows: Rows, n: number, active: boolean) {
  const { first, count, end, endDate } = courseDates(g, active);
  const [courseId, patientId] = [g.uuid(), g.uuid()];
  const stamp = TODAY.toISOString();
  const common = { unit_id: ctx.unitId, created_at: stamp };
  rows.patients.push({
    ...common,
    id: patientId,
    code: `BENK-${String(n).padStart(5, '0')}`,
    birth_year: g.int(1950, 2005),
    sex: g.random() < 0.35 ? 'female' : 'male',
  });
  rows.courses.push({
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
  });
  for (const userId of therapistsOf(g, ctx.therapists))
    rows.therapists.push({ course_id: courseId, user_id: userId, created_at: stamp });
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
    start_date: isoDate(first),
    end_date: endDate,
  });
  for (const item of ctx.template)
    rows.plans.push({ ...item, id: g.uuid(), owner_kind: 'course', owner_id: courseId });
  const before = rows.responses.length;
  sessions(g, ctx, rows, { id: courseId, first, count });
  return rows.responses.length - before;
}

const PLAN = [
  ['audit', 'intake', null],
  ['dudit', 'intake', null],
  ['session-outcome', 'every_session', null],
  ['session-alliance', 'every_session', null],
  ['hscl-25', 'every_n_weeks', 6],
  ['psq-18', 'discharge', null],
] as const;

const organisation = (
  db: Database,
  row: { id: string; parent: string | null; kind: OrganisationKind; name: string },
) =>
  insertOrganisation(db, {
    id: row.id,
    parent_id: row.parent,
    kind: row.kind,
    name: row.name,
    is_demo: 0,
    is_practice: 0,
    created_at: TODAY.toISOString(),
  });

/** A therapist of the unit, without a password: nobody logs in as one here. */
async function therapist(db: Database, g: Generator, unitId: string, n: number) {
  const id = g.uuid();
  const stamp = TODAY.toISOString();
  await insertUser(db, {
    id,
    email: `bench-${unitId.slice(0, 8)}-${n}@example.org`,
    display_name: `Terapeut ${n} (fiktiv)`,
    password_hash: null,
    global_role: null,
    is_active: 1,
    failed_login_count: 0,
    locked_until: null,
    last_login_at: null,
    is_demo: 0,
    created_at: stamp,
    updated_at: stamp,
  });
  await insertMembership(db, {
    user_id: id,
    unit_id: unitId,
    role: 'therapist',
    created_at: stamp,
  });
  return id;
}

/** A unit with its therapists and its plan template. */
async function unit(db: Database, g: Generator, parent: string, name: string, staff: number) {
  const unitId = g.uuid();
  await organisation(db, { id: unitId, parent, kind: 'unit', name });
  const therapists: string[] = [];
  for (let n = 1; n <= staff; n++) therapists.push(await therapist(db, g, unitId, n));
  const templateId = g.uuid();
  const stamp = TODAY.toISOString();
  const template: PlanItemRow[] = PLAN.map(([instrument, schedule, weeks], position) => ({
    id: g.uuid(),
    owner_kind: 'template',
    owner_id: templateId,
    position,
    instrument_id: instrument,
    schedule,
    interval_weeks: weeks,
    created_at: stamp,
  }));
  await insertPlanTemplate(
    db,
    { id: templateId, unit_id: unitId, name: 'Standard', created_at: stamp },
    template,
  );
  return { unitId, therapists, template };
}

/** The whole database: the measured unit first, then other units until `target` responses. */
async function generate(db: Database, seed: number, target: number) {
  const g = generator(seed);
  const registry = builtInRegistry();
  const outcome = registry.get('session-outcome');
  const alliance = registry.get('session-alliance');
  if (!outcome || !alliance) throw new Error('bench: session feedback instruments missing');
  const forms = { outcome, alliance };
  const [region, trust] = [g.uuid(), g.uuid()];
  await organisation(db, {
    id: region,
    parent: null,
    kind: 'region',
    name: 'Benk-region (fiktiv)',
  });
  await organisation(db, { id: trust, parent: region, kind: 'trust', name: 'Benk-HF (fiktivt)' });

  const main = { ...(await unit(db, g, trust, 'Benk-poliklinikk', 10)), forms };
  let rows = emptyRows();
  let responses = 0;
  for (let n = 1; n <= MAIN_COURSES; n++) responses += course(g, main, rows, n, true);
  await writeRows(db, rows);
  const unitIds = [main.unitId];
  let n = MAIN_COURSES;
  while (responses < target) {
    const other = { ...(await unit(db, g, trust, `Benk-enhet ${unitIds.length}`, 8)), forms };
    unitIds.push(other.unitId);
    rows = emptyRows();
    for (let i = 0; i < OTHER_UNIT_COURSES && responses < target; i++)
      responses += course(g, other, rows, ++n, g.random() < 0.25);
    await writeRows(db, rows);
  }
  await createUser(
    db,
    {
      email: LEAD.email,
      displayName: 'Benk-leder (fiktiv)',
      password: LEAD.password,
      memberships: [{ unitId: main.unitId, role: 'unit_lead' }],
    },
    TODAY,
  );
  return { mainUnit: main.unitId, units: unitIds.length, responses, courses: n };
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Figures {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

function figures(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
  };
}

/** Times `times` runs of `work` after a few warm-up runs. */
async function time(times: number, work: (i: number) => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < Math.min(10, times); i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work(i);
    samples.push(performance.now() - started);
  }
  return figures(samples);
}

interface Target {
  engine: 'sqlite' | 'postgres';
  db: Database;
  /** The same 500 course rows through the driver, no Kysely, no HTTP. */
  rawSelect(unitId: string): Promise<number>;
  close(): Promise<void>;
}

/** Generates the data and stores every active course's risk, as the daily sweep would. */
async function prepare(target: Target, args: Args) {
  const { db } = target;
  const started = performance.now();
  await migrateToLatest(db);
  const data = await generate(db, args.seed, args.responses);
  const generated = performance.now();
  const risk = createRiskEngine(DEFAULT_RISK_CONFIG);
  const units = await db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'unit')
    .execute();
  for (const u of units) await risk.refreshUnitBasis(db, u.id, TODAY);
  const swept = await risk.sweep(db, TODAY);
  // PostgreSQL's planner needs statistics, which autovacuum gathers some time after a bulk load:
  // gather them now so that every run measures the steady state. (KOR never runs ANALYZE on
  // SQLite, so neither does the bench.)
  if (target.engine === 'postgres') await sql`analyze`.execute(db);
  return {
    data: { ...data, swept },
    seconds: {
      generate: Math.round(generated - started) / 1000,
      sweep: Math.round(performance.now() - generated) / 1000,
    },
  };
}

/** The app in-process, and a GET as the logged-in unit lead that reads the whole body. */
async function leadSession(db: Database) {
  // The clock starts at TODAY and runs in real time: the stored risk is today's.
  const started = Date.now();
  const app = createApp({
    db,
    registry: builtInRegistry(),
    logger: createLogger(() => {}, 'info'),
    clock: () => new Date(TODAY.getTime() + (Date.now() - started)),
  });
  const login = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(LEAD),
  });
  if (login.status !== 200)
    throw new Error(`bench: the unit lead could not log in (${login.status})`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (url: string) => {
    const res = await app.request(url, { headers: { Cookie: cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`bench: GET ${url} → ${res.status} ${body}`);
    return body;
  };
}

const budget = (name: string, limitMs: number, figures: Figures) => ({
  name,
  limitMs,
  ms: figures.p95,
  pass: figures.p95 <= limitMs,
});

async function measure(target: Target, args: Args) {
  const { data, seconds } = await prepare(target, args);
  const get = await leadSession(target.db);
  const caseloadUrl = `/api/v1/courses?scope=unit&unitId=${data.mainUnit}`;
  const ids = (JSON.parse(await get(caseloadUrl)) as { courses: { id: string }[] }).courses.map(
    (c) => c.id,
  );
  if (ids.length !== MAIN_COURSES)
    throw new Error(`bench: the caseload lists ${ids.length} courses, not ${MAIN_COURSES}`);
  const trendsUrl = (i: number) => `/api/v1/courses/${ids[(i * 37) % ids.length]}/trends`;
  const results = {
    caseload: await time(args.requests, () => get(caseloadUrl)),
    trends: await time(args.requests, (i) => get(trendsUrl(i))),
    health: await time(args.requests, () => get('/api/v1/health')),
    rawSelect: await time(args.requests, async () => {
      const n = await target.rawSelect(data.mainUnit);
      if (n !== MAIN_COURSES) throw new Error(`bench: raw select gave ${n} rows`);
    }),
  };
  return {
    engine: target.engine,
    data,
    seconds,
    sizes: {
      caseloadBytes: Buffer.byteLength(await get(caseloadUrl)),
      trendsBytes: Buffer.byteLength(await get(trendsUrl(0))),
    },
    results,
    ratios: {
      caseloadP95ToHealthP95: results.caseload.p95 / results.health.p95,
      caseloadP95ToRawSelectP95: results.caseload.p95 / results.rawSelect.p95,
      trendsP95ToHealthP95: results.trends.p95 / results.health.p95,
    },
    budgets: [
      budget('caseload p95', BUDGETS.caseload, results.caseload),
      budget('trends p95', BUDGETS.trends, results.trends),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Engines

const RAW_SELECT =
  'select id, patient_id, unit_id, start_date, planned_end_date from treatment_courses where unit_id = ? and end_date is null';

function sqliteTarget(dir: string): Target {
  const file = path.join(dir, 'bench.sqlite');
  const db = openDatabase({ kind: 'sqlite', file });
  // A second connection to the same file (WAL: readers do not wait), the statement prepared once.
  let raw: ReturnType<typeof openSqlite> | undefined;
  let select: ReturnType<ReturnType<typeof openSqlite>['prepare']> | undefined;
  return {
    engine: 'sqlite',
    db,
    async rawSelect(unitId) {
      raw ??= openSqlite(file);
      select ??= raw.prepare(RAW_SELECT);
      return select.all(unitId).length;
    },
    async close() {
      raw?.close();
      await db.destroy();
    },
  };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const name = `kor_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ kind: 'postgres', url: url.toString() });
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  return {
    engine: 'postgres',
    db,
    async rawSelect(unitId) {
      const text = RAW_SELECT.replace('?', '$1');
      return (await raw.query({ name: 'bench-raw', text, values: [unitId] })).rowCount ?? 0;
    },
    async close() {
      await raw.end();
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
      await cleanup.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Report

type Result = Awaited<ReturnType<typeof measure>>;

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
  };
}

function print(result: Result, args: Args) {
  const { results: r, data } = result;
  const ms = (v: number) => v.toFixed(2).padStart(8);
  const ratio = (v: number, base: number) => `${(v / base).toFixed(1)}×`.padStart(9);
  console.log(
    `\n${result.engine}: ${data.responses} responses, ${data.courses} courses in ${data.units} units; ` +
      `generated in ${result.seconds.generate} s, ${data.swept} risks swept in ${result.seconds.sweep} s`,
  );
  console.log(
    `${'request'.padEnd(44)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}` +
      `${'p95/health'.padStart(11)}${'p95/raw'.padStart(9)}`,
  );
  const rows: [string, Figures][] = [
    [`GET /courses?scope=unit (${MAIN_COURSES} courses)`, r.caseload],
    ['GET /courses/:id/trends', r.trends],
    ['GET /health (baseline)', r.health],
    [`raw driver select of the ${MAIN_COURSES} rows (baseline)`, r.rawSelect],
  ];
  for (const [name, f] of rows) {
    console.log(
      `${name.padEnd(44)}${ms(f.p50)}${ms(f.p95)}${ms(f.p99)}` +
        `${ratio(f.p95, r.health.p95)}  ${ratio(f.p95, r.rawSelect.p95)}`,
    );
  }
  console.log(
    `response sizes: caseload ${(result.sizes.caseloadBytes / 1024).toFixed(0)} KiB, ` +
      `trends ${(result.sizes.trendsBytes / 1024).toFixed(1)} KiB; ${args.requests} timed requests each`,
  );
  for (const b of result.budgets) {
    console.log(
      `budget ${b.name} ≤ ${b.limitMs} ms: ${b.pass ? 'PASS' : 'FAIL'} (${b.ms.toFixed(2)} ms)`,
    );
  }
}

async function main() {
  const args = argsFrom(process.argv.slice(2));
  const host = machine();
  console.log(
    `KOR caseload benchmark — seed ${args.seed}, ~${args.responses} responses, ${args.requests} requests each`,
  );
  console.log(
    `machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, node ${host.node}, ${host.os}`,
  );
  const results: Result[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kor-bench-'));
  const targets: (() => Promise<Target>)[] = [async () => sqliteTarget(dir)];
  const pgUrl = process.env.KOR_BENCH_DATABASE_URL;
  if (pgUrl) targets.push(() => postgresTarget(pgUrl));
  try {
    for (const open of targets) {
      const target = await open();
      try {
        const result = await measure(target, args);
        print(result, args);
        results.push(result);
      } finally {
        await target.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync('bench-results', { recursive: true });
  const out = path.join('bench-results', 'caseload.json');
  writeFileSync(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), args, machine: host, results }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${out} (figures are reported, not asserted: exit 0)`);
}

await main();
