/**
 * Staff login: argon2id passwords, opaque session tokens (only their SHA-256 is stored), an idle
 * timeout, lockout with back-off, a limit on failed logins per client, and one answer for every
 * failure so no e-mail can be probed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError, UnauthorizedError } from '../http/errors';
import type { Database } from '../storage/database';
import { listOrganisations } from '../storage/organisation-repository';
import type { GlobalRole, UnitRole } from '../storage/schema';
import {
  deleteStaffSession,
  findSessionWithUser,
  insertStaffSession,
  touchStaffSession,
} from '../storage/session-repository';
import {
  countFailedLogin,
  countUsers,
  findUserByEmail,
  findUserById,
  listMemberships,
  type UserRow,
  updateUser,
} from '../storage/user-repository';
import { loginLimitFor } from './login-limit';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { createUser, normaliseEmail } from './staff-service';
import { recordWrongCode, refuseWhenTooManyWrongCodes } from './wrong-codes';

export const AUTH_POLICY = {
  /** A session ends after this long without a request. */
  idleMinutes: 30,
  /** …and in any case this long after login. */
  absoluteHours: 12,
  /** Failures in a row before the account is locked. */
  maxFailures: 5,
  /** First lockout; it doubles with each further failure, up to maxLockMinutes. */
  firstLockMinutes: 1,
  maxLockMinutes: 60,
} as const;

const LOGIN_FAILED = 'Wrong e-mail or password, or the account is locked for a while';

export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  globalRole: GlobalRole | null;
  memberships: { unitId: string; role: UnitRole }[];
  /** Where the request came from (address), for the audit log. */
  client?: string;
}

/** System administrators only: to anyone else the route does not exist (404). */
export function requireSystemAdmin(actor: Actor): void {
  if (actor.globalRole !== 'admin') throw new NotFoundError('No such route');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const minutes = (n: number) => n * 60_000;

export async function login(
  db: Database,
  credentials: { email: string; password: string },
  now: Date,
): Promise<{ token: string; actor: Actor }> {
  const user = await findUserByEmail(db, normaliseEmail(credentials.email));
  if (!user?.password_hash || user.is_active !== 1) {
    await verifyAgainstDummy(credentials.password);
    throw new UnauthorizedError(LOGIN_FAILED);
  }
  const locked = user.locked_until !== null && new Date(user.locked_until) > now;
  const valid = (await verifyPassword(credentials.password, user.password_hash)) && !locked;
  if (!valid) {
    if (!locked) {
      // Counted in the database (count + 1 in one statement): concurrent wrong passwords, on one
      // instance or several, each count.
      const failures = await countFailedLogin(db, user.id, now.toISOString());
      const over = failures - AUTH_POLICY.maxFailures;
      if (over >= 0) {
        const lockMinutes = Math.min(
          AUTH_POLICY.firstLockMinutes * 2 ** over,
          AUTH_POLICY.maxLockMinutes,
        );
        await updateUser(db, user.id, {
          locked_until: new Date(now.getTime() + minutes(lockMinutes)).toISOString(),
          updated_at: now.toISOString(),
        });
      }
    }
    throw new UnauthorizedError(LOGIN_FAILED);
  }
  const token = await startSession(db, user.id, now);
  return { token, actor: await actorOf(db, user.id) };
}

/**
 * A new session for a user who has proved who they are (password, or an OpenID Connect
 * provider): clears failed logins and a lockout, records the login, returns the session token.
 * `oidcIdToken`: the provider's ID token, kept for logging out there too.
 */
export async function startSession(
  db: Database,
  userId: string,
  now: Date,
  oidcIdToken: string | null = null,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const stamp = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, {
      failed_login_count: 0,
      locked_until: null,
      last_login_at: stamp,
      updated_at: stamp,
    });
    await insertStaffSession(trx, {
      token_hash: hashToken(token),
      user_id: userId,
      created_at: stamp,
      last_seen_at: stamp,
      expires_at: new Date(now.getTime() + AUTH_POLICY.absoluteHours * 3_600_000).toISOString(),
      oidc_id_token: oidcIdToken,
    });
  });
  return token;
}

/**
 * A login from a client (its address, as clientKey gives it): past the limit on failed logins
 * from that client the answer is 429 before any password is looked at, whatever the e-mail.
 */
export async function loginFromClient(
  db: Database,
  client: string,
  credentials: { email: string; password: string },
  now: Date,
): Promise<{ token: string; actor: Actor }> {
  const limit = loginLimitFor(client);
  await refuseWhenTooManyWrongCodes(db, limit, now);
  try {
    return await login(db, credentials, now);
  } catch (error) {
    if (error instanceof UnauthorizedError) await recordWrongCode(db, limit.key, now);
    throw error;
  }
}

export async function actorOf(db: Database, userId: string): Promise<Actor> {
  const user = await findUserById(db, userId);
  if (!user) throw new UnauthorizedError();
  return toActor(user, await listMemberships(db, userId));
}

function toActor(
  user: Pick<UserRow, 'id' | 'email' | 'display_name' | 'global_role'>,
  memberships: readonly { unit_id: string; role: UnitRole }[],
): Actor {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    globalRole: user.global_role,
    memberships: memberships.map((m) => ({ unitId: m.unit_id, role: m.role })),
  };
}

/** The actor behind a session token, or null when it is unknown, idle too long, or expired. */
export async function authenticate(db: Database, token: string, now: Date): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const found = await findSessionWithUser(db, tokenHash);
  if (!found) return null;
  const { session, user } = found;
  const idleUntil = new Date(session.last_seen_at).getTime() + minutes(AUTH_POLICY.idleMinutes);
  if (now.getTime() >= idleUntil || now >= new Date(session.expires_at)) {
    await deleteStaffSession(db, tokenHash);
    return null;
  }
  if (user.is_active !== 1) return null;
  // Record activity at most once a minute: not a write on every request.
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) {
    await touchStaffSession(db, tokenHash, now.toISOString());
  }
  return toActor(user, found.memberships);
}

/** Ends the session; the provider's ID token when it began there (for logout at the provider). */
export async function logout(db: Database, token: string): Promise<string | null> {
  return deleteStaffSession(db, hashToken(token));
}

/** On an empty database, the first admin comes from KOR_ADMIN_EMAIL and KOR_ADMIN_PASSWORD. */
export async function bootstrapAdmin(
  db: Database,
  admin: { email: string; password: string } | undefined,
  now: Date,
): Promise<string | null> {
  if (!admin || (await countUsers(db)) > 0) return null;
  const created = await createUser(
    db,
    {
      email: admin.email,
      displayName: 'Administrator',
      password: admin.password,
      globalRole: 'admin',
    },
    now,
  );
  return created.email;
}

/** The auth operations bound to a database and a clock, as the routes use them. */
export function createAuthService(db: Database, clock: () => Date) {
  return {
    login: (client: string, credentials: { email: string; password: string }) =>
      loginFromClient(db, client, credentials, clock()),
    logout: (token: string) => logout(db, token),
    authenticate: (token: string) => authenticate(db, token, clock()),
    /** Names of the units the user is a member of (for menus and filters). */
    async unitsOf(actor: Actor) {
      const ids = new Set(actor.memberships.map((m) => m.unitId));
      return (await listOrganisations(db, 'unit'))
        .filter((o) => ids.has(o.id))
        .map((o) => ({
          id: o.id,
          name: o.name,
          isDemo: o.is_demo === 1,
          isPractice: o.is_practice === 1,
        }));
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
