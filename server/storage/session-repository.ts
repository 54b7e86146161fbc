import type { Database } from './database';
import type { StaffSessionsTable } from './schema';
import type { MembershipRow, UserRow } from './user-repository';

export type StaffSessionRow = StaffSessionsTable;

export async function insertStaffSession(db: Database, row: StaffSessionRow): Promise<void> {
  await db.insertInto('staff_sessions').values(row).execute();
}

export async function touchStaffSession(
  db: Database,
  tokenHash: string,
  lastSeenAt: string,
): Promise<void> {
  await db
    .updateTable('staff_sessions')
    .set({ last_seen_at: lastSeenAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** Ends a session; the provider's ID token it held, if it began with OpenID Connect. */
export async function deleteStaffSession(db: Database, tokenHash: string): Promise<string | null> {
  const row = await db
    .deleteFrom('staff_sessions')
    .where('token_hash', '=', tokenHash)
    .returning('oidc_id_token')
    .executeTakeFirst();
  return row?.oidc_id_token ?? null;
}

export async function deleteStaffSessionsOfUser(db: Database, userId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('user_id', '=', userId).execute();
}

/** A staff session with its user and the user's memberships, as one request's authentication reads them. */
export interface SessionWithUser {
  /** Without the provider's ID token: only logout needs it. */
  session: Omit<StaffSessionRow, 'oidc_id_token'>;
  user: Pick<UserRow, 'id' | 'email' | 'display_name' | 'global_role' | 'is_active'>;
  memberships: Pick<MembershipRow, 'unit_id' | 'role'>[];
}

/**
 * The session, its user and their memberships in one statement (one row per membership): every
 * staff request authenticates, and on PostgreSQL each statement is a round trip.
 */
export async function findSessionWithUser(
  db: Database,
  tokenHash: string,
): Promise<SessionWithUser | undefined> {
  const rows = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .select([
      's.token_hash',
      's.user_id',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.email',
      'u.display_name',
      'u.global_role',
      'u.is_active',
      'm.unit_id',
      'm.role',
    ])
    .where('s.token_hash', '=', tokenHash)
    .orderBy('m.unit_id')
    .orderBy('m.role')
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  return {
    session: {
      token_hash: first.token_hash,
      user_id: first.user_id,
      created_at: first.created_at,
      last_seen_at: first.last_seen_at,
      expires_at: first.expires_at,
    },
    user: {
      id: first.user_id,
      email: first.email,
      display_name: first.display_name,
      global_role: first.global_role,
      is_active: first.is_active,
    },
    memberships: rows.flatMap((r) =>
      r.unit_id !== null && r.role !== null ? [{ unit_id: r.unit_id, role: r.role }] : [],
    ),
  };
}
