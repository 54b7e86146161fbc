/**
 * Units and users, for system administrators: the organisation tree (region → trust or
 * provider → unit) with a form to add one under a parent, renaming and deleting one (an
 * organisation still in use is refused, with what remains), and the staff users with their
 * memberships — create a user with a temporary password, deactivate or reactivate them, lift a
 * lockout after failed logins, and add or remove their role in a unit. Everything goes through /api/v1/admin/organisation.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorText, postJson, sendJson } from '../shared/api';
import { formatDateTime } from '../shared/format';
import { useLang } from '../shared/i18n';
import { useStaff } from '../shared/session';
import { useJson } from '../shared/useJson';

type Kind = 'region' | 'trust' | 'provider' | 'unit';
export type UnitRole = 'admin' | 'unit_lead' | 'therapist' | 'trainer';

interface Organisation {
  id: string;
  kind: Kind;
  name: string;
  parentId: string | null;
  isDemo: boolean;
  isPractice: boolean;
}

interface User {
  id: string;
  email: string;
  displayName: string;
  globalRole: 'admin' | 'national_trainer' | null;
  isActive: boolean;
  externalId: string | null;
  lastLoginAt: string | null;
  lockedUntil: string | null;
  memberships: { unitId: string; role: UnitRole }[];
}

interface Overview {
  organisations: Organisation[];
  users: User[];
}

const BASE = '/api/v1/admin/organisation';
export const ROLES: UnitRole[] = ['therapist', 'unit_lead', 'trainer', 'admin'];
/** Which kind may sit under which (as the server checks). */
const PARENT_KINDS: Record<Kind, (Kind | null)[]> = {
  region: [null],
  trust: ['region'],
  provider: ['region', null],
  unit: ['trust', 'provider'],
};

export type T = (nb: string, en: string) => string;

const kindName = (kind: Kind, t: T) =>
  ({
    region: t('Region', 'Region'),
    trust: t('Helseforetak', 'Health trust'),
    provider: t('Virksomhet', 'Provider'),
    unit: t('Enhet', 'Unit'),
  })[kind];

export const roleName = (role: UnitRole, t: T) =>
  ({
    therapist: t('Terapeut', 'Therapist'),
    unit_lead: t('Enhetsleder', 'Unit lead'),
    trainer: t('Veileder', 'Trainer'),
    admin: t('Enhetsadministrator', 'Unit administrator'),
  })[role];

export const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;

/** The unit roles as a select's options. */
export function RoleOptions() {
  const { t } = useLang();
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {roleName(r, t)}
        </option>
      ))}
    </>
  );
}

/** An account's status and last login, with anything to say between them (a lockout). */
export function AccountStatus({
  isActive,
  lastLoginAt,
  children,
}: {
  isActive: boolean;
  lastLoginAt: string | null;
  children?: ComponentChildren;
}) {
  const { t, lang } = useLang();
  return (
    <>
      <div>
        {isActive ? (
          <span class="status">{t('aktiv', 'active')}</span>
        ) : (
          <span class="status status-retired">{t('deaktivert', 'deactivated')}</span>
        )}
      </div>
      {children}
      <div class="muted">
        {lastLoginAt
          ? `${t('Sist innlogget', 'Last login')} ${formatDateTime(lastLoginAt, lang)}`
          : t('Aldri innlogget', 'Never logged in')}
      </div>
    </>
  );
}

