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
    const answer = await postJson<{ endSessionUrl?: string } | null>(
      '/api/v1/auth/logout',
      {},
    ).catch(() => null);
    // A login through HelseID (or another provider) ends there too: the provider logs the user
    // out and sends the browser back to KOR's start page.
    if (answer?.endSessionUrl) window.location.assign(answer.endSessionUrl);
    else setUser(null);
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

type Translate = (nb: string, en: string) => string;

/** Why a login through the OpenID Connect provider failed (`?innlogging=<code>` from the server). */
export function oidcFailureText(code: string, t: Translate): string {
  switch (code) {
    case 'state':
      return t(
        'Innloggingen ble ikke fullført i denne nettleseren, eller lenken er brukt før. Prøv igjen.',
        'The login was not finished in this browser, or the link was used before. Try again.',
      );
    case 'expired':
      return t('Innloggingen tok for lang tid. Prøv igjen.', 'The login took too long. Try again.');
    case 'cancelled':
      return t('Innloggingen ble avbrutt.', 'The login was cancelled.');
    case 'provider':
      return t(
        'Innloggingstjenesten svarer ikke nå. Prøv igjen senere, eller logg inn med passord.',
        'The login service does not answer now. Try again later, or log in with a password.',
      );
    case 'token':
      return t(
        'Svaret fra innloggingstjenesten kunne ikke godtas. Prøv igjen.',
        'The answer from the login service could not be accepted. Try again.',
      );
    case 'claim':
      return t(
        'Innloggingstjenesten sendte ikke det KOR trenger for å kjenne deg igjen. Kontakt en administrator.',
        'The login service did not send what KOR needs to recognise you. Contact an administrator.',
      );
    case 'level':
      return t(
        'Innloggingen var ikke på sikkerhetsnivået KOR krever. Logg inn igjen med et sikrere alternativ.',
        'The login was not at the security level KOR requires. Log in again with a more secure option.',
      );
    case 'no_user':
      return t(
        'Du ble logget inn hos innloggingstjenesten, men har ingen aktiv bruker i KOR. Be en administrator om tilgang.',
        'You were logged in at the login service, but have no active user in KOR. Ask an administrator for access.',
      );
    case 'disabled':
      return t(
        'Innlogging via innloggingstjeneste er ikke satt opp her.',
        'Login through a login service is not set up here.',
      );
    default:
      return t('Innloggingen virket ikke. Prøv igjen.', 'The login did not work. Try again.');
  }
}

/** The failure the server redirected with, if any. */
export function oidcFailureCode(): string | null {
  return new URLSearchParams(location.search).get('innlogging');
}

/** "Logg inn med HelseID" when an OpenID Connect provider is set up. */
function OidcLogin() {
  const { t } = useLang();
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    getJson<{ enabled: boolean; name?: string }>('/api/v1/auth/oidc')
      .then((r) => setName(r.enabled ? (r.name ?? 'OpenID Connect') : null))
      .catch(() => setName(null));
  }, []);
  if (!name) return null;
  const here = location.pathname === '/' ? '/' : location.pathname;
  return (
    <div class="oidc-login">
      {/* target=_top: a real navigation to the server (the client router leaves it alone). */}
      <a
        target="_top"
        class="button-primary oidc-button"
        href={`/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(here)}`}
      >
        {t(`Logg inn med ${name}`, `Log in with ${name}`)}
      </a>
      <p class="muted">{t('eller med e-post og passord:', 'or with e-mail and password:')}</p>
    </div>
  );
}

export function LoginForm({ onLogin }: { onLogin: (user: StaffUser) => void }) {
  const { t } = useLang();
  const failure = oidcFailureCode();
  const [error, setError] = useState<string | null>(failure ? oidcFailureText(failure, t) : null);
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
      <OidcLogin />
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
