import { type Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../../instruments';
import { migrations } from '../../migrations';
import { verifyAuditChain } from '../../server/services/audit-service';
import { initialiseDatabase } from '../../server/services/setup-service';
import {
  appendAuditEvent,
  auditHash,
  GENESIS_HASH,
  type NewAuditEvent,
  readAuditChainHead,
} from '../../server/storage/audit-repository';
import {
  assertDurable,
  DatabaseSetupError,
  migrateToLatest,
  openSqlite,
} from '../../server/storage/database';
import { findMeta } from '../../server/storage/meta-repository';
import type { Schema } from '../../server/storage/schema';
import { engines, type TestDatabase } from '../support/databases';

/** Every table and column of server/storage/schema.ts (a type cannot be inspected at run time). */
const EXPECTED_COLUMNS: Record<keyof Schema, string[]> = {
  kor_meta: ['key', 'updated_at', 'value'],
  instrument_versions: [
    'base_version',
    'definition',
    'imported_at',
    'imported_by',
    'instrument_id',
    'origin',
    'published_at',
    'published_by',
    'sha256',
    'state',
    'version',
  ],
  instrument_retirements: ['instrument_id', 'reason', 'retired_at', 'retired_by', 'version'],
  oidc_logins: [
    'browser_hash',
    'code_verifier',
    'created_at',
    'expires_at',
    'nonce',
    'return_to',
    'state_hash',
  ],
  organisations: ['created_at', 'id', 'is_demo', 'is_practice', 'kind', 'name', 'parent_id'],
  users: [
    'created_at',
    'display_name',
    'email',
    'external_id',
    'failed_login_count',
    'global_role',
    'id',
    'is_active',
    'is_demo',
    'last_login_at',
    'locked_until',
    'password_hash',
    'updated_at',
  ],
  memberships: ['created_at', 'role', 'unit_id', 'user_id'],
  staff_sessions: [
    'created_at',
    'expires_at',
    'last_seen_at',
    'oidc_id_token',
    'token_hash',
    'user_id',
  ],
  patients: ['birth_year', 'code', 'created_at', 'id', 'sex', 'unit_id'],
  treatment_courses: [
    'created_at',
    'end_date',
    'end_note',
    'end_type',
    'goals',
    'id',
    'patient_id',
    'planned_duration_weeks',
    'planned_end_date',
    'start_date',
    'unit_id',
    'updated_at',
  ],
  course_therapists: ['course_id', 'created_at', 'user_id'],
  episodes: ['course_id', 'created_at', 'end_date', 'id', 'level_of_care', 'start_date', 'unit_id'],
  contacts: ['course_id', 'created_at', 'date', 'id', 'kind', 'recorded_by'],
  form_sessions: [
    'channel',
    'code_hash',
    'completed_at',
    'course_id',
    'created_at',
    'created_by',
    'expires_at',
    'id',
    'instruments',
    'link_hash',
    'patient_token_expires_at',
    'patient_token_hash',
    'status',
    'unit_id',
  ],
  responses: [
    'answered_at',
    'answers',
    'course_id',
    'created_at',
    'entered_by',
    'form_session_id',
    'id',
    'idempotency_key',
    'instrument_id',
    'instrument_version',
    'language',
    'request_hash',
    'respondent',
    'score',
    'score_status',
    'scorer_version',
    'unit_id',
  ],
  code_attempts: ['at', 'client_key'],
  research_exports: [
    'created_at',
    'created_by',
    'id',
    'period_from',
    'period_to',
    'purpose',
    'secret',
    'unit_ids',
  ],
  plan_templates: ['created_at', 'id', 'name', 'unit_id'],
  plan_items: [
    'created_at',
    'id',
    'instrument_id',
    'interval_weeks',
    'owner_id',
    'owner_kind',
    'position',
    'schedule',
  ],
  course_risk: [
    'computed_at',
    'course_id',
    'due',
    'last_answered',
    'last_measurement_at',
    'level',
    'level_rank',
    'reasons',
    'rule_set',
    'safety',
    'score',
    'signals',
    'unit_id',
  ],
  unit_outcome_basis: ['computed_at', 'n', 'series', 'unit_id'],
  course_goals: ['course_id', 'created_at', 'position', 'text', 'weight'],
  training_courses: [
    'capacity',
    'created_at',
    'created_by',
    'days',
    'digital',
    'end_date',
    'evaluation_code',
    'fee_nok',
    'id',
    'kind',
    'place',
    'region_id',
    'start_date',
    'status',
    'title',
    'unit_id',
    'updated_at',
  ],
  training_course_trainers: ['course_id', 'user_id'],
  training_participants: [
    'completed',
    'completed_at',
    'course_id',
    'created_at',
    'email',
    'id',
    'name',
    'region_id',
    'role',
    'status',
    'unit_id',
    'unit_name',
    'user_id',
  ],
  training_attendance: ['day', 'participant_id', 'present'],
  trainers: [
    'certified_at',
    'certified_course_id',
    'created_at',
    'email',
    'id',
    'name',
    'participant_id',
    'region_id',
    'unit_id',
    'user_id',
  ],
  trainer_lineage: ['course_id', 'trained_by', 'trainer_id'],
  course_evaluations: [
    'answers',
    'comment',
    'course_id',
    'id',
    'instrument_version',
    'score',
    'submitted_on',
  ],
  practice_units: ['created_at', 'created_by', 'seed', 'training_course_id', 'unit_id'],
  practice_cases: ['course_id', 'created_at', 'id', 'pattern', 'position', 'unit_id'],
  training_exercises: [
    'created_at',
    'created_by',
    'id',
    'instructions',
    'title',
    'training_course_id',
  ],
  training_exercise_cases: ['case_id', 'exercise_id', 'position'],
  training_exercise_answers: [
    'case_id',
    'created_at',
    'exercise_id',
    'id',
    'next_step',
    'observed',
    'updated_at',
    'user_id',
  ],
  audit_chain_head: ['hash', 'id', 'prev_hash', 'seq'],
  audit_pending: [
    'action',
    'at',
    'client',
    'course_id',
    'id',
    'object_id',
    'object_type',
    'outcome',
    'patient_id',
    'reason',
    'role',
    'unit_id',
    'user_id',
  ],
  audit_events: [
    'action',
    'at',
    'client',
    'course_id',
    'hash',
    'object_id',
    'object_type',
    'outcome',
    'patient_id',
    'prev_hash',
    'reason',
    'role',
    'seq',
    'unit_id',
    'user_id',
  ],
};

describe('SQLite durability settings', () => {
  it('a file database runs in WAL mode with synchronous=FULL and foreign keys on', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kor-')), 'kor.sqlite');
    const db = openSqlite(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a file database that is not in WAL mode or not synchronous=FULL', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { default: SQLite } = await import('better-sqlite3');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kor-')), 'kor.sqlite');
    const db = new SQLite(file);
    try {
      db.pragma('synchronous = FULL');
      expect(() => assertDurable(db, file)).toThrow(DatabaseSetupError);
      expect(() => assertDurable(db, file)).toThrow(/kept journal_mode=delete instead of WAL/);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      expect(() => assertDurable(db, file)).toThrow(/synchronous=1, not FULL/);
      db.pragma('synchronous = FULL');
      expect(() => assertDurable(db, file)).not.toThrow();
    } finally {
      db.close();
    }
    // A database in memory cannot be WAL; it is the tests' own and is accepted.
    const memory = openSqlite(':memory:');
    expect(memory.pragma('journal_mode', { simple: true })).toBe('memory');
    memory.close();
  });
});

