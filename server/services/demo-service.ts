/**
 * The demo unit for a new database with KOR_DEMO=1: a fictional organisation, staff with
 * printed passwords, and about 40 synthetic patients whose courses over six months show the
 * patterns a therapist must recognise. Everything is marked as demo data; nothing is real.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_RISK_CONFIG, type InstrumentRegistry } from '../../instruments';
import type { Database } from '../storage/database';
import { insertPlanTemplate } from '../storage/plan-repository';
import { createRiskEngine } from './risk-engine';
import { createOrganisation, createUser } from './staff-service';
import { generateSyntheticCourse, writeSyntheticCourse } from './synthetic-courses';
import { type CourseShape, planRows, prng, syntheticInstruments } from './synthetic-shape';

export const DEMO_PASSWORD = 'kor-demo-passord';

export const DEMO_USERS = [
  { email: 'demo-admin@kor.example', name: 'Demo Administrator', role: 'admin (global)' },
  { email: 'demo-leder@kor.example', name: 'Demo Enhetsleder', role: 'unit lead, both demo units' },
  {
    email: 'demo-terapeut@kor.example',
    name: 'Demo Terapeut',
    role: 'therapist, DEMO poliklinikk',
  },
  {
    email: 'demo-terapeut2@kor.example',
    name: 'Demo Terapeut 2',
    role: 'therapist, both demo units',
  },
  { email: 'demo-trener@kor.example', name: 'Demo Trener', role: 'trainer, DEMO poliklinikk' },
  {
    email: 'demo-nasjonal@kor.example',
    name: 'Demo Nasjonal trener',
    role: 'national trainer (global)',
  },
] as const;

type Pattern =
  | 'improving'
  | 'no-change'
  | 'deteriorating'
  | 'alliance-falling'
  | 'missed-sessions'
  | 'transfer-dropout'
  | 'dropped-out'
  | 'completed';
const PATTERNS: Pattern[] = [
  'improving',
  'no-change',
  'deteriorating',
  'alliance-falling',
  'missed-sessions',
  'transfer-dropout',
  'dropped-out',
  'completed',
];

/** Weeks on the ward before a demo patient who starts as an inpatient moves to the clinic. */
const TRANSFER_WEEK = 6;

/** The outcome's change per session, by pattern. */
function outcomeTrend(pattern: Pattern, s: number): number {
  return {
    improving: 0.9,
    completed: 0.8,
    'no-change': 0,
    deteriorating: -0.6,
    'alliance-falling': 0.2,
    'missed-sessions': 0.1,
    'transfer-dropout': s > TRANSFER_WEEK ? -0.8 : 0.4,
    'dropped-out': -0.2,
  }[pattern];
}

/** What a demo course shows: active courses have a session every week up to this week. */
function demoShape(pattern: Pattern, inpatientStart: boolean): CourseShape {
  const ended =
    pattern === 'dropped-out' || pattern === 'completed' || pattern === 'transfer-dropout';
  // The alliance of a falling-alliance course is high, then falls over its last nine
  // sessions, a little more than a point each time: the pattern the caseload must show first.
  // Other alliances are steady, with little noise: a fall of a point means something.
  const falling = pattern === 'alliance-falling';
  return {
    weeks: (random) => 8 + Math.floor(random() * 18),
    extraDays: (random) => Math.floor(random() * 14),
    appointments: (weeks, random) =>
      pattern === 'dropped-out'
        ? 4 + Math.floor(random() * 3)
        : pattern === 'transfer-dropout'
          ? 10
          : pattern === 'completed'
            ? weeks
            : weeks + 3,
    end: pattern === 'completed' ? 'completed' : ended ? 'dropped_out' : null,
    inpatientWeeks: inpatientStart ? TRANSFER_WEEK : null,
    hsclChangePerSixWeeks:
      pattern === 'improving' || pattern === 'completed'
        ? 0.25
        : pattern === 'deteriorating'
          ? -0.2
          : 0,
    allianceLevel: (random) => 37 + random() * 2.2 - (pattern === 'dropped-out' ? 3 : 0),
    missed: (s, held) =>
      (pattern === 'missed-sessions' && s > 2 && (s % 3 === 0 || s === held.sessionsHeld - 1)) ||
      (pattern === 'transfer-dropout' && s > TRANSFER_WEEK + 1),
    outcome: (s, intake, random) =>
      Math.min(38, Math.max(4, intake + outcomeTrend(pattern, s) * s + (random() - 0.5) * 3)),
    alliance: (s, held, level, random) =>
      falling
        ? 39.2 - 1.2 * Math.max(0, s - (held.sessionsHeld - 9))
        : level + (random() - 0.5) * 0.8,
    outcomeLines: 'noisy',
    // The falling alliance is drawn without noise, so every step is a real fall.
    allianceLines: falling ? 'none' : 'steady',
  };
}

