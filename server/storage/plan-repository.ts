import type { Database } from './database';
import type { PlanItemsTable, PlanTemplatesTable } from './schema';

export type PlanTemplateRow = PlanTemplatesTable;
export type PlanItemRow = PlanItemsTable;

export async function insertPlanTemplate(
  db: Database,
  row: PlanTemplateRow,
  items: readonly PlanItemRow[],
): Promise<void> {
  await db.insertInto('plan_templates').values(row).execute();
  if (items.length)
    await db
      .insertInto('plan_items')
      .values([...items])
      .execute();
}

export async function findPlanTemplate(
  db: Database,
  id: string,
): Promise<PlanTemplateRow | undefined> {
  return db.selectFrom('plan_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listPlanTemplates(db: Database, unitId: string): Promise<PlanTemplateRow[]> {
  return db
    .selectFrom('plan_templates')
    .selectAll()
    .where('unit_id', '=', unitId)
    .orderBy('name')
    .execute();
}

export async function listPlanItems(
  db: Database,
  ownerKind: 'template' | 'course',
  ownerId: string,
): Promise<PlanItemRow[]> {
  return db
    .selectFrom('plan_items')
    .selectAll()
    .where('owner_kind', '=', ownerKind)
    .where('owner_id', '=', ownerId)
    .orderBy('position')
    .execute();
}

export async function replaceCoursePlan(
  db: Database,
  courseId: string,
  items: readonly PlanItemRow[],
): Promise<void> {
  await db
    .deleteFrom('plan_items')
    .where('owner_kind', '=', 'course')
    .where('owner_id', '=', courseId)
    .execute();
  if (items.length)
    await db
      .insertInto('plan_items')
      .values([...items])
      .execute();
}

/** The latest answer date per instrument in a course. */
export async function lastAnsweredPerInstrument(
  db: Database,
  courseId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('responses')
    .select(['instrument_id', (eb) => eb.fn.max('answered_at').as('last')])
    .where('course_id', '=', courseId)
    .groupBy('instrument_id')
    .execute();
  return new Map(rows.map((r) => [r.instrument_id, String(r.last)]));
}

/** Deletes a template and its items (courses keep the copies they made of it). */
export async function deletePlanTemplate(db: Database, id: string): Promise<void> {
  await db
    .deleteFrom('plan_items')
    .where('owner_kind', '=', 'template')
    .where('owner_id', '=', id)
    .execute();
  await db.deleteFrom('plan_templates').where('id', '=', id).execute();
}
