/**
 * Organisation tree and staff users: used by the CLI, the first-admin bootstrap and the demo data.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  findOrganisationById,
  insertOrganisation,
  listOrganisations,
  type OrganisationRow,
} from '../storage/organisation-repository';
import type { GlobalRole, OrganisationKind, UnitRole } from '../storage/schema';
import { deleteStaffSessionsOfUser } from '../storage/session-repository';
import {
  findUserByEmail,
  findUserByExternalId,
  insertMembership,
  insertUser,
  updateUser,
} from '../storage/user-repository';
import { checkPasswordPolicy, hashPassword } from './passwords';

/** Which kind of organisation may sit under which. */
const PARENT_KINDS: Record<OrganisationKind, readonly (OrganisationKind | null)[]> = {
  region: [null],
  trust: ['region'],
  provider: ['region', null],
  unit: ['trust', 'provider'],
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createOrganisation(
  db: Database,
  input: {
    kind: OrganisationKind;
    name: string;
    parentId?: string | null;
    isDemo?: boolean;
    isPractice?: boolean;
  },
  now: Date,
): Promise<OrganisationRow> {
  const name = input.name.trim();
  if (name === '') throw new UnprocessableError('invalid_name', 'The name must not be empty');
  const parent = input.parentId ? await findOrganisationById(db, input.parentId) : undefined;
  if (input.parentId && !parent)
    throw new NotFoundError(`Unknown parent organisation ${input.parentId}`);
  if (!PARENT_KINDS[input.kind].includes(parent?.kind ?? null)) {
    throw new UnprocessableError(
      'invalid_parent',
      `A ${input.kind} cannot sit under ${parent ? `a ${parent.kind}` : 'nothing'}`,
    );
  }
  const row: OrganisationRow = {
    id: randomUUID(),
    parent_id: parent?.id ?? null,
    kind: input.kind,
    name,
    is_demo: input.isDemo ? 1 : 0,
    is_practice: input.isPractice ? 1 : 0,
    created_at: now.toISOString(),
  };
  await insertOrganisation(db, row);
  return row;
}

export function listUnits(db: Database): Promise<OrganisationRow[]> {
  return listOrganisations(db, 'unit');
}

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  globalRole?: GlobalRole | null;
  memberships?: { unitId: string; role: UnitRole }[];
  isDemo?: boolean;
}

/** A new user, checked (e-mail, password policy) and with the password hashed. */
export interface PreparedUser extends NewUser {
  email: string;
  passwordHash: string;
}

/** Checks the e-mail and password policy and hashes the password (before any transaction). */
export async function prepareUser(input: NewUser): Promise<PreparedUser> {
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new UnprocessableError('invalid_email', `"${input.email}" is not an e-mail address`, [
      { path: ['email'], message: 'not an e-mail address' },
    ]);
  }
  checkPasswordPolicy(input.password);
  return { ...input, email, passwordHash: await hashPassword(input.password) };
}

/** Stores a prepared user and their memberships, inside the caller's transaction. */
export async function storeUser(
  trx: Database,
  input: PreparedUser,
  now: Date,
): Promise<{ id: string; email: string }> {
  const email = input.email;
  if (await findUserByEmail(trx, email))
    throw new ConflictError('email_taken', `A user with ${email} exists`);
  const id = randomUUID();
  const stamp = now.toISOString();
  await insertUser(trx, {
    id,
    email,
    display_name: input.displayName.trim() || email,
    password_hash: input.passwordHash,
    global_role: input.globalRole ?? null,
    is_active: 1,
    failed_login_count: 0,
    locked_until: null,
    last_login_at: null,
    is_demo: input.isDemo ? 1 : 0,
    created_at: stamp,
    updated_at: stamp,
  });
  for (const m of input.memberships ?? []) {
    const unit = await findOrganisationById(trx, m.unitId);
    if (unit?.kind !== 'unit') throw new NotFoundError(`Unknown unit ${m.unitId}`);
    await insertMembership(trx, {
      user_id: id,
      unit_id: m.unitId,
      role: m.role,
      created_at: stamp,
    });
  }
  return { id, email };
}

export async function createUser(
  db: Database,
  input: NewUser,
  now: Date,
): Promise<{ id: string; email: string }> {
  const prepared = await prepareUser(input);
  return db.transaction().execute((trx) => storeUser(trx, prepared, now));
}

/** Sets a new password, lifts a lockout and ends the user's sessions. */
export async function resetPassword(
  db: Database,
  emailInput: string,
  password: string,
  now: Date,
): Promise<void> {
  checkPasswordPolicy(password);
  const user = await findUserByEmail(db, normaliseEmail(emailInput));
  if (!user) throw new NotFoundError(`No user with e-mail ${normaliseEmail(emailInput)}`);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      password_hash: passwordHash,
      failed_login_count: 0,
      locked_until: null,
      updated_at: now.toISOString(),
    });
    await deleteStaffSessionsOfUser(trx, user.id);
  });
}

/**
 * Sets (or with null clears) the user's OpenID Connect id: the value of the configured claim
 * (KOR_OIDC_USER_CLAIM) that the provider sends for them. Unique across users.
 */
export async function setExternalId(
  db: Database,
  emailInput: string,
  externalId: string | null,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, normaliseEmail(emailInput));
    if (!user) throw new NotFoundError(`No user with e-mail ${normaliseEmail(emailInput)}`);
    await assignExternalId(trx, user.id, externalId, now);
  });
}

/** setExternalId for a user by id, inside the caller's transaction. */
export async function assignExternalId(
  trx: Database,
  userId: string,
  externalId: string | null,
  now: Date,
): Promise<void> {
  const value = externalId?.trim() ?? null;
  if (value !== null && (value === '' || value.length > 512))
    throw new UnprocessableError(
      'invalid_external_id',
      'The external id must be 1 to 512 characters',
      [{ path: ['externalId'], message: '1 to 512 characters' }],
    );
  const holder = value === null ? undefined : await findUserByExternalId(trx, value);
  if (holder && holder.id !== userId)
    throw new ConflictError('external_id_taken', `${holder.email} already has that external id`);
  await updateUser(trx, userId, { external_id: value, updated_at: now.toISOString() });
}