export async function seedDemo(
  db: Database,
  registry: InstrumentRegistry,
  now: Date,
): Promise<void> {
  const random = prng(20261123);
  const region = await createOrganisation(
    db,
    { kind: 'region', name: 'DEMO Helseregion (fiktiv)', isDemo: true },
    now,
  );
  const trust = await createOrganisation(
    db,
    { kind: 'trust', name: 'DEMO HF (fiktivt)', parentId: region.id, isDemo: true },
    now,
  );
  const outpatient = await createOrganisation(
    db,
    { kind: 'unit', name: 'DEMO Ruspoliklinikk', parentId: trust.id, isDemo: true },
    now,
  );
  const inpatient = await createOrganisation(
    db,
    { kind: 'unit', name: 'DEMO Døgnavdeling', parentId: trust.id, isDemo: true },
    now,
  );
  const users: Record<string, string> = {};
  const memberships = {
    'demo-admin@kor.example': [],
    'demo-leder@kor.example': [
      { unitId: outpatient.id, role: 'unit_lead' },
      { unitId: inpatient.id, role: 'unit_lead' },
    ],
    'demo-terapeut@kor.example': [{ unitId: outpatient.id, role: 'therapist' }],
    'demo-terapeut2@kor.example': [
      { unitId: outpatient.id, role: 'therapist' },
      { unitId: inpatient.id, role: 'therapist' },
    ],
    'demo-trener@kor.example': [{ unitId: outpatient.id, role: 'trainer' }],
    'demo-nasjonal@kor.example': [],
  } as const;
  for (const u of DEMO_USERS) {
    const created = await createUser(
      db,
      {
        email: u.email,
        displayName: u.name,
        password: DEMO_PASSWORD,
        globalRole:
          u.email === 'demo-admin@kor.example'
            ? 'admin'
            : u.email === 'demo-nasjonal@kor.example'
              ? 'national_trainer'
              : null,
        memberships: [...memberships[u.email]],
        isDemo: true,
      },
      now,
    );
    users[u.email] = created.id;
  }
  const instruments = syntheticInstruments(registry);
  const stamp = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const unit of [outpatient, inpatient]) {
      const id = randomUUID();
      await insertPlanTemplate(
        trx,
        { id, unit_id: unit.id, name: 'DEMO standard', created_at: stamp },
        planRows('template', id, stamp),
      );
    }
    for (let n = 1; n <= 40; n++) {
      const pattern = PATTERNS[(n - 1) % PATTERNS.length] as Pattern;
      const inpatientStart = pattern === 'transfer-dropout' || n % 10 === 3;
      const unit = inpatientStart ? inpatient : outpatient;
      const therapist =
        n % 3 === 0 || inpatientStart
          ? users['demo-terapeut2@kor.example']
          : users['demo-terapeut@kor.example'];
      const course = generateSyntheticCourse(instruments, random, now, {
        code: `DEMO-${String(n).padStart(3, '0')}`,
        unitId: unit.id,
        outpatientUnitId: outpatient.id,
        therapistIds: therapist ? [therapist] : [],
        recordedBy: therapist ?? null,
        endNote: 'Demo',
        keyPrefix: 'demo',
        shape: demoShape(pattern, inpatientStart),
      });
      await writeSyntheticCourse(trx, course);
    }
  });
  // Signals for every demo course, and the units' bases for their own expected trajectories.
  const risk = createRiskEngine(DEFAULT_RISK_CONFIG);
  for (const unit of [outpatient, inpatient]) await risk.refreshUnitBasis(db, unit.id, now);
  await risk.sweep(db, now);
}
