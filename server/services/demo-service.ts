/**
 * The demo unit for a new database with KOR_DEMO=1: a fictional organisation, staff with
 * printed passwords, and about 40 synthetic patients whose courses over six months show the
 * patterns a therapist must recognise. Everything is marked as demo data; nothing is real.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_RISK_CONFIG, type InstrumentRegistry, score } from '../../instruments';
import { insertContact, insertCourse, insertEpisode } from '../storage/course-repository';
import type { Database } from '../storage/database';
import { insertResponse } from '../storage/form-repository';
import { insertPatient } from '../storage/patient-repository';
import { insertPlanTemplate, replaceCoursePlan } from '../storage/plan-repository';
import type { EndType, LevelOfCare } from '../storage/schema';
import { createRiskEngine } from './risk-engine';
import { createOrganisation, createUser } from './staff-service';

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

/** A small deterministic PRNG (mulberry32): the same demo every time. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Four visual-analogue lines, one decimal each, that add up to about `total`. */
function lines(total: number, random: () => number): Record<string, number> {
  const clamp = (v: number) => Math.min(10, Math.max(0, Math.round(v * 10) / 10));
  return Object.fromEntries(
    [1, 2, 3, 4].map((i) => [String(i), clamp(total / 4 + (random() - 0.5) * 1.2)]),
  );
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
  const outcomeDef = registry.get('session-outcome');
  const allianceDef = registry.get('session-alliance');
  const auditDef = registry.get('audit');
  const duditDef = registry.get('dudit');
  const hsclDef = registry.get('hscl-25');
  if (!outcomeDef || !allianceDef || !auditDef || !duditDef || !hsclDef)
    throw new Error('demo: instruments missing');

  const plan = [
    { instrument_id: 'audit', schedule: 'intake', interval_weeks: null },
    { instrument_id: 'dudit', schedule: 'intake', interval_weeks: null },
    { instrument_id: 'session-outcome', schedule: 'every_session', interval_weeks: null },
    { instrument_id: 'session-alliance', schedule: 'every_session', interval_weeks: null },
    { instrument_id: 'hscl-25', schedule: 'every_n_weeks', interval_weeks: 6 },
    { instrument_id: 'psq-18', schedule: 'discharge', interval_weeks: null },
  ] as const;
  const planRows = (ownerKind: 'template' | 'course', ownerId: string) =>
    plan.map((item, position) => ({
      ...item,
      id: randomUUID(),
      owner_kind: ownerKind,
      owner_id: ownerId,
      position,
      created_at: now.toISOString(),
    }));

  await db.transaction().execute(async (trx) => {
    for (const unit of [outpatient, inpatient]) {
      const id = randomUUID();
      await insertPlanTemplate(
        trx,
        { id, unit_id: unit.id, name: 'DEMO standard', created_at: now.toISOString() },
        planRows('template', id),
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
      const patientId = randomUUID();
      await insertPatient(trx, {
        id: patientId,
        unit_id: unit.id,
        code: `DEMO-${String(n).padStart(3, '0')}`,
        birth_year: 1960 + Math.floor(random() * 45),
        sex: random() < 0.35 ? 'female' : 'male',
        created_at: now.toISOString(),
      });

      const weeks = 8 + Math.floor(random() * 18);
      const start = new Date(now.getTime() - (weeks * 7 + Math.floor(random() * 14)) * day);
      const ended =
        pattern === 'dropped-out' || pattern === 'completed' || pattern === 'transfer-dropout';
      // Active courses have a session every week up to this week; ended ones stop earlier.
      const sessionCount =
        pattern === 'dropped-out'
          ? 4 + Math.floor(random() * 3)
          : pattern === 'transfer-dropout'
            ? 10
            : pattern === 'completed'
              ? weeks
              : weeks + 3;
      const endType: EndType | null =
        pattern === 'completed' ? 'completed' : ended ? 'dropped_out' : null;
      const courseId = randomUUID();
      const stamp = now.toISOString();
      const endDate = ended ? new Date(start.getTime() + (sessionCount * 7 + 10) * day) : null;
      await insertCourse(
        trx,
        {
          id: courseId,
          patient_id: patientId,
          unit_id: unit.id,
          start_date: isoDate(start),
          planned_end_date: null,
          planned_duration_weeks: 24,
          goals: JSON.stringify(['Mindre rusmiddelbruk', 'Bedre søvn']),
          end_type: endType,
          end_date: endDate ? isoDate(endDate) : null,
          end_note: endType ? 'Demo' : null,
          created_at: stamp,
          updated_at: stamp,
        },
        therapist ? [therapist] : [],
      );
      await replaceCoursePlan(trx, courseId, planRows('course', courseId));
      const level: LevelOfCare = inpatientStart ? 'inpatient' : 'outpatient';
      const transferWeek = 6;
      await insertEpisode(trx, {
        id: randomUUID(),
        course_id: courseId,
        unit_id: unit.id,
        level_of_care: level,
        start_date: isoDate(start),
        end_date: inpatientStart
          ? isoDate(new Date(start.getTime() + transferWeek * 7 * day))
          : null,
        created_at: stamp,
      });
      if (inpatientStart) {
        await insertEpisode(trx, {
          id: randomUUID(),
          course_id: courseId,
          unit_id: outpatient.id,
          level_of_care: 'outpatient',
          start_date: isoDate(new Date(start.getTime() + transferWeek * 7 * day)),
          end_date: null,
          created_at: stamp,
        });
      }

      const intake = 14 + random() * 8;
      const scoredRow = (
        def: NonNullable<ReturnType<InstrumentRegistry['get']>>,
        answers: Record<string, number>,
        date: Date,
      ) => {
        const result = score(def, answers);
        return {
          id: randomUUID(),
          course_id: courseId,
          unit_id: unit.id,
          form_session_id: null,
          instrument_id: def.id,
          instrument_version: def.version,
          answers: JSON.stringify(answers),
          language: 'nb' as const,
          respondent: 'patient' as const,
          entered_by: null,
          answered_at: date.toISOString(),
          score_status: result.status,
          score: JSON.stringify(result),
          scorer_version: result.scorerVersion,
          idempotency_key: `demo-${randomUUID()}`,
          request_hash: 'demo',
          created_at: stamp,
        };
      };
      // Intake screening, and symptom checklists every six weeks, so every chart has data.
      const intakeDate = new Date(start.getTime() + 9 * 3_600_000);
      const pick = (values: readonly number[]) => values[Math.floor(random() * values.length)] ?? 0;
      await insertResponse(
        trx,
        scoredRow(
          auditDef,
          Object.fromEntries(
            Array.from({ length: 10 }, (_, i) => [
              String(i + 1),
              i >= 8 ? pick([0, 2, 2, 4]) : pick([1, 2, 2, 3]),
            ]),
          ),
          intakeDate,
        ),
      );
      await insertResponse(
        trx,
        scoredRow(
          duditDef,
          Object.fromEntries(
            Array.from({ length: 11 }, (_, i) => [
              String(i + 1),
              i >= 9 ? pick([0, 0, 2]) : pick([0, 1, 1, 2]),
            ]),
          ),
          intakeDate,
        ),
      );
      const better = { improving: 0.25, completed: 0.25, deteriorating: -0.2 }[
        pattern as 'improving'
      ];
      for (let w = 0; start.getTime() + w * 7 * day < now.getTime(); w += 6) {
        if (ended && endDate && start.getTime() + w * 7 * day > endDate.getTime()) break;
        const level = 2.6 - (better ?? 0) * (w / 6);
        await insertResponse(
          trx,
          scoredRow(
            hsclDef,
            Object.fromEntries(
              Array.from({ length: 25 }, (_, i) => [
                String(i + 1),
                // Item 20 (hopelessness) stays at 1 in the demo: no safety signal.
                i === 19 ? 1 : Math.min(4, Math.max(1, Math.round(level + (random() - 0.5) * 2))),
              ]),
            ),
            new Date(start.getTime() + w * 7 * day + 9 * 3_600_000),
          ),
        );
      }
      // The alliance of a falling-alliance course is high, then falls over its last nine
      // sessions, a little more than a point each time: the pattern the caseload must show first.
      const sessionsHeld = Math.min(
        sessionCount,
        Math.floor((now.getTime() - start.getTime()) / (7 * day)) + 1,
      );
      const allianceLevel = 37 + random() * 2.2 - (pattern === 'dropped-out' ? 3 : 0);
      for (let s = 0; s < sessionCount; s++) {
        const date = new Date(start.getTime() + s * 7 * day + 10 * 3_600_000);
        if (date > now) break;
        const missed =
          (pattern === 'missed-sessions' && s > 2 && (s % 3 === 0 || s === sessionsHeld - 1)) ||
          (pattern === 'transfer-dropout' && s > transferWeek + 1);
        await insertContact(trx, {
          id: randomUUID(),
          course_id: courseId,
          kind: missed ? 'no_show' : s > 0 && s % 6 === 0 ? 'evaluation' : 'session',
          date: isoDate(date),
          recorded_by: therapist ?? null,
          created_at: stamp,
        });
        if (missed) continue;
        const trend = {
          improving: 0.9,
          completed: 0.8,
          'no-change': 0,
          deteriorating: -0.6,
          'alliance-falling': 0.2,
          'missed-sessions': 0.1,
          'transfer-dropout': s > transferWeek ? -0.8 : 0.4,
          'dropped-out': -0.2,
        }[pattern];
        const total = Math.min(38, Math.max(4, intake + trend * s + (random() - 0.5) * 3));
        const falling = pattern === 'alliance-falling';
        // Other alliances are steady, with little noise: a fall of a point means something.
        const allianceTotal = falling
          ? 39.2 - 1.2 * Math.max(0, s - (sessionsHeld - 9))
          : allianceLevel + (random() - 0.5) * 0.8;
        const steady = () => 0.5 + (random() - 0.5) * 0.3;
        for (const [def, value] of [
          [outcomeDef, total],
          [allianceDef, allianceTotal],
        ] as const) {
          // The falling alliance is drawn without noise, so every step is a real fall.
          const answers = lines(
            value,
            def === allianceDef ? (falling ? () => 0.5 : steady) : random,
          );
          await insertResponse(trx, scoredRow(def, answers, date));
        }
      }
    }
  });
  // Signals for every demo course, and the units' bases for their own expected trajectories.
  const risk = createRiskEngine(DEFAULT_RISK_CONFIG);
  for (const unit of [outpatient, inpatient]) await risk.refreshUnitBasis(db, unit.id, now);
  await risk.sweep(db, now);
}
