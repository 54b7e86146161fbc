import type { Database } from './database';
import type { PatientsTable } from './schema';

export type PatientRow = PatientsTable;

export async function insertPatient(db: Database, row: PatientRow): Promise<void> {
  await db.insertInto('patients').values(row).execute();
}

export async function findPatientById(db: Database, id: string): Promise<PatientRow | undefined> {
  return db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPatientByCode(
  db: Database,
  unitId: string,
  code: string,
): Promise<PatientRow | undefined> {
  return db
    .selectFrom('patients')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('code', '=', code)
    .executeTakeFirst();
}
