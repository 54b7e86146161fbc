import { PostgresAdapter } from 'kysely';
import type { Database } from './database';
import type { MembershipsTable, UnitRole, UsersTable } from './schema';

export type UserRow = UsersTable;
/** A new user: `external_id` may be left out (most users are matched by e-mail). */
export type NewUserRow = Omit<UsersTable, 'external_id'> & { external_id?: string | null };
export type MembershipRow = MembershipsTable;

export async function insertUser(db: Database, row: NewUserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Database, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countUsers(db: Database): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function updateUser(
  db: Database,
  id: string,
  changes: Partial<Omit<UserRow, 'id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** One more failed login for the user, counted in the statement itself; the new count. */
export async function countFailedLogin(db: Database, id: string, at: string): Promise<number> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_login_count: eb('failed_login_count', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .returning('failed_login_count')
    .executeTakeFirstOrThrow();
  return Number(row.failed_login_count);
}

export async function insertMembership(db: Database, row: MembershipRow): Promise<void> {
  await db
    .insertInto('memberships')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function listMemberships(
  db: Database,
  userId: string,
): Promise<{ unit_id: string; role: UnitRole }[]> {
  return db
    .selectFrom('memberships')
    .select(['unit_id', 'role'])
    .where('user_id', '=', userId)
    .orderBy('unit_id')
    .orderBy('role')
    .execute();
}

/** The units a user is a member of, leaving out practice units (a trainee's synthetic caseload). */
export async function listClinicalUnitIdsOfUser(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.unit_id')
    .select('m.unit_id')
    .distinct()
    .where('m.user_id', '=', userId)
    .where('o.is_practice', '=', 0)
    .orderBy('m.unit_id')
    .execute();
  return rows.map((r) => r.unit_id);
}

export async function findUserByExternalId(
  db: Database,
  externalId: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

/** A user as the administration page lists them: never the password hash or login counters. */
export type UserListRow = Pick<
  UserRow,
  | 'id'
  | 'email'
  | 'display_name'
  | 'global_role'
  | 'is_active'
  | 'external_id'
  | 'last_login_at'
  | 'locked_until'
>;

const LISTED_COLUMNS = [
  'id',
  'email',
  'display_name',
  'global_role',
  'is_active',
  'external_id',
  'last_login_at',
  'locked_until',
] as const;

export async function listUsers(db: Database): Promise<UserListRow[]> {
  return db.selectFrom('users').select(LISTED_COLUMNS).orderBy('email').execute();
}

export async function findListedUser(db: Database, id: string): Promise<UserListRow | undefined> {
  return db.selectFrom('users').select(LISTED_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Every membership of every user, for the administration page. */
export async function listAllMemberships(
  db: Database,
): Promise<{ user_id: string; unit_id: string; role: UnitRole }[]> {
  return db
    .selectFrom('memberships')
    .select(['user_id', 'unit_id', 'role'])
    .orderBy('user_id')
    .orderBy('unit_id')
    .orderBy('role')
    .execute();
}

/** The user's one role in the unit, replacing any role they had there. */
export async function replaceMembershipInUnit(db: Database, row: MembershipRow): Promise<void> {
  await deleteMembershipsInUnit(db, row.user_id, row.unit_id);
  await insertMembership(db, row);
}

/** Removes the user's memberships (every role) in one unit; how many there were. */
export async function deleteMembershipsInUnit(
  db: Database,
  userId: string,
  unitId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('memberships')
    .where('user_id', '=', userId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A unit's staff: each user with a role there, and that role. */
export interface UnitMemberRow extends UserListRow {
  role: UnitRole;
}

export async function listUnitMembers(db: Database, unitId: string): Promise<UnitMemberRow[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([...LISTED_COLUMNS.map((c) => `u.${c}` as const), 'm.role'])
    .where('m.unit_id', '=', unitId)
    .orderBy('u.display_name')
    .orderBy('u.email')
    .orderBy('m.role')
    .execute();
}

/**
 * The active system administrators' ids. On PostgreSQL their rows stay locked until the
 * transaction ends, so two administrators removing each other's role at once take turns and the
 * later one sees what the earlier one did (SQLite has one writer at a time already).
 */
export async function lockActiveAdmins(db: Database): Promise<string[]> {
  const query = db
    .selectFrom('users')
    .select('id')
    .where('global_role', '=', 'admin')
    .where('is_active', '=', 1)
    .orderBy('id');
  const rows = await (db.getExecutor().adapter instanceof PostgresAdapter
    ? query.forUpdate()
    : query
  ).execute();
  return rows.map((r) => r.id);
}
