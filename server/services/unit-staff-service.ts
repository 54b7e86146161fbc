/**
 * A unit's staff, for whoever manages the unit (unit-manager.ts: its unit lead or unit admin, or
 * a system administrator): who has which role there, giving an existing user a role there (found
 * by e-mail address, as a lead knows a colleague), changing it, and taking it away. Accounts
 * themselves — creating, deactivating, a global role — stay with system administrators. Nobody
 * changes or removes their own role here, so a lead cannot lock themselves out of the unit by
 * mistake. Every change is audited in its transaction.
 */
import { ConflictError, NotFoundError } from '../http/errors';
import type { Database } from '../storage/database';
import type { UnitRole } from '../storage/schema';
import {
  deleteMembershipsInUnit,
  findUserByEmail,
  listUnitMembers,
  replaceMembershipInUnit,
  type UnitMemberRow,
} from '../storage/user-repository';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { normaliseEmail } from './staff-service';
import { type UnitManagerRole, unitManager } from './unit-manager';

export interface UnitMember {
  userId: string;
  email: string;
  displayName: string;
  roles: UnitRole[];
  isActive: boolean;
  lastLoginAt: string | null;
}

function members(rows: UnitMemberRow[]): UnitMember[] {
  const byUser = new Map<string, UnitMember>();
  for (const r of rows) {
    const member = byUser.get(r.id) ?? {
      userId: r.id,
      email: r.email,
      displayName: r.display_name,
      roles: [],
      isActive: r.is_active === 1,
      lastLoginAt: r.last_login_at,
    };
    member.roles.push(r.role);
    byUser.set(r.id, member);
  }
  return [...byUser.values()];
}

export function createUnitStaffService(db: Database, clock: () => Date) {
  function audit(
    trx: Database,
    actor: Actor,
    role: UnitManagerRole,
    unitId: string,
    action: string,
    userId: string,
    reason: string | null,
    now: Date,
  ) {
    return recordAccess(
      trx,
      actor,
      { action, unitId, role, objectType: 'user', objectId: userId, reason, outcome: 'allowed' },
      now,
    );
  }

  async function view(trx: Database, unitId: string, name: string) {
    return { unit: { id: unitId, name }, members: members(await listUnitMembers(trx, unitId)) };
  }

  const notOwn = (actor: Actor, userId: string) => {
    if (userId === actor.userId)
      throw new ConflictError(
        'own_account',
        'You cannot change your own role in the unit; ask another lead or a system administrator',
      );
  };

  return {
    async list(actor: Actor, unitId: string) {
      const { unit } = await unitManager(db, actor, unitId);
      return view(db, unitId, unit.name);
    },

    /** Gives the user with this e-mail address the role in the unit, replacing any role there. */
    async setRole(actor: Actor, unitId: string, input: { email: string; role: UnitRole }) {
      const { role: managerRole, unit } = await unitManager(db, actor, unitId);
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const email = normaliseEmail(input.email);
        const user = await findUserByEmail(trx, email);
        if (!user)
          throw new NotFoundError(
            `No user with e-mail ${email}; a system administrator creates new accounts`,
          );
        notOwn(actor, user.id);
        if (user.is_active !== 1)
          throw new ConflictError(
            'inactive_user',
            `${email} is deactivated; a system administrator can reactivate the account`,
          );
        await replaceMembershipInUnit(trx, {
          user_id: user.id,
          unit_id: unitId,
          role: input.role,
          created_at: now.toISOString(),
        });
        await audit(trx, actor, managerRole, unitId, 'membership.set', user.id, input.role, now);
        return view(trx, unitId, unit.name);
      });
    },

    async remove(actor: Actor, unitId: string, userId: string) {
      const { role: managerRole, unit } = await unitManager(db, actor, unitId);
      notOwn(actor, userId);
      const now = clock();
      return db.transaction().execute(async (trx) => {
        if ((await deleteMembershipsInUnit(trx, userId, unitId)) === 0)
          throw new NotFoundError(`The user has no role in ${unit.name}`);
        await audit(trx, actor, managerRole, unitId, 'membership.remove', userId, null, now);
        return view(trx, unitId, unit.name);
      });
    },
  };
}

export type UnitStaffService = ReturnType<typeof createUnitStaffService>;
