/**
 * Units and users for system administrators (to anyone else 404): the organisation tree and
 * every staff user with their memberships; adding a unit (or region, trust, provider), creating a
 * user with a temporary password, deactivating and reactivating them (which lifts a lockout),
 * lifting a lockout, their global role and OpenID Connect id, and setting or removing their role
 * in a unit; renaming an organisation, and deleting one nothing refers to any more. The last
 * active system administrator cannot be deactivated or lose the role. Every change is audited in the
 * same transaction as the change itself, so a refused change leaves nothing behind.
 */
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  deleteOrganisation,
  findOrganisationById,
  listOrganisations,
  type OrganisationReference,
  type OrganisationRow,
  organisationReferences,
  renameOrganisation,
} from '../storage/organisation-repository';
import type { GlobalRole, OrganisationKind, UnitRole } from '../storage/schema';
import { deleteStaffSessionsOfUser } from '../storage/session-repository';
import {
  deleteMembershipsInUnit,
  findListedUser,
  listAllMemberships,
  listMemberships,
  listUsers,
  lockActiveAdmins,
  replaceMembershipInUnit,
  type UserListRow,
  updateUser,
} from '../storage/user-repository';
import { type AccessFacts, recordAccess } from './audit-service';
import { type Actor, requireSystemAdmin } from './auth-service';
import { assignExternalId, createOrganisation, prepareUser, storeUser } from './staff-service';

export interface NewStaffUser {
  email: string;
  displayName: string;
  password: string;
  globalRole?: GlobalRole | null;
  externalId?: string;
  memberships?: { unitId: string; role: UnitRole }[];
}

export interface UserChanges {
  isActive?: boolean;
  globalRole?: GlobalRole | null;
  externalId?: string | null;
  /** Lift a lockout after failed logins now (reactivating an account lifts it too). */
  unlock?: true;
}

const REFERENCE_NAMES: Record<OrganisationReference, string> = {
  children: 'organisations under it',
  memberships: 'staff roles',
  patients: 'patients',
  courses: 'treatment courses',
  plan_templates: 'measurement-plan templates',
  training_courses: 'training courses',
  practice: 'a practice course',
};

const organisationView = (o: OrganisationRow) => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  parentId: o.parent_id,
  isDemo: o.is_demo === 1,
  isPractice: o.is_practice === 1,
});

const userView = (u: UserListRow, memberships: { unit_id: string; role: UnitRole }[]) => ({
  id: u.id,
  email: u.email,
  displayName: u.display_name,
  globalRole: u.global_role,
  isActive: u.is_active === 1,
  externalId: u.external_id,
  lastLoginAt: u.last_login_at,
  lockedUntil: u.locked_until,
  memberships: memberships.map((m) => ({ unitId: m.unit_id, role: m.role })),
});

