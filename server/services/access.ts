/**
 * Who may see what. Default deny: patient data is for a unit's therapists and unit leads only;
 * nothing crosses units (answered as 404, so existence is not revealed).
 */
import type { UnitRole } from '../storage/schema';
import type { Actor } from './auth-service';

export const CLINICAL_ROLES: readonly UnitRole[] = ['therapist', 'unit_lead'];

export function rolesIn(actor: Actor, unitId: string): UnitRole[] {
  return actor.memberships.filter((m) => m.unitId === unitId).map((m) => m.role);
}

/** The clinical role the actor acts in at a unit (unit lead before therapist), or null. */
export function clinicalRole(actor: Actor, unitId: string): UnitRole | null {
  const roles = rolesIn(actor, unitId);
  if (roles.includes('unit_lead')) return 'unit_lead';
  if (roles.includes('therapist')) return 'therapist';
  return null;
}

export function clinicalUnits(actor: Actor): string[] {
  return [
    ...new Set(
      actor.memberships.filter((m) => CLINICAL_ROLES.includes(m.role)).map((m) => m.unitId),
    ),
  ];
}

/** A Norwegian national identity number (fødselsnummer / D-number) has 11 digits. */
export function looksLikeNationalId(code: string): boolean {
  return /^\d{11}$/.test(code.replace(/[\s.-]/g, ''));
}
