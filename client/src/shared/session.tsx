/**
 * The logged-in staff user, for every staff area: who it is, and a login form when nobody is.
 * The session itself is an HttpOnly cookie set by the server; nothing about it is stored here.
 */
import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, postJson } from './api';
import { useLang } from './i18n';

export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  globalRole: 'admin' | 'national_trainer' | null;
  memberships: { unitId: string; role: 'admin' | 'unit_lead' | 'therapist' | 'trainer' }[];
  units: { id: string; name: string; isDemo: boolean; isPractice: boolean }[];
}

interface SessionState {
  user: StaffUser;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function useStaff(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useStaff outside <RequireStaff>');
  return session;
}

/** Shows its children to a logged-in staff user, and the login form to anyone else. */
export function RequireStaff({ children }: { children: ComponentChildren }) {
  const [user, setUser] = useState<StaffUser | null | undefined>(undefined);
  useEffect(() => {
    getJson<{ user: StaffUser }>('/api/v1/auth/me')
      .then((r) => setUser(r.user))
      .catch(() => setUser(null));
  }, []);
  if (user === undefined) return <p class="muted">…</p>;
  if (user === null) return <LoginForm onLogin={setUser} />;
  const logout = async () => {
    await postJson('/api/v1/auth/logout', {}).catch(() => undefined);
    setUser(null);
  };
  return (
    <SessionContext.Provider value={{ user, logout }}>
      <StaffBar user={user} logout={logout} />
      {children}
    </SessionContext.Provider>
  );
}

function StaffBar({ user, logout }: SessionState) {
  const { t } = useLang();
  return (
    <p class="staff-bar no-print">
      {t('Innlogget som', 'Logged in as')} <strong>{user.displayName}</strong>{' '}
      <button type="button" class="link-button" onClick={logout}>
        {t('Logg ut', 'Log out')}
      </button>
    </p>
  );
}

function LoginForm({ onLogin }: { onLogin: (user: StaffUser) => void }) {
  const { t } = useLang();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await postJson('/api/v1/auth/login', {
        email: String(form.get('email') ?? '').trim(),
        password: String(form.get('password') ?? ''),
      });
      onLogin((await getJson<{ user: StaffUser }>('/api/v1/auth/me')).user);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? t('Feil e-post eller passord.', 'Wrong e-mail or password.')
          : e instanceof ApiError && e.status === 429
            ? t(
                'For mange forsøk. Vent litt og prøv igjen.',
                'Too many attempts. Wait a little and try again.',
              )
            : t('Innloggingen virket ikke. Prøv igjen.', 'The login did not work. Try again.'),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="page login">
      <h1>{t('Logg inn', 'Log in')}</h1>
      <p class="muted">
        {t(
          'For ansatte. Pasienter bruker koden på nettbrettet.',
          'For staff. Patients use the code on the tablet.',
        )}
      </p>
      <form class="login-form" onSubmit={submit}>
        <label>
          {t('E-post', 'E-mail')}
          <input name="email" type="email" autocomplete="username" required />
        </label>
        <label>
          {t('Passord', 'Password')}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        {error && (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <button class="button-primary" type="submit" disabled={busy}>
          {t('Logg inn', 'Log in')}
        </button>
      </form>
    </section>
  );
}
