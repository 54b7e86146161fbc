import { afterEach, describe, expect, it } from 'vitest';
import { builtInRegistry, DEFAULT_RISK_CONFIG, score } from '../../instruments';
import { generateOptions } from '../../server/generate-command';
import { ConflictError } from '../../server/http/errors';
import type { BulkHistoryOptions } from '../../server/services/bulk-history';
import { GENERATED_LOGIN_EMAIL, generateHistory } from '../../server/services/bulk-history-service';
import { type Database, migrateToLatest } from '../../server/storage/database';
import { engines, type TestDatabase } from '../support/databases';

const registry = builtInRegistry();
const TODAY = new Date('2026-03-02T12:00:00Z');
const PASSWORD = 'generated passphrase';
const OPTIONS: BulkHistoryOptions = {
  seed: 7,
  units: 2,
  courses: 5,
  caseloadCourses: 6,
  today: TODAY,
};

/** The generated tables, whole rows in id order (the login, with its salted hash, left out). */
const TABLES = [
  ['organisations', 'id'],
  ['users', 'id'],
  ['memberships', 'user_id, unit_id, role'],
  ['plan_templates', 'id'],
  ['plan_items', 'id'],
  ['patients', 'id'],
  ['treatment_courses', 'id'],
  ['course_therapists', 'course_id, user_id'],
  ['episodes', 'id'],
  ['contacts', 'id'],
  ['responses', 'id'],
  ['course_risk', 'course_id'],
] as const;

async function snapshot(db: Database): Promise<Record<string, unknown[]>> {
  const login = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', GENERATED_LOGIN_EMAIL)
    .executeTakeFirstOrThrow();
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of TABLES) {
    const rows: Record<string, unknown>[] = await db.selectFrom(table).selectAll().execute();
    const key = (r: Record<string, unknown>) => order.split(', ').map((c) => String(r[c]));
    out[table] = rows
      .filter((r) => r.id !== login.id && r.user_id !== login.id)
      .sort((a, b) => key(a).join('|').localeCompare(key(b).join('|')));
  }
  return out;
}

const count = async (db: Database, table: 'treatment_courses' | 'contacts' | 'responses') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const generate = (db: Database, options: BulkHistoryOptions = OPTIONS) =>
  generateHistory(db, {
    options,
    password: PASSWORD,
    registry,
    riskConfig: DEFAULT_RISK_CONFIG,
  });

describe.each(engines())('generated history on $name', (engine) => {
  const open: TestDatabase[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.drop();
  });
  const fresh = async () => {
    const t = await engine.create();
    open.push(t);
    await migrateToLatest(t.db);
    return t.db;
  };

  it('makes the same rows from the same seed and day, and other rows from another seed', async () => {
    const [a, b, c] = [await fresh(), await fresh(), await fresh()];
    await generate(a);
    await generate(b);
    await generate(c, { ...OPTIONS, seed: 8 });
    const first = await snapshot(a);
    expect(first.responses?.length).toBeGreaterThan(0);
    expect(await snapshot(b)).toEqual(first);
    expect((await snapshot(c)).responses).not.toEqual(first.responses);
  });

  it('makes the units and courses asked for, counts them right, and marks them as generated', async () => {
    const db = await fresh();
    const result = await generate(db);
    expect(result.counts).toEqual({
      units: 3,
      courses: 6 + 2 * 5,
      activeCourses: expect.any(Number),
      contacts: await count(db, 'contacts'),
      responses: await count(db, 'responses'),
    });
    expect(await count(db, 'treatment_courses')).toBe(16);
    const units = await db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('kind', '=', 'unit')
      .execute();
    expect(units).toHaveLength(3);
    for (const unit of units) expect(unit.name).toMatch(/^Generert – /);
    const caseload = await db
      .selectFrom('treatment_courses')
      .select('id')
      .where('unit_id', '=', result.caseloadUnitId)
      .where('end_date', 'is', null)
      .execute();
    expect(caseload).toHaveLength(6);
    const patients = await db.selectFrom('patients').select('code').execute();
    for (const p of patients) expect(p.code).toMatch(/^GEN-\d{6}$/);
    // Every active course has its risk computed, as the daily sweep would.
    expect(result.risks).toBe(result.counts.activeCourses);
  });

  it('stops after the course that reaches --responses', async () => {
    const db = await fresh();
    const result = await generate(db, { ...OPTIONS, units: 50, maxResponses: 100 });
    expect(result.counts.responses).toBeGreaterThanOrEqual(100);
    expect(result.counts.responses).toBeLessThan(100 + 80);
    expect(result.counts.units).toBe(1);
  });

  it('stores the score that each instrument’s score() gives for the answers', async () => {
    const db = await fresh();
    await generate(db);
    const rows = await db
      .selectFrom('responses')
      .select(['instrument_id', 'instrument_version', 'answers', 'score', 'score_status'])
      .execute();
    const instruments = new Set(rows.map((r) => r.instrument_id));
    expect([...instruments].sort()).toEqual([
      'audit',
      'dudit',
      'hscl-25',
      'session-alliance',
      'session-outcome',
    ]);
    for (const row of rows) {
      const definition = registry.get(row.instrument_id, row.instrument_version);
      if (!definition) throw new Error(`unknown instrument ${row.instrument_id}`);
      const expected = score(definition, JSON.parse(row.answers));
      expect(JSON.parse(row.score)).toEqual(expected);
      expect(row.score_status).toBe('scored');
    }
  });

  it('logs in the generated unit lead', async () => {
    const db = await fresh();
    const result = await generate(db);
    const memberships = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.role', 'memberships.unit_id'])
      .where('users.email', '=', result.login)
      .execute();
    expect(memberships.map((m) => m.role).sort()).toEqual(['therapist', 'unit_lead']);
    for (const m of memberships) expect(m.unit_id).toBe(result.caseloadUnitId);
  });

  it('refuses a database that already has treatment courses', async () => {
    const db = await fresh();
    await generate(db);
    const before = await count(db, 'responses');
    await expect(generate(db, { ...OPTIONS, seed: 9 })).rejects.toThrow(ConflictError);
    await expect(generate(db, { ...OPTIONS, seed: 9 })).rejects.toThrow(
      /already has 16 treatment courses/,
    );
    expect(await count(db, 'responses')).toBe(before);
  });
});

describe('generate options', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  it('reads whole numbers and a day', () => {
    expect(
      generateOptions(
        { units: '3', courses: '40', seed: '0', responses: '900', today: '2025-01-31' },
        now,
      ),
    ).toEqual({
      units: 3,
      courses: 40,
      seed: 0,
      maxResponses: 900,
      today: new Date('2025-01-31T12:00:00Z'),
    });
    expect(generateOptions({ units: '0', courses: '1' }, now)).toEqual({
      units: 0,
      courses: 1,
      seed: 1,
      today: now,
    });
  });

  it.each([
    [{ courses: '4' }, /--units/],
    [{ units: 'x', courses: '4' }, /--units must be a whole number ≥ 0, got "x"/],
    [{ units: '2' }, /--courses/],
    [{ units: '2', courses: '0' }, /--courses must be a whole number ≥ 1/],
    [{ units: '2', courses: '2.5' }, /--courses/],
    [{ units: '2', courses: '2', seed: '-1' }, /--seed/],
    [{ units: '2', courses: '2', responses: '0' }, /--responses/],
    [{ units: '2', courses: '2', today: '2025-02-30' }, /--today/],
  ])('names the bad option in %o', (values, message) => {
    expect(generateOptions(values, now)).toMatch(message);
  });
});
