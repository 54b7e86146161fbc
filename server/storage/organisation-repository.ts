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
