/**
 * Fills an empty database with generated history (bulk-history.ts) and a login for it: what
 * `npm run kor -- generate` and `npm run bench` run. Batches are written as they are generated,
 * one transaction each, so memory stays bounded; afterwards every unit's outcome basis and every
 * active course's risk are computed, as the daily sweep would, and PostgreSQL gets statistics.
 */
import type { InstrumentRegistry, RiskConfig } from '../../instruments';
import { ConflictError } from '../http/errors';
import {
  analyzeAfterBulkLoad,
  type BulkRows,
  beginBulkLoad,
  countTreatmentCourses,
  endBulkLoad,
  insertBulkRows,
} from '../storage/bulk-history-repository';
import type { Database } from '../storage/database';
import { type BulkHistoryOptions, bulkHistory, GENERATED_EMAIL_DOMAIN } from './bulk-history';
import { checkPasswordPolicy } from './passwords';
import { createRiskEngine } from './risk-engine';
import { createUser } from './staff-service';
import { syntheticInstruments } from './synthetic-shape';

/** Unit lead and therapist of the caseload unit; the password is the caller's. */
export const GENERATED_LOGIN_EMAIL = `leder@${GENERATED_EMAIL_DOMAIN}`;

export interface GeneratedCounts {
  units: number;
  courses: number;
  activeCourses: number;
  contacts: number;
  responses: number;
}

export interface GeneratedHistory {
  caseloadUnitId: string;
  login: string;
  counts: GeneratedCounts;
  /** Active courses whose risk was computed. */
  risks: number;
  seconds: { write: number; risk: number };
}

export interface GenerateInput {
  options: BulkHistoryOptions;
  /** The password of the generated login (the staff password policy applies). */
  password: string;
  registry: InstrumentRegistry;
  riskConfig: RiskConfig;
  /** Called after each batch is written. */
  progress?: (counts: GeneratedCounts) => void;
}

export async function generateHistory(
  db: Database,
  input: GenerateInput,
): Promise<GeneratedHistory> {
  checkPasswordPolicy(input.password);
  const existing = await countTreatmentCourses(db);
  if (existing > 0) {
    throw new ConflictError(
      'database_not_empty',
      `The database already has ${existing} treatment courses; generate only fills an empty ` +
        'database, so that generated and real data are never mixed. Point KOR_DB or DATABASE_URL ' +
        'at a new database.',
    );
  }
  const started = performance.now();
  await beginBulkLoad(db);
  try {
    const history = bulkHistory(syntheticInstruments(input.registry), input.options);
    const { counts, unitIds } = await writeBatches(db, history.batches, input.progress);
    const login = await createUser(
      db,
      {
        email: GENERATED_LOGIN_EMAIL,
        displayName: 'Leder (generert)',
        password: input.password,
        memberships: [
          { unitId: history.caseloadUnitId, role: 'unit_lead' },
          { unitId: history.caseloadUnitId, role: 'therapist' },
        ],
      },
      input.options.today,
    );
    const written = performance.now();
    const risk = createRiskEngine(input.riskConfig);
    for (const unitId of unitIds) await risk.refreshUnitBasis(db, unitId, input.options.today);
    const risks = await risk.sweep(db, input.options.today);
    await analyzeAfterBulkLoad(db);
    const seconds = (ms: number) => Math.round(ms) / 1000;
    return {
      caseloadUnitId: history.caseloadUnitId,
      login: login.email,
      counts,
      risks,
      seconds: { write: seconds(written - started), risk: seconds(performance.now() - written) },
    };
  } finally {
    await endBulkLoad(db);
  }
}

async function writeBatches(
  db: Database,
  batches: Iterable<BulkRows>,
  progress: GenerateInput['progress'],
): Promise<{ counts: GeneratedCounts; unitIds: string[] }> {
  const counts: GeneratedCounts = {
    units: 0,
    courses: 0,
    activeCourses: 0,
    contacts: 0,
    responses: 0,
  };
  const unitIds: string[] = [];
  for (const rows of batches) {
    await insertBulkRows(db, rows);
    for (const org of rows.organisations) if (org.kind === 'unit') unitIds.push(org.id);
    counts.units = unitIds.length;
    counts.courses += rows.courses.length;
    counts.activeCourses += rows.courses.filter((c) => c.end_date === null).length;
    counts.contacts += rows.contacts.length;
    counts.responses += rows.responses.length;
    progress?.({ ...counts });
  }
  return { counts, unitIds };
}