/** An audit event with the given reason; everything else fixed. */
function auditEvent(reason: string | null, at = '2026-12-07T10:00:00.000Z'): NewAuditEvent {
  return {
    at,
    user_id: 'u-1',
    role: 'therapist',
    unit_id: 'unit-1',
    action: 'course.read',
    patient_id: null,
    course_id: null,
    object_type: 'course',
    object_id: 'c-1',
    outcome: 'allowed',
    reason,
    client: null,
  };
}

describe.each(engines())('storage on $name', (engine) => {
  let current: TestDatabase | undefined;
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });

  it('migrates a new database to the latest schema, and again without change', async () => {
    current = await engine.create();
    expect(await migrateToLatest(current.db)).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(current.db)).toEqual([]);
    const tables = await current.db.introspection.getTables();
    const columns = Object.fromEntries(
      tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()]),
    );
    // The Schema type in server/storage/schema.ts must match what the migrations create.
    expect(columns).toEqual(EXPECTED_COLUMNS);
  });

  it('records the creation of a database once, with its demo flag', async () => {
    current = await engine.create();
    await migrateToLatest(current.db);
    const first = await initialiseDatabase(current.db, {
      registry: builtInRegistry(),
      demo: false,
      now: new Date('2026-01-02T03:04:05Z'),
    });
    const second = await initialiseDatabase(current.db, {
      registry: builtInRegistry(),
      demo: true,
      now: new Date('2026-02-02T00:00:00Z'),
    });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(await findMeta(current.db, 'created_at')).toBe('2026-01-02T03:04:05.000Z');
    expect(await findMeta(current.db, 'demo')).toBe('0');
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from kor_meta`.execute(
      current.db,
    );
    expect(Number(rows[0]?.n)).toBe(2);
  });

  it('hashes audit events with quotes, control characters and any script the same as the chain check', async () => {
    current = await engine.create();
    await migrateToLatest(current.db);
    const db = current.db;
    const reasons = [
      null,
      'plain',
      'quote " and backslash \\ and slash /',
      'lines\nand\ttabs\r\b\f and \u0001\u001f controls',
      'bokmål æøå ÆØÅ, sámegiella čđŋšŧž, 漢字, emoji 🧭',
      'separators \u2028\u2029 and \u007f',
      'a lone surrogate \ud800 here',
    ];
    for (const reason of reasons) {
      await db.transaction().execute((trx) => appendAuditEvent(trx, auditEvent(reason)));
    }
    const stored = await db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(stored.map((e) => Number(e.seq))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const event of stored) {
      const { hash, ...rest } = event;
      expect(auditHash({ ...rest, seq: Number(rest.seq) }), `event ${event.seq}`).toBe(hash);
    }
    expect(stored[0]?.prev_hash).toBe(GENESIS_HASH);
    // What is stored is what was hashed: the lone surrogate became U+FFFD before either.
    expect(stored[6]?.reason).toBe('a lone surrogate \ufffd here');
    expect(await verifyAuditChain(db)).toEqual({ ok: true, events: 7 });
    expect(await readAuditChainHead(db)).toEqual({ seq: 7, hash: stored[6]?.hash });
  });

  it('concurrent audit appends form one chain with no fork and no gap', async () => {
    current = await engine.create();
    await migrateToLatest(current.db);
    const db = current.db;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.transaction().execute((trx) => appendAuditEvent(trx, auditEvent(`append ${i}`))),
      ),
    );
    const stored = await db.selectFrom('audit_events').select(['seq', 'reason']).execute();
    expect(stored.map((e) => Number(e.seq)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(new Set(stored.map((e) => e.reason)).size).toBe(40);
    // A rolled-back append leaves neither an event nor a moved head.
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAuditEvent(trx, auditEvent('rolled back'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await verifyAuditChain(db)).toEqual({ ok: true, events: 40 });
    expect((await readAuditChainHead(db))?.seq).toBe(40);
    // Nothing is left waiting: every pending event was chained when its transaction committed.
    expect(await db.selectFrom('audit_pending').selectAll().execute()).toEqual([]);
  });

  it('the chain check sees events removed from the end of the audit log', async () => {
    current = await engine.create();
    await migrateToLatest(current.db);
    const db = current.db;
    for (const reason of ['one', 'two', 'three']) {
      await db.transaction().execute((trx) => appendAuditEvent(trx, auditEvent(reason)));
    }
    await sql`delete from audit_events where seq = 3`.execute(db);
    expect(await verifyAuditChain(db)).toEqual({ ok: false, events: 2, brokenAt: 3 });
  });

  it('migrating a log written before the chain head continues its chain', async () => {
    current = await engine.create();
    const db = current.db;
    const migrator = new Migrator({
      db: db as Kysely<unknown>,
      provider: { getMigrations: async () => ({ ...migrations }) },
    });
    const { error } = await migrator.migrateTo('0014-openid-connect');
    expect(error).toBeUndefined();
    // Two events as the appends before migration 0015 wrote them.
    let prev = GENESIS_HASH;
    for (const seq of [1, 2]) {
      const partial = { ...auditEvent(`before ${seq}`), seq, prev_hash: prev };
      const row = { ...partial, hash: auditHash(partial) };
      await db.insertInto('audit_events').values(row).execute();
      prev = row.hash;
    }
    await migrateToLatest(db);
    expect(await readAuditChainHead(db)).toEqual({ seq: 2, hash: prev });
    await db.transaction().execute((trx) => appendAuditEvent(trx, auditEvent('after')));
    const third = await db.selectFrom('audit_events').selectAll().where('seq', '=', 3).execute();
    expect(third).toMatchObject([{ reason: 'after', prev_hash: prev }]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, events: 3 });
  });
});
