/**
 * Registers staff users (people with a KOR login) as participants: search by name or e-mail,
 * from two characters, and «Meld på». A registered staff user gets the course's practice unit
 * and its exercises.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorText, getJson, postJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import type { Loadable } from '../shared/useJson';
import type { StaffHit } from './types';
import { useAction } from './useAction';

/** Waits this long after the last key before searching. */
const TYPING_MS = 250;

export function StaffRegister({
  base,
  registered,
  onRegistered,
}: {
  base: string;
  /** User ids already registered (not cancelled). */
  registered: Set<string>;
  onRegistered: () => void;
}) {
  const { t } = useLang();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Loadable<StaffHit[]> | null>(null);
  const { run, busy, status } = useAction();
  const q = query.trim();
  useEffect(() => {
    if (q.length < 2) {
      setHits(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setHits({ state: 'loading' });
      getJson<{ users: StaffHit[] }>(`/api/v1/training/staff?${new URLSearchParams({ q })}`)
        .then((r) => live && setHits({ state: 'ready', data: r.users }))
        .catch(
          (e: unknown) =>
            live &&
            setHits({
              state: 'error',
              message: errorText(e, t('Søket virket ikke.', 'The search failed.')),
            }),
        );
    }, TYPING_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  const register = async (user: StaffHit) => {
    const done = await run(
      () => postJson(`${base}/participants`, { userId: user.id }),
      t(`${user.name} er påmeldt.`, `${user.name} is registered.`),
    );
    if (done) onRegistered();
  };
  return (
    <section class="staff-register" aria-labelledby="staff-register-title">
      <h3 id="staff-register-title">{t('Meld på ansatte i KOR', 'Register staff users')}</h3>
      <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('Søk etter ansatt', 'Search for a staff member')}
          <input
            type="search"
            value={query}
            maxLength={100}
            autocomplete="off"
            aria-describedby="staff-search-help"
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
      </form>
      <p id="staff-search-help" class="muted small">
        {t(
          'Minst to tegn av navnet eller e-postadressen.',
          'At least two characters of the name or e-mail address.',
        )}
      </p>
      <div role="status" class="small">
        {hits?.state === 'ready' &&
          (hits.data.length === 0
            ? t('Ingen treff.', 'No matches.')
            : t(`${hits.data.length} treff.`, `${hits.data.length} matches.`))}
      </div>
      {hits?.state === 'error' && (
        <p class="alert alert-error" role="alert">
          {hits.message}
        </p>
      )}
      {hits?.state === 'ready' && hits.data.length > 0 && (
        <ul class="plain staff-hits">
          {hits.data.map((u) => (
            <li key={u.id} class="staff-hit">
              <span>
                <strong>{u.name}</strong> <span class="muted">{u.email}</span>
                {u.units.length > 0 && (
                  <span class="muted small"> · {u.units.map((x) => x.name).join(', ')}</span>
                )}
              </span>
              {registered.has(u.id) ? (
                <span class="tag tag-ok">{t('Påmeldt', 'Registered')}</span>
              ) : (
                <button
                  type="button"
                  class="button-secondary"
                  disabled={busy}
                  onClick={() => register(u)}
                >
                  {t('Meld på', 'Register')}
                  <span class="visually-hidden"> {u.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {status}
    </section>
  );
}
