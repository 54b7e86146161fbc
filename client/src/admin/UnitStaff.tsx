/**
 * The staff of the units a unit lead (or unit admin) manages: who has which role in the unit,
 * a colleague given a role by their e-mail address, a role changed or taken away. Accounts
 * themselves (new users, deactivation) are for system administrators; nobody changes their own
 * role here. Everything goes through /api/v1/units/:unitId/staff.
 */
import { useState } from 'preact/hooks';
import { errorText, sendJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useStaff } from '../shared/session';
import { useJson } from '../shared/useJson';
import { AccountStatus, RoleOptions, roleName, type UnitRole, value } from './Organisation';
import type { ManagedUnit } from './PlanTemplates';

interface Member {
  userId: string;
  email: string;
  displayName: string;
  roles: UnitRole[];
  isActive: boolean;
  lastLoginAt: string | null;
}

interface Staff {
  unit: { id: string; name: string };
  members: Member[];
}

function MemberRow({
  member,
  self,
  busy,
  onRole,
  onRemove,
}: {
  member: Member;
  self: boolean;
  busy: boolean;
  onRole(role: UnitRole): void;
  onRemove(): void;
}) {
  const { t } = useLang();
  const role = member.roles[0] ?? 'therapist';
  return (
    <tr class={member.isActive ? undefined : 'inactive'}>
      <th scope="row">
        {member.displayName}
        <div class="muted">{member.email}</div>
      </th>
      <td>
        {self ? (
          member.roles.map((r) => roleName(r, t)).join(', ')
        ) : (
          <label>
            <span class="visually-hidden">
              {t('Rolle for', 'Role for')} {member.displayName}
            </span>
            <select value={role} disabled={busy} onChange={(e) => onRole(value(e) as UnitRole)}>
              <RoleOptions />
            </select>
          </label>
        )}
      </td>
      <td>
        <AccountStatus isActive={member.isActive} lastLoginAt={member.lastLoginAt} />
      </td>
      <td>
        {self ? (
          <span class="muted">{t('Deg', 'You')}</span>
        ) : (
          <button type="button" class="button-secondary" disabled={busy} onClick={onRemove}>
            {t('Fjern fra enheten', 'Remove from the unit')}
            <span class="visually-hidden"> {member.displayName}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

function UnitStaffTable({ unit }: { unit: ManagedUnit }) {
  const { t } = useLang();
  const { user: me } = useStaff();
  const [version, setVersion] = useState(0);
  const staff = useJson<Staff>(`/api/v1/units/${unit.id}/staff`, version);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<UnitRole>('therapist');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/units/${unit.id}/staff`;

  async function act(work: () => Promise<unknown>, ok: string) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(ok);
      setVersion((v) => v + 1);
    } catch (failure) {
      setError(errorText(failure, t('Endringen ble ikke lagret.', 'The change was not saved.')));
    } finally {
      setBusy(false);
    }
  }

  const add = (e: Event) => {
    e.preventDefault();
    const who = email.trim();
    void act(
      async () => {
        await sendJson('PUT', base, { email: who, role });
        setEmail('');
      },
      t(
        `${who} er ${roleName(role, t).toLowerCase()} i enheten.`,
        `${who} is ${roleName(role, t).toLowerCase()} in the unit.`,
      ),
    );
  };
  const titleId = `staff-${unit.id}`;

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>
        {unit.name}
        {unit.isDemo ? <span class="badge">{t('demo', 'demo')}</span> : null}
      </h2>
      {staff.state === 'loading' && <p class="muted">…</p>}
      {staff.state === 'error' && (
        <p class="alert alert-error" role="alert">
          {staff.message}
        </p>
      )}
      {staff.state === 'ready' && (
        <div class="table-wrap">
          <table class="users">
            <thead>
              <tr>
                <th scope="col">{t('Ansatt', 'Staff member')}</th>
                <th scope="col">{t('Rolle i enheten', 'Role in the unit')}</th>
                <th scope="col">{t('Status', 'Status')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('Handlinger', 'Actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {staff.data.members.map((m) => (
                <MemberRow
                  key={m.userId}
                  member={m}
                  self={m.userId === me.id}
                  busy={busy}
                  onRole={(r) =>
                    act(
                      () => sendJson('PUT', base, { email: m.email, role: r }),
                      t(
                        `${m.displayName} er nå ${roleName(r, t).toLowerCase()}.`,
                        `${m.displayName} is now ${roleName(r, t).toLowerCase()}.`,
                      ),
                    )
                  }
                  onRemove={() =>
                    act(
                      () => sendJson('DELETE', `${base}/${m.userId}`, {}),
                      t(
                        `${m.displayName} er fjernet fra enheten.`,
                        `${m.displayName} was removed from the unit.`,
                      ),
                    )
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="org-form" onSubmit={add} aria-labelledby={`${titleId}-add`}>
        <h3 id={`${titleId}-add`}>{t('Gi en kollega en rolle', 'Give a colleague a role')}</h3>
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
            {t('Rolle', 'Role')}
            <select value={role} onChange={(e) => setRole(value(e) as UnitRole)}>
              <RoleOptions />
            </select>
          </label>
        </div>
        <p class="muted">
          {t(
            'Kollegaen må ha en bruker i KOR. Nye brukere opprettes av en systemadministrator.',
            'The colleague needs a KOR account. System administrators create new accounts.',
          )}
        </p>
        {error && (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        )}
        {done && (
          <p class="alert alert-ok" role="status">
            {done}
          </p>
        )}
        <div>
          <button class="button-primary" type="submit" disabled={busy || email.trim() === ''}>
            {t('Gi rollen', 'Give the role')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function UnitStaff({ units }: { units: ManagedUnit[] }) {
  return (
    <>
      {units.map((u) => (
        <UnitStaffTable key={u.id} unit={u} />
      ))}
    </>
  );
}