export function createOrganisationAdminService(db: Database, clock: () => Date) {
  function audit(
    trx: Database,
    actor: Actor,
    facts: Omit<AccessFacts, 'role' | 'outcome'> & { unitId: string | null },
    now: Date,
  ) {
    return recordAccess(trx, actor, { ...facts, role: 'admin', outcome: 'allowed' }, now);
  }

  async function existingUser(trx: Database, userId: string) {
    const user = await findListedUser(trx, userId);
    if (!user) throw new NotFoundError(`Unknown user ${userId}`);
    return user;
  }

  async function viewOf(trx: Database, userId: string) {
    return userView(await existingUser(trx, userId), await listMemberships(trx, userId));
  }

  async function existingUnit(trx: Database, unitId: string, path: (string | number)[]) {
    const unit = await findOrganisationById(trx, unitId);
    if (!unit) throw new NotFoundError(`Unknown unit ${unitId}`);
    if (unit.kind !== 'unit')
      throw new UnprocessableError(
        'not_a_unit',
        `${unit.name} is a ${unit.kind}; memberships are in units`,
        [{ path, message: 'not a unit' }],
      );
    return unit;
  }

  return {
    async overview(actor: Actor) {
      requireSystemAdmin(actor);
      const [organisations, users, memberships] = await Promise.all([
        listOrganisations(db),
        listUsers(db),
        listAllMemberships(db),
      ]);
      const byUser = new Map<string, typeof memberships>();
      for (const m of memberships) byUser.set(m.user_id, [...(byUser.get(m.user_id) ?? []), m]);
      return {
        organisations: organisations.map(organisationView),
        users: users.map((u) => userView(u, byUser.get(u.id) ?? [])),
      };
    },

    async createUnit(
      actor: Actor,
      input: { kind: OrganisationKind; name: string; parentId?: string | null },
    ) {
      requireSystemAdmin(actor);
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const row = await createOrganisation(trx, input, now);
        await audit(
          trx,
          actor,
          {
            action: 'organisation.unit_create',
            unitId: null,
            objectType: 'organisation',
            objectId: row.id,
            reason: `${row.kind} ${row.name}`,
          },
          now,
        );
        return organisationView(row);
      });
    },

    async renameUnit(actor: Actor, unitId: string, name: string) {
      requireSystemAdmin(actor);
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const before = await findOrganisationById(trx, unitId);
        if (!before) throw new NotFoundError(`Unknown organisation ${unitId}`);
        const row = await renameOrganisation(trx, unitId, name.trim());
        await audit(
          trx,
          actor,
          {
            action: 'organisation.rename',
            unitId: row.kind === 'unit' ? row.id : null,
            objectType: 'organisation',
            objectId: row.id,
            reason: `${before.name} → ${row.name}`,
          },
          now,
        );
        return organisationView(row);
      });
    },

    /**
     * Deletes an organisation nothing refers to any more — added by mistake, or emptied. One that
     * still has organisations under it, staff, patients, courses, templates or training courses is
     * refused with what remains; its audit events stay in the log either way.
     */
    async deleteUnit(actor: Actor, unitId: string) {
      requireSystemAdmin(actor);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row = await findOrganisationById(trx, unitId);
        if (!row) throw new NotFoundError(`Unknown organisation ${unitId}`);
        const left = Object.entries(await organisationReferences(trx, unitId)) as [
          OrganisationReference,
          number,
        ][];
        if (left.length > 0)
          throw new ConflictError(
            'organisation_in_use',
            `${row.name} cannot be deleted while it has ${left
              .map(([kind, n]) => `${n} ${REFERENCE_NAMES[kind]}`)
              .join(', ')}`,
          );
        await deleteOrganisation(trx, unitId);
        await audit(
          trx,
          actor,
          {
            action: 'organisation.delete',
            unitId: null,
            objectType: 'organisation',
            objectId: row.id,
            reason: `${row.kind} ${row.name}`,
          },
          now,
        );
      });
    },

    async createUser(actor: Actor, input: NewStaffUser) {
      requireSystemAdmin(actor);
      const now = clock();
      const prepared = await prepareUser(input);
      return db.transaction().execute(async (trx) => {
        for (const [i, m] of (input.memberships ?? []).entries())
          await existingUnit(trx, m.unitId, ['memberships', i, 'unitId']);
        const { id } = await storeUser(trx, prepared, now);
        if (input.externalId !== undefined) await assignExternalId(trx, id, input.externalId, now);
        await audit(
          trx,
          actor,
          { action: 'user.create', unitId: null, objectType: 'user', objectId: id },
          now,
        );
        for (const m of input.memberships ?? [])
          await audit(
            trx,
            actor,
            {
              action: 'membership.set',
              unitId: m.unitId,
              objectType: 'user',
              objectId: id,
              reason: m.role,
            },
            now,
          );
        return viewOf(trx, id);
      });
    },

    async updateUser(actor: Actor, userId: string, changes: UserChanges) {
      requireSystemAdmin(actor);
      if (userId === actor.userId && changes.isActive === false)
        throw new ConflictError('own_account', 'You cannot deactivate your own account');
      if (
        userId === actor.userId &&
        changes.globalRole !== undefined &&
        changes.globalRole !== 'admin'
      )
        throw new ConflictError('own_account', 'You cannot remove your own administrator role');
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const before = await existingUser(trx, userId);
        const losesAdmin =
          before.global_role === 'admin' &&
          before.is_active === 1 &&
          (changes.isActive === false ||
            (changes.globalRole !== undefined && changes.globalRole !== 'admin'));
        if (losesAdmin && (await lockActiveAdmins(trx)).every((id) => id === userId))
          throw new ConflictError(
            'last_admin',
            'KOR must keep at least one active system administrator',
          );
        // Reactivating lifts a lockout too: the account starts again with no failed logins.
        const unlock = changes.unlock === true || changes.isActive === true;
        if (changes.isActive !== undefined || changes.globalRole !== undefined || unlock)
          await updateUser(trx, userId, {
            ...(changes.isActive !== undefined ? { is_active: changes.isActive ? 1 : 0 } : {}),
            ...(changes.globalRole !== undefined ? { global_role: changes.globalRole } : {}),
            ...(unlock ? { failed_login_count: 0, locked_until: null } : {}),
            updated_at: now.toISOString(),
          });
        if (changes.isActive === false) await deleteStaffSessionsOfUser(trx, userId);
        if (changes.externalId !== undefined)
          await assignExternalId(trx, userId, changes.externalId, now);
        await audit(
          trx,
          actor,
          {
            action: 'user.update',
            unitId: null,
            objectType: 'user',
            objectId: userId,
            reason: Object.entries(changes)
              .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
              .join('; '),
          },
          now,
        );
        return viewOf(trx, userId);
      });
    },

    /** The user's role in the unit, replacing any other role they had there. */
    async setMembership(actor: Actor, userId: string, unitId: string, role: UnitRole) {
      requireSystemAdmin(actor);
      const now = clock();
      return db.transaction().execute(async (trx) => {
        await existingUser(trx, userId);
        await existingUnit(trx, unitId, ['unitId']);
        await replaceMembershipInUnit(trx, {
          user_id: userId,
          unit_id: unitId,
          role,
          created_at: now.toISOString(),
        });
        await audit(
          trx,
          actor,
          {
            action: 'membership.set',
            unitId,
            objectType: 'user',
            objectId: userId,
            reason: role,
          },
          now,
        );
        return viewOf(trx, userId);
      });
    },

    async removeMembership(actor: Actor, userId: string, unitId: string) {
      requireSystemAdmin(actor);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await existingUser(trx, userId);
        if ((await deleteMembershipsInUnit(trx, userId, unitId)) === 0)
          throw new NotFoundError(`The user is not a member of unit ${unitId}`);
        await audit(
          trx,
          actor,
          { action: 'membership.remove', unitId, objectType: 'user', objectId: userId },
          now,
        );
      });
    },
  };
}

export type OrganisationAdminService = ReturnType<typeof createOrganisationAdminService>;
