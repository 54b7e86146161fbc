/**
 * What lets several KOR instances share one database: start-up set-up done once when instances
 * start together, one background risk sweep at a time, and a background recompute that never
 * overwrites a fresher one. The races are PostgreSQL's (one database, many processes); SQLite
 * has one process, and the same calls simply run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { builtInRegistry, DEFAULT_RISK_CONFIG } from '../../instruments';
import { createRiskEngine } from '../../server/services/risk-engine';
import { prepareDatabase } from '../../server/services/setup-service';
import { createOrganisation } from '../../server/services/staff-service';
import { insertCourse } from '../../server/storage/course-repository';
import { INSTANCE_LOCK_KEYS, unlessRunningElsewhere } from '../../server/storage/instance-locks';
import { insertPatient } from '../../server/storage/patient-repository';
import { findCourseRisk, replaceCourseRiskIfUnchanged } from '../../server/storage/risk-repository';
import { countUsers } from '../../server/storage/user-repository';
import { engines, type TestDatabase } from '../support/databases';

const NOW = new Date('2026-03-02T08:00:00Z');
const ADMIN = { email: 'first-admin@example.org', password: 'fictional passphrase 1' };

/** One active course in a fictional unit; returns its id. */
async function oneCourse(t: TestDatabase): Promise<string> {
  const stamp = NOW.toISOString();
  const region = await createOrganisation(t.db, { kind: 'region', name: 'Region (fiktiv)' }, NOW);
  const trust = await createOrganisation(
    t.db,
    { kind: 'trust', name: 'HF (fiktivt)', parentId: region.id },
    NOW,
  );
  const unit = await createOrganisation(
    t.db,
    { kind: 'unit', name: 'Enhet (fiktiv)', parentId: trust.id },
    NOW,
  );
  await insertPatient(t.db, {
    id: 'patient-1',
    unit_id: unit.id,
    code: 'FIKTIV-1',
    birth_year: 1980,
    sex: null,
    created_at: stamp,
  });
  const course = {
    id: 'course-1',
    patient_id: 'patient-1',
    unit_id: unit.id,
    start_date: '2026-01-05',
    planned_end_date: null,
    planned_duration_weeks: null,
    goals: null,
    end_type: null,
    end_date: null,
    end_note: null,
    created_at: stamp,
    updated_at: stamp,
  };
  await insertCourse(t.db, course, []);
  return course.id;
}

describe.each(engines())('instance coordination on $name', (engine) => {
  let current: TestDatabase | undefined;
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });

  it.runIf(engine.name === 'postgres')(
    'sets up a database once when instances start together',
    async () => {
      current = await engine.create();
      const db = current.db;
      const options = { demo: false, now: NOW, registry: builtInRegistry(), admin: ADMIN };
      // Two instances' start-up on one database at the same moment (separate pooled connections).
      const results = await Promise.all([
        prepareDatabase(db, options),
        prepareDatabase(db, options),
      ]);
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      const messages = results.flatMap((r) => r.messages);
      expect(messages.filter((m) => m.includes(ADMIN.email))).toHaveLength(1);
      expect(await countUsers(db)).toBe(1);
    },
  );

  it('lets one sweep run at a time; another skips while it runs', async () => {
    current = await engine.create();
    const db = current.db;
    const first = unlessRunningElsewhere(db, INSTANCE_LOCK_KEYS.riskSweep, async () => {
      // Another instance's round, while this one holds the lock (another pooled connection).
      const second = await unlessRunningElsewhere(db, INSTANCE_LOCK_KEYS.riskSweep, async () => 2);
      return { first: 1, second };
    });
    // On PostgreSQL the second finds the lock taken and skips; SQLite has one instance.
    expect(await first).toEqual({ first: 1, second: engine.name === 'postgres' ? undefined : 2 });
    // Released afterwards: the next round runs.
    expect(await unlessRunningElsewhere(db, INSTANCE_LOCK_KEYS.riskSweep, async () => 3)).toBe(3);
  });

  it('keeps a fresher risk row from being overwritten by a background recompute', async () => {
    current = await engine.create();
    const db = current.db;
    await prepareDatabase(db, { demo: false, now: NOW, registry: builtInRegistry() });
    const courseId = await oneCourse(current);
    const risk = createRiskEngine(DEFAULT_RISK_CONFIG);
    // The sweep stores the first row; a request then stores a recompute with new data.
    expect(await risk.sweep(db, NOW)).toBe(1);
    const swept = await findCourseRisk(db, courseId);
    const later = new Date(NOW.getTime() + 60_000);
    await risk.refresh(db, courseId, later);
    const fresh = await findCourseRisk(db, courseId);
    expect(fresh?.computed_at).toBe(later.toISOString());
    if (!swept || !fresh) throw new Error('the course has no stored risk');

    // A background recompute that read the row before the request's write: not stored.
    const stale = {
      ...swept,
      level: 'red' as const,
      level_rank: 3,
      computed_at: NOW.toISOString(),
    };
    expect(await replaceCourseRiskIfUnchanged(db, stale, swept.computed_at)).toBe(false);
    // …nor one that found no row, when a row has been written since.
    expect(await replaceCourseRiskIfUnchanged(db, stale, null)).toBe(false);
    expect(await findCourseRisk(db, courseId)).toEqual(fresh);
    // One that read the current row is stored.
    const next = { ...fresh, computed_at: new Date(later.getTime() + 1).toISOString() };
    expect(await replaceCourseRiskIfUnchanged(db, next, fresh.computed_at)).toBe(true);
    expect((await findCourseRisk(db, courseId))?.computed_at).toBe(next.computed_at);
  });
});
