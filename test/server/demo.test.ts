/**
 * KOR_DEMO=1 on a new database: a clearly marked demo organisation whose therapist can log in and
 * find courses with the patterns of DESIGN.md.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInRegistry, DEFAULT_RISK_CONFIG } from '../../instruments';
import { login } from '../../server/services/auth-service';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/services/demo-service';
import { createRiskEngine } from '../../server/services/risk-engine';
import { initialiseDatabase } from '../../server/services/setup-service';
import { createWorkspaceService } from '../../server/services/workspace-service';
import { migrateToLatest } from '../../server/storage/database';
import { engines, type TestDatabase } from '../support/databases';

describe.each(engines())('demo data on $name', (engine) => {
  let current: TestDatabase | undefined;
  afterEach(async () => {
    await current?.drop();
  });

  it('seeds once, marked as demo, with about 40 synthetic courses showing the patterns', async () => {
    current = await engine.create();
    const db = current.db;
    await migrateToLatest(db);
    const now = new Date('2026-11-23T09:00:00Z');
    const setup = await initialiseDatabase(db, { demo: true, now, registry: builtInRegistry() });
    expect(setup.messages.join('\n')).toContain(DEMO_PASSWORD);
    const q = async (query: ReturnType<typeof sql>) =>
      Number(((await query.execute(db)).rows[0] as { n: string | number }).n);
    expect(await q(sql`select count(*) as n from patients`)).toBe(40);
    expect(await q(sql`select count(*) as n from organisations where is_demo = 1`)).toBe(4);
    expect(await q(sql`select count(*) as n from organisations where is_demo = 0`)).toBe(0);
    expect(
      await q(sql`select count(*) as n from treatment_courses where end_type = 'dropped_out'`),
    ).toBeGreaterThanOrEqual(5);
    expect(
      await q(sql`select count(*) as n from treatment_courses where end_type = 'completed'`),
    ).toBeGreaterThanOrEqual(5);
    expect(await q(sql`select count(*) as n from contacts where kind = 'no_show'`)).toBeGreaterThan(
      5,
    );
    expect(
      await q(sql`select count(*) as n from episodes where level_of_care = 'inpatient'`),
    ).toBeGreaterThanOrEqual(5);
    expect(await q(sql`select count(*) as n from responses where score_status <> 'scored'`)).toBe(
      0,
    );
    expect(
      await q(sql`select count(*) as n from responses where answered_at > ${now.toISOString()}`),
    ).toBe(0);

    // Run again: nothing more is seeded.
    await initialiseDatabase(db, { demo: true, now, registry: builtInRegistry() });
    expect(await q(sql`select count(*) as n from patients`)).toBe(40);

    for (const user of DEMO_USERS) {
      const { actor } = await login(db, { email: user.email, password: DEMO_PASSWORD }, now);
      expect(actor.email).toBe(user.email);
    }
    const { actor } = await login(
      db,
      { email: 'demo-terapeut@kor.example', password: DEMO_PASSWORD },
      now,
    );
    const workspace = createWorkspaceService(db, createRiskEngine(DEFAULT_RISK_CONFIG), () => now);
    const caseload = await workspace.caseload(actor, { scope: 'mine' });
    expect(caseload.length).toBeGreaterThan(5);
    expect(caseload.every((c) => c.patientCode.startsWith('DEMO-'))).toBe(true);
    // Patients with a falling alliance (every 8th from DEMO-004) come first, in red, with why.
    const falling = ['DEMO-004', 'DEMO-020', 'DEMO-028'];
    const top = caseload[0];
    expect(falling).toContain(top?.patientCode);
    expect(top?.risk.level).toBe('red');
    expect(top?.risk.signals.map((s) => s.code)).toEqual(
      expect.arrayContaining(['ALLIANCE_LOW', 'ALLIANCE_DROP']),
    );
    for (const code of falling)
      expect(caseload.find((c) => c.patientCode === code)?.risk.level).toBe('red');
    expect(caseload.some((c) => c.risk.signals.some((s) => s.code === 'MISSED_CONTACT'))).toBe(
      true,
    );
    // Every level is represented: the demo shows what each light means.
    expect(new Set(caseload.map((c) => c.risk.level))).toEqual(new Set(['red', 'yellow', 'green']));
  });
});
