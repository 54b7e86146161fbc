/**
 * Staff search for the course room: a trainer finds the staff users they may register on a
 * course — national trainers (and administrators who are trainers) anyone, a trainer the people
 * of the units where they are a trainer. Active users only, at most STAFF_SEARCH_LIMIT.
 */
import type { Database } from '../storage/database';
import { listActiveStaff, listUnitsOfUsers } from '../storage/staff-search-repository';
import type { Actor } from './auth-service';
import { requireTrainingWriter } from './training-access';

export const STAFF_SEARCH_LIMIT = 20;

const fold = (text: string) => text.toLocaleLowerCase('nb');
const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

export function createStaffSearchService(db: Database) {
  return {
    async search(actor: Actor, query: string) {
      const access = requireTrainingWriter(actor);
      const unitIds = access.seesAll
        ? undefined
        : actor.memberships.filter((m) => m.role === 'trainer').map((m) => m.unitId);
      const candidates = await listActiveStaff(db, {
        unitIds,
        asciiText: isAscii(query) ? query : undefined,
      });
      const wanted = fold(query);
      const found = candidates
        .filter((u) => fold(u.name).includes(wanted) || fold(u.email).includes(wanted))
        .sort((a, b) => a.name.localeCompare(b.name, 'nb') || a.email.localeCompare(b.email))
        .slice(0, STAFF_SEARCH_LIMIT);
      const units = await listUnitsOfUsers(
        db,
        found.map((u) => u.id),
      );
      return {
        users: found.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          units: units
            .filter((x) => x.userId === u.id)
            .sort((a, b) => a.name.localeCompare(b.name, 'nb') || a.id.localeCompare(b.id))
            .map((x) => ({ id: x.id, name: x.name })),
        })),
      };
    },
  };
}

export type StaffSearchService = ReturnType<typeof createStaffSearchService>;
