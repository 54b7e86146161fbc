/**
 * Imported instrument versions and retirements. A published row is never updated: the only
 * update is a draft's publishing, guarded by its state.
 */
import type { Database } from './database';
import type { InstrumentRetirementsTable, InstrumentVersionsTable } from './schema';

export type InstrumentVersionRow = InstrumentVersionsTable;
export type InstrumentRetirementRow = InstrumentRetirementsTable;

export async function insertInstrumentVersion(
  db: Database,
  row: InstrumentVersionRow,
): Promise<void> {
  await db.insertInto('instrument_versions').values(row).execute();
}

export async function findInstrumentVersion(
  db: Database,
  instrumentId: string,
  version: string,
): Promise<InstrumentVersionRow | undefined> {
  return db
    .selectFrom('instrument_versions')
    .selectAll()
    .where('instrument_id', '=', instrumentId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function listInstrumentVersions(db: Database): Promise<InstrumentVersionRow[]> {
  return db
    .selectFrom('instrument_versions')
    .selectAll()
    .orderBy('instrument_id')
    .orderBy('imported_at')
    .execute();
}

export async function listPublishedInstrumentVersions(
  db: Database,
): Promise<InstrumentVersionRow[]> {
  return db
    .selectFrom('instrument_versions')
    .selectAll()
    .where('state', '=', 'published')
    .orderBy('instrument_id')
    .orderBy('published_at')
    .execute();
}

/** Publishes a draft: true when it was one (and is now published). */
export async function publishInstrumentVersion(
  db: Database,
  key: { instrumentId: string; version: string },
  publish: { definition: string; sha256: string; by: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('instrument_versions')
    .set({
      state: 'published',
      definition: publish.definition,
      sha256: publish.sha256,
      published_by: publish.by,
      published_at: publish.at,
    })
    .where('instrument_id', '=', key.instrumentId)
    .where('version', '=', key.version)
    .where('state', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Discards a draft: true when it was one. */
export async function deleteInstrumentDraft(
  db: Database,
  key: { instrumentId: string; version: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom('instrument_versions')
    .where('instrument_id', '=', key.instrumentId)
    .where('version', '=', key.version)
    .where('state', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function insertInstrumentRetirement(
  db: Database,
  row: InstrumentRetirementRow,
): Promise<void> {
  await db.insertInto('instrument_retirements').values(row).execute();
}

export async function listInstrumentRetirements(db: Database): Promise<InstrumentRetirementRow[]> {
  return db.selectFrom('instrument_retirements').selectAll().execute();
}

/** Display names of users, for "imported by" and "published by". */
export async function userNames(db: Database, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
