/**
 * Finding staff users by name or e-mail, for registering them on a training course. SQLite's
 * lower() and LIKE fold ASCII letters only (and PostgreSQL's depend on the database's locale),
 * so the database narrows the search only for an ASCII query, where both engines agree; the
 * caller compares the text itself in every case.
 */
import { sql } from 'kysely';
import type { Database } from './database';

export interface StaffCandidate {
  id: string;
  name: string;
  email: string;
}

/** `text` as a LIKE pattern matching it anywhere, with `\` as the escape character. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * Active users, optionally only those with a membership in one of `unitIds`, and (for an ASCII
 * `asciiText`) only those whose name or e-mail contains it, ignoring case.
 */
export async function listActiveStaff(
  db: Database,
  filter: { unitIds?: readonly string[]; asciiText?: string },
): Promise<StaffCandidate[]> {
  const { unitIds, asciiText } = filter;
  if (unitIds && unitIds.length === 0) return [];
  let query = db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name', 'u.email'])
    .where('u.is_active', '=', 1);
  if (unitIds) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .select('m.user_id')
          .whereRef('m.user_id', '=', 'u.id')
          .where('m.unit_id', 'in', unitIds),
      ),
    );
  }
  if (asciiText !== undefined) {
    const pattern = containsPattern(asciiText);
    query = query.where(
      sql<boolean>`(lower(${sql.ref('u.display_name')}) like ${pattern} escape '\\' or lower(${sql.ref('u.email')}) like ${pattern} escape '\\')`,
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name, email: r.email }));
}

/** The units (never practice units) the given users have a membership in, by name. */
export async function listUnitsOfUsers(
  db: Database,
  userIds: readonly string[],
): Promise<{ userId: string; id: string; name: string }[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.unit_id')
    .select(['m.user_id', 'o.id', 'o.name'])
    .distinct()
    .where('m.user_id', 'in', userIds)
    .where('o.is_practice', '=', 0)
    .orderBy('o.name')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, id: r.id, name: r.name }));
}