/** The tree in display order, each organisation with its depth. */
function ordered(organisations: Organisation[]): { org: Organisation; depth: number }[] {
  const ids = new Set(organisations.map((o) => o.id));
  const children = new Map<string | null, Organisation[]>();
  for (const o of organisations) {
    const parent = o.parentId && ids.has(o.parentId) ? o.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), o]);
  }
  const out: { org: Organisation; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const org of children.get(parent) ?? []) {
      out.push({ org, depth });
      walk(org.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** One organisation in the tree: rename it, or delete it (the server refuses one still in use). */
function OrgActions({ org, onDone }: { org: Organisation; onDone(): void }) {
  const { t } = useLang();
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle');
  const [name, setName] = useState(org.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(work: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await work();
      setMode('idle');
      onDone();
    } catch (failure) {
      setError(errorText(failure, t('Endringen ble ikke lagret.', 'The change was not saved.')));
    } finally {
      setBusy(false);
    }
  }
  const rename = (e: Event) => {
    e.preventDefault();
    void act(() => sendJson('PATCH', `${BASE}/units/${org.id}`, { name }));
  };

  return (
    <>
      {mode === 'idle' && (
        <span class="org-actions">
          <button type="button" class="link-button" onClick={() => setMode('rename')}>
            {t('Gi nytt navn', 'Rename')}
            <span class="visually-hidden"> {org.name}</span>
          </button>
          <button type="button" class="link-button" onClick={() => setMode('delete')}>
            {t('Slett', 'Delete')}
            <span class="visually-hidden"> {org.name}</span>
          </button>
        </span>
      )}
      {mode === 'rename' && (
        <form class="org-inline" onSubmit={rename}>
          <label>
            <span class="visually-hidden">
              {t('Nytt navn for', 'New name for')} {org.name}
            </span>
            <input
              value={name}
              required
              maxLength={200}
              onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" class="button-secondary" disabled={busy || name.trim() === ''}>
            {t('Lagre navnet', 'Save the name')}
          </button>
          <button type="button" class="link-button" onClick={() => setMode('idle')}>
            {t('Avbryt', 'Cancel')}
          </button>
        </form>
      )}
      {mode === 'delete' && (
        <span class="org-inline">
          {t(`Slette ${org.name}?`, `Delete ${org.name}?`)}{' '}
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            onClick={() => act(() => sendJson('DELETE', `${BASE}/units/${org.id}`, {}))}
          >
            {t('Ja, slett', 'Yes, delete')}
          </button>
          <button type="button" class="link-button" onClick={() => setMode('idle')}>
            {t('Avbryt', 'Cancel')}
          </button>
        </span>
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function Tree({ organisations, onDone }: { organisations: Organisation[]; onDone(): void }) {
  const { t } = useLang();
  const rows = ordered(organisations);
  const nested = (parent: string | null) => {
    const here = rows.filter((r) => r.org.parentId === parent);
    if (here.length === 0) return null;
    return (
      <ul class={parent === null ? 'org-tree org-root' : 'org-tree'}>
        {here.map(({ org }) => (
          <li key={org.id}>
            <span class="org-name">{org.name}</span>{' '}
            <span class="muted">{kindName(org.kind, t)}</span>
            {org.isDemo ? <span class="badge">{t('demo', 'demo')}</span> : null}{' '}
            {org.isPractice ? <span class="badge">{t('øving', 'practice')}</span> : null}{' '}
            <OrgActions key={`${org.id}-${org.name}`} org={org} onDone={onDone} />
            {nested(org.id)}
          </li>
        ))}
      </ul>
    );
  };
  return nested(null) ?? <p class="muted">{t('Ingen enheter ennå.', 'No units yet.')}</p>;
}

function UnitForm({ organisations, onDone }: { organisations: Organisation[]; onDone(): void }) {
  const { t } = useLang();
  const [kind, setKind] = useState<Kind>('unit');
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parents = ordered(organisations).filter(({ org }) => PARENT_KINDS[kind].includes(org.kind));
  const topLevel = PARENT_KINDS[kind].includes(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      const created = await postJson<Organisation>(`${BASE}/units`, {
        kind,
        name,
        ...(parentId ? { parentId } : {}),
      });
      setMade(created.name);
      setName('');
      onDone();
    } catch (failure) {
      setError(errorText(failure, t('Enheten kunne ikke legges til.', 'The unit was not added.')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="org-form" onSubmit={submit} aria-labelledby="new-unit-title">
      <h3 id="new-unit-title">{t('Legg til enhet', 'Add a unit')}</h3>
      <div class="org-fields">
        <label class="field">
          {t('Type', 'Kind')}
          <select
            value={kind}
            onChange={(e) => {
              setKind(value(e) as Kind);
              setParentId('');
            }}
          >
            {(['unit', 'trust', 'provider', 'region'] as const).map((k) => (
              <option key={k} value={k}>
                {kindName(k, t)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          {t('Under', 'Under')}
          <select value={parentId} required={!topLevel} onChange={(e) => setParentId(value(e))}>
            <option value="">
              {topLevel ? t('(øverst)', '(top level)') : t('Velg …', 'Choose …')}
            </option>
            {parents.map(({ org }) => (
              <option key={org.id} value={org.id}>
                {`${org.name} (${kindName(org.kind, t)})`}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          {t('Navn', 'Name')}
          <input value={name} required maxLength={200} onInput={(e) => setName(value(e))} />
        </label>
      </div>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {made && (
        <p class="alert alert-ok" role="status">
          {t(`${made} er lagt til.`, `${made} was added.`)}
        </p>
      )}
      <div>
        <button class="button-primary" type="submit" disabled={busy || name.trim() === ''}>
          {t('Legg til enheten', 'Add the unit')}
        </button>
      </div>
    </form>
  );
}

function UserForm({ units, onDone }: { units: Organisation[]; onDone(): void }) {
  const { t } = useLang();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [unitId, setUnitId] = useState('');
  const [role, setRole] = useState<UnitRole>('therapist');
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      const created = await postJson<User>(`${BASE}/users`, {
        email,
        displayName,
        password,
        ...(unitId ? { memberships: [{ unitId, role }] } : {}),
      });
      setMade(created.email);
      setEmail('');
      setDisplayName('');
      setPassword('');
      onDone();
    } catch (failure) {
      setError(
        errorText(failure, t('Brukeren kunne ikke opprettes.', 'The user was not created.')),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="org-form" onSubmit={submit} aria-labelledby="new-user-title">
      <h3 id="new-user-title">{t('Ny bruker', 'New user')}</h3>
      <div class="org-fields">
        <label class="field">
          {t('E-post', 'E-mail')}
          <input
            type="email"
            value={email}
            required
            autocomplete="off"
            onInput={(e) => setEmail(value(e))}
          />
        </label>
        <label class="field">
          {t('Navn', 'Name')}
          <input value={displayName} required onInput={(e) => setDisplayName(value(e))} />
        </label>
        <label class="field">
          {t('Midlertidig passord (minst 12 tegn)', 'Temporary password (at least 12 characters)')}
          <input
            type="text"
            value={password}
            required
            minLength={12}
            autocomplete="new-password"
            onInput={(e) => setPassword(value(e))}
          />
        </label>
        <label class="field">
          {t('Enhet (valgfritt)', 'Unit (optional)')}
          <select value={unitId} onChange={(e) => setUnitId(value(e))}>
            <option value="">{t('(ingen)', '(none)')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          {t('Rolle i enheten', 'Role in the unit')}
          <select
            value={role}
            disabled={unitId === ''}
            onChange={(e) => setRole(value(e) as UnitRole)}
          >
            <RoleOptions />
          </select>
        </label>
      </div>
      <p class="muted">
        {t(
          'Gi passordet til brukeren på en trygg måte. Brukeren kan også logge inn med HelseID når ekstern id er satt.',
          'Give the password to the user in a safe way. The user can also log in with HelseID once an external id is set.',
        )}
      </p>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {made && (
        <p class="alert alert-ok" role="status">
          {t(`${made} er opprettet.`, `${made} was created.`)}
        </p>
      )}
      <div>
        <button class="button-primary" type="submit" disabled={busy}>
          {t('Opprett brukeren', 'Create the user')}
        </button>
      </div>
    </form>
  );
}

function UserRow({
  user,
  units,
  self,
  onDone,
}: {
  user: User;
  units: Organisation[];
  self: boolean;
  onDone(): void;
}) {
  const { t, lang } = useLang();
  const [unitId, setUnitId] = useState('');
  const [role, setRole] = useState<UnitRole>('therapist');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;

  async function act(work: () => Promise<unknown>, fallback: string) {
    setBusy(true);
    setError(null);
    try {
      await work();
      onDone();
    } catch (failure) {
      setError(errorText(failure, fallback));
    } finally {
      setBusy(false);
    }
  }
  const failed = t('Endringen ble ikke lagret.', 'The change was not saved.');
  const toggleActive = () =>
    act(() => sendJson('PATCH', `${BASE}/users/${user.id}`, { isActive: !user.isActive }), failed);
  const unlock = () =>
    act(() => sendJson('PATCH', `${BASE}/users/${user.id}`, { unlock: true }), failed);
  const locked = user.lockedUntil !== null && new Date(user.lockedUntil) > new Date();
  const addMembership = (e: Event) => {
    e.preventDefault();
    if (!unitId) return;
    void act(async () => {
      await sendJson('PUT', `${BASE}/users/${user.id}/memberships/${unitId}`, { role });
      setUnitId('');
    }, failed);
  };
  const removeMembership = (id: string) =>
    act(() => sendJson('DELETE', `${BASE}/users/${user.id}/memberships/${id}`, {}), failed);

  return (
    <tr class={user.isActive ? undefined : 'inactive'}>
      <th scope="row">
        {user.displayName}
        <div class="muted">{user.email}</div>
        {user.externalId && (
          <div class="muted">
            {t('Ekstern id', 'External id')}: {user.externalId}
          </div>
        )}
      </th>
      <td>
        {user.globalRole === 'admin'
          ? t('Systemadministrator', 'System administrator')
          : user.globalRole === 'national_trainer'
            ? t('Nasjonal veileder', 'National trainer')
            : '–'}
        <AccountStatus isActive={user.isActive} lastLoginAt={user.lastLoginAt}>
          {locked && user.lockedUntil && (
            <div>
              <span class="status status-retired">
                {t('sperret til', 'locked until')} {formatDateTime(user.lockedUntil, lang)}
              </span>{' '}
              <button type="button" class="link-button" disabled={busy} onClick={unlock}>
                {t('Opphev sperren', 'Lift the lockout')}
                <span class="visually-hidden"> {user.displayName}</span>
              </button>
            </div>
          )}
        </AccountStatus>
      </td>
      <td>
        {user.memberships.length === 0 ? (
          <span class="muted">{t('Ingen', 'None')}</span>
        ) : (
          <ul class="plain memberships">
            {user.memberships.map((m) => (
              <li key={`${m.unitId}-${m.role}`}>
                {unitName(m.unitId)} · {roleName(m.role, t)}{' '}
                <button
                  type="button"
                  class="link-button"
                  disabled={busy}
                  onClick={() => removeMembership(m.unitId)}
                >
                  {t('Fjern', 'Remove')}
                  <span class="visually-hidden">
                    {' '}
                    {user.displayName} {t('fra', 'from')} {unitName(m.unitId)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <form class="membership-form" onSubmit={addMembership}>
          <label>
            <span class="visually-hidden">
              {t('Enhet for', 'Unit for')} {user.displayName}
            </span>
            <select value={unitId} onChange={(e) => setUnitId(value(e))}>
              <option value="">{t('Enhet …', 'Unit …')}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span class="visually-hidden">
              {t('Rolle for', 'Role for')} {user.displayName}
            </span>
            <select value={role} onChange={(e) => setRole(value(e) as UnitRole)}>
              <RoleOptions />
            </select>
          </label>
          <button type="submit" class="button-secondary" disabled={busy || unitId === ''}>
            {t('Legg til', 'Add')}
            <span class="visually-hidden"> {user.displayName}</span>
          </button>
        </form>
        {error && (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        )}
      </td>
      <td>
        {self ? (
          <span class="muted">{t('Deg', 'You')}</span>
        ) : (
          <button type="button" class="button-secondary" disabled={busy} onClick={toggleActive}>
            {user.isActive ? t('Deaktiver', 'Deactivate') : t('Aktiver igjen', 'Reactivate')}
            <span class="visually-hidden"> {user.displayName}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

export function UnitsAndUsers() {
  const { t } = useLang();
  const { user: me } = useStaff();
  const [version, setVersion] = useState(0);
  const overview = useJson<Overview>(BASE, version);
  const reload = () => setVersion((v) => v + 1);

  if (overview.state === 'loading') return <p class="muted">…</p>;
  if (overview.state === 'error')
    return (
      <p class="alert alert-error" role="alert">
        {overview.status === 404
          ? t(
              'Enheter og brukere er for systemadministratorer.',
              'Units and users are for system administrators.',
            )
          : overview.message}
      </p>
    );
  const { organisations, users } = overview.data;
  const units = ordered(organisations)
    .map((r) => r.org)
    .filter((o) => o.kind === 'unit');
  return (
    <>
      <section aria-labelledby="tree-title">
        <h2 id="tree-title">{t('Enheter', 'Units')}</h2>
        <Tree organisations={organisations} onDone={reload} />
        <UnitForm organisations={organisations} onDone={reload} />
      </section>
      <section aria-labelledby="users-title">
        <h2 id="users-title">{t('Brukere', 'Users')}</h2>
        <div class="table-wrap">
          <table class="users">
            <thead>
              <tr>
                <th scope="col">{t('Bruker', 'User')}</th>
                <th scope="col">{t('Status', 'Status')}</th>
                <th scope="col">{t('Enheter og roller', 'Units and roles')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('Handlinger', 'Actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow key={u.id} user={u} units={units} self={u.id === me.id} onDone={reload} />
              ))}
            </tbody>
          </table>
        </div>
        <UserForm units={units} onDone={reload} />
      </section>
    </>
  );
}
