/**
 * Who manages a clinical unit — its measurement-plan templates and its staff's roles: its unit
 * lead or unit admin, or a system administrator (any clinical unit; never a trainee's practice
 * unit). Anyone else gets 404, so a unit's existence is not revealed.
 */
import { NotFoundError } from '../http/errors';
import type { Database } from '../storage/database';
import { findOrganisationById, type OrganisationRow } from '../storage/organisation-repository';
import { rolesIn } from './access';
import type { Actor } from './auth-service';

export type UnitManagerRole = 'unit_lead' | 'admin';

/** The role the actor manages the unit in, as the audit log records it. */
export async function unitManager(
  db: Database,
  actor: Actor,
  unitId: string,
): Promise<{ role: UnitManagerRole; unit: OrganisationRow }> {
  const roles = rolesIn(actor, unitId);
  const member: UnitManagerRole | null = roles.includes('unit_lead')
    ? 'unit_lead'
    : roles.includes('admin')
      ? 'admin'
      : null;
  if (member || actor.globalRole === 'admin') {
    const unit = await findOrganisationById(db, unitId);
    // A membership is always in a unit; a system administrator's reach ends at practice units.
    if (unit && unit.kind === 'unit' && (member !== null || unit.is_practice === 0))
      return { role: member ?? 'admin', unit };
  }
  throw new NotFoundError('No such unit');
}
