import { sql } from 'kysely';
import type { Database } from './database';
import type { OrganisationKind, OrganisationsTable } from './schema';

export type OrganisationRow = OrganisationsTable;

export async function insertOrganisation(db: Database, row: OrganisationRow): Promise<void> {
  await db.insertInto('organisations').values(row).execute();
}

export async function findOrganisationById(
  db: Database,
  id: string,
): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrganisations(
  db: Database,
  kind?: OrganisationKind,
): Promise<OrganisationRow[]> {
  let query = db.selectFrom('organisations').selectAll().orderBy('name');
  if (kind) query = query.where('kind', '=', kind);
  return query.execute();
}

export async function renameOrganisation(
  db: Database,
  id: string,
  name: string,
): Promise<OrganisationRow> {
  return db
    .updateTable('organisations')
    .set({ name })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What still refers to an organisation, by kind, leaving out kinds with nothing. */
export async function organisationReferences(
  db: Database,
  id: string,
): Promise<Partial<Record<OrganisationReference, number>>> {
  const count = (table: ReferringTable, column: string) =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where(sql.ref(column), '=', id)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  const counts: Record<OrganisationReference, number> = {
    children: await count('organisations', 'parent_id'),
    memberships: await count('memberships', 'unit_id'),
    patients: await count('patients', 'unit_id'),
    courses: await count('treatment_courses', 'unit_id'),
    plan_templates: await count('plan_templates', 'unit_id'),
    training_courses:
      (await count('training_courses', 'unit_id')) + (await count('training_courses', 'region_id')),
    practice: await count('practice_units', 'unit_id'),
  };
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

export type OrganisationReference =
  | 'children'
  | 'memberships'
  | 'patients'
  | 'courses'
  | 'plan_templates'
  | 'training_courses'
  | 'practice';
type ReferringTable =
  | 'organisations'
  | 'memberships'
  | 'patients'
  | 'treatment_courses'
  | 'plan_templates'
  | 'training_courses'
  | 'practice_units';

/** Deletes an organisation nothing refers to any more (with its unit's outcome basis). */
export async function deleteOrganisation(db: Database, id: string): Promise<void> {
  await db.deleteFrom('unit_outcome_basis').where('unit_id', '=', id).execute();
  await db.deleteFrom('organisations').where('id', '=', id).execute();
}
