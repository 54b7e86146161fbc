/**
 * Trainers and who trained whom. A trainer is a staff user (national trainers, the lineage's
 * roots, and trainers with a membership) or someone certified by a train-the-trainer course.
 */
import type { Database } from './database';
import type { TrainerLineageTable, TrainersTable } from './schema';

export type TrainerRow = TrainersTable;
export type TrainerLineageRow = TrainerLineageTable;

export async function insertTrainer(db: Database, row: TrainerRow): Promise<void> {
  await db.insertInto('trainers').values(row).execute();
}

export async function updateTrainer(
  db: Database,
  id: string,
  changes: Partial<
    Pick<TrainerRow, 'participant_id' | 'certified_course_id' | 'certified_at' | 'unit_id'>
  >,
): Promise<void> {
  await db.updateTable('trainers').set(changes).where('id', '=', id).execute();
}

export async function findTrainerByUserId(
  db: Database,
  userId: string,
): Promise<TrainerRow | undefined> {
  return db.selectFrom('trainers').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function findTrainerByParticipantId(
  db: Database,
  participantId: string,
): Promise<TrainerRow | undefined> {
  return db
    .selectFrom('trainers')
    .selectAll()
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
}

export async function insertLineage(db: Database, rows: readonly TrainerLineageRow[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('trainer_lineage')
    .values([...rows])
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Every trainer, with the free-text unit of the participant they were (for external people). */
export async function listTrainers(
  db: Database,
): Promise<(TrainerRow & { participant_unit_name: string | null })[]> {
  return db
    .selectFrom('trainers as t')
    .leftJoin('training_participants as p', 'p.id', 't.participant_id')
    .selectAll('t')
    .select('p.unit_name as participant_unit_name')
    .orderBy('t.name')
    .orderBy('t.id')
    .execute();
}

export async function listLineage(db: Database): Promise<TrainerLineageRow[]> {
  return db.selectFrom('trainer_lineage').selectAll().execute();
}

/** Active users with the global role national_trainer. */
export async function listNationalTrainerUsers(
  db: Database,
): Promise<{ id: string; display_name: string; email: string }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'email'])
    .where('global_role', '=', 'national_trainer')
    .where('is_active', '=', 1)
    .orderBy('display_name')
    .execute();
}

/** Per user: how many courses (not cancelled) they ran. */
export async function countCoursesRunByUser(db: Database): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('training_course_trainers as t')
    .innerJoin('training_courses as c', 'c.id', 't.course_id')
    .select((eb) => ['t.user_id', eb.fn.countAll<string | number>().as('n')])
    .where('c.status', '<>', 'cancelled')
    .groupBy('t.user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/** Per user: the units of the registered participants of the courses (not cancelled) they ran. */
export async function listUnitsReachedByUser(
  db: Database,
): Promise<{ userId: string; unitId: string; unitName: string }[]> {
  const rows = await db
    .selectFrom('training_course_trainers as t')
    .innerJoin('training_courses as c', 'c.id', 't.course_id')
    .innerJoin('training_participants as p', 'p.course_id', 'c.id')
    .innerJoin('organisations as o', 'o.id', 'p.unit_id')
    .select(['t.user_id', 'o.id as unit_id', 'o.name as unit_name'])
    .distinct()
    .where('c.status', '<>', 'cancelled')
    .where('p.status', '=', 'registered')
    .orderBy('o.name')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, unitId: r.unit_id, unitName: r.unit_name }));
}
