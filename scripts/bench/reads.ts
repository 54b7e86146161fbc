/**
 * The read budgets of the bench: the caseload of the unit with 500 active courses and one
 * course's trends, in-process (`app.request`, no sockets) as the generated unit lead, with two
 * baselines from the same run — GET /health, and the driver's raw select of the same course rows.
 */
import pg from 'pg';
import { builtInRegistry } from '../../instruments';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { type Database, openSqlite } from '../../server/storage/database';
import { type LatencyFigures, latencyFigures } from '../load/figures';

const RAW_SELECT =
  'select id, patient_id, unit_id, start_date, planned_end_date from treatment_courses where unit_id = ? and end_date is null';

/** The same course rows through the bare driver (no Kysely, no HTTP), the statement prepared once. */
export type RawSelect = { run(unitId: string): Promise<number>; close(): Promise<void> };

export function sqliteRawSelect(file: string): RawSelect {
  const raw = openSqlite(file);
  const select = raw.prepare(RAW_SELECT);
  return { run: async (unitId) => select.all(unitId).length, close: async () => void raw.close() };
}

export async function postgresRawSelect(url: string): Promise<RawSelect> {
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  const text = RAW_SELECT.replace('?', '$1');
  return {
    run: async (unitId) =>
      (await raw.query({ name: 'bench-raw', text, values: [unitId] })).rowCount ?? 0,
    close: () => raw.end(),
  };
}

/** Times `times` runs of `work` after a few warm-up runs. */
async function time(times: number, work: (i: number) => Promise<unknown>): Promise<LatencyFigures> {
  for (let i = 0; i < Math.min(10, times); i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work(i);
    samples.push(performance.now() - started);
  }
  return latencyFigures(samples);
}

/** The app in-process, and a GET as the logged-in user that reads the whole body. */
async function session(db: Database, login: { email: string; password: string }) {
  const app = createApp({
    db,
    registry: builtInRegistry(),
    logger: createLogger(() => {}, 'info'),
  });
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(login),
  });
  if (res.status !== 200) throw new Error(`bench: ${login.email} could not log in (${res.status})`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (url: string) => {
    const got = await app.request(url, { headers: { Cookie: cookie } });
    const body = await got.text();
    if (got.status !== 200) throw new Error(`bench: GET ${url} → ${got.status} ${body}`);
    return body;
  };
}

export interface ReadFigures {
  caseload: LatencyFigures;
  trends: LatencyFigures;
  health: LatencyFigures;
  rawSelect: LatencyFigures;
  caseloadBytes: number;
  trendsBytes: number;
}

export async function measureReads(
  db: Database,
  raw: RawSelect,
  input: {
    login: { email: string; password: string };
    unitId: string;
    /** Active courses of the unit (CASELOAD_COURSES but in the smoke test). */
    courses: number;
    requests: number;
  },
): Promise<ReadFigures> {
  const get = await session(db, input.login);
  const caseloadUrl = `/api/v1/courses?scope=unit&unitId=${input.unitId}`;
  const caseload = JSON.parse(await get(caseloadUrl)) as { courses: { id: string }[] };
  const ids = caseload.courses.map((c) => c.id);
  if (ids.length !== input.courses)
    throw new Error(`bench: the caseload lists ${ids.length} courses, not ${input.courses}`);
  const trendsUrl = (i: number) => `/api/v1/courses/${ids[(i * 37) % ids.length]}/trends`;
  const { requests } = input;
  return {
    caseload: await time(requests, () => get(caseloadUrl)),
    trends: await time(requests, (i) => get(trendsUrl(i))),
    health: await time(requests, () => get('/api/v1/health')),
    rawSelect: await time(requests, async () => {
      const n = await raw.run(input.unitId);
      if (n !== input.courses) throw new Error(`bench: the raw select gave ${n} rows`);
    }),
    caseloadBytes: Buffer.byteLength(await get(caseloadUrl)),
    trendsBytes: Buffer.byteLength(await get(trendsUrl(0))),
  };
}
