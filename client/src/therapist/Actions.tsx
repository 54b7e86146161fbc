/**
 * What a therapist does in a session: forms for the tablet (the code shown large) or a home
 * link, GAF, GAS goals and their rating, contacts and no-shows, a change of level of care, and
 * the end of the course. Each form says plainly what went wrong when the server refuses.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorText, postJson, sendJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import { CareOptions } from './CareOptions';
import { careName, contactName, endName, instrumentName, today } from './labels';
import type { Due, Trends } from './types';

type Done = () => void;

function useSubmit(onDone: Done) {
  const { t } = useLang();
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setError(null);
    setOk(null);
    try {
      await work();
      setOk(success);
      onDone();
    } catch (e) {
      setError(errorText(e, t('Kunne ikke lagre. Prøv igjen.', 'Could not save. Try again.')));
    } finally {
      setBusy(false);
    }
  };
  const status = (
    <>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {ok && (
        <p class="alert alert-ok" role="status">
          {ok}
        </p>
      )}
    </>
  );
  return { run, busy, status };
}

function Panel({
  title,
  children,
  id,
}: {
  title: string;
  id: string;
  children: ComponentChildren;
}) {
  return (
    <section class="action-panel" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

const key = () => crypto.randomUUID();

interface FormSessionSummary {
  id: string;
  channel: 'kiosk' | 'home';
  instruments: string[];
  answered: string[];
  status: 'waiting' | 'in_progress' | 'completed' | 'ended_unfinished' | 'expired' | 'revoked';
  createdAt: string;
}

function sessionStatus(
  status: FormSessionSummary['status'],
  t: (nb: string, en: string) => string,
) {
  return {
    waiting: t('Venter på pasienten', 'Waiting for the patient'),
    in_progress: t('Pågår', 'In progress'),
    completed: t('Fullført', 'Completed'),
    ended_unfinished: t('Avsluttet uferdig', 'Ended unfinished'),
    expired: t('Utløpt', 'Expired'),
    revoked: t('Trukket tilbake', 'Withdrawn'),
  }[status];
}

export function FormSessionPanel({ courseId, due }: { courseId: string; due: Due | null }) {
  const { t, lang } = useLang();
  const planned = [...new Set((due?.plan ?? []).map((p) => p.instrument))].filter(
    (i) => i !== 'gaf' && i !== 'gas',
  );
  const dueNow = new Set((due?.due ?? []).map((d) => d.instrument));
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const selected = chosen ?? new Set(planned.filter((i) => dueNow.has(i)));
  const [made, setMade] = useState<{ code?: string; link?: string; expiresAt: string } | null>(
    null,
  );
  const [version, setVersion] = useState(0);
  const { run, busy, status } = useSubmit(() => setVersion((v) => v + 1));
  const sessions = useJson<{ formSessions: FormSessionSummary[] }>(
    `/api/v1/courses/${courseId}/form-sessions`,
    version,
  );
  const withdraw = (id: string) =>
    run(
      () => postJson(`/api/v1/courses/${courseId}/form-sessions/${id}/revoke`, {}),
      t('Skjemaøkten er trukket tilbake.', 'The form session has been withdrawn.'),
    );
  const create = (channel: 'kiosk' | 'home') =>
    run(
      async () => {
        const r = await postJson<{ code?: string; link?: string; expiresAt: string }>(
          `/api/v1/courses/${courseId}/form-sessions`,
          { instruments: [...selected], channel },
        );
        setMade(r);
      },
      t('Skjemaøkten er laget.', 'The form session is ready.'),
    );
  const options = planned.length
    ? planned
    : ['session-outcome', 'session-alliance', 'audit', 'dudit', 'hscl-25'];
  return (
    <Panel id="act-forms" title={t('Skjema til pasienten', 'Forms for the patient')}>
      <fieldset class="checks">
        <legend>
          {t('Hvilke skjema (forfalte er valgt)', 'Which forms (those due are chosen)')}
        </legend>
        {options.map((i) => (
          <label key={i}>
            <input
              type="checkbox"
              checked={selected.has(i)}
              onChange={(e) => {
                const next = new Set(selected);
                if ((e.currentTarget as HTMLInputElement).checked) next.add(i);
                else next.delete(i);
                setChosen(next);
              }}
            />{' '}
            {instrumentName(i, t)}
            {dueNow.has(i) && <span class="tag tag-warn">{t('forfalt', 'due')}</span>}
          </label>
        ))}
      </fieldset>
      <div class="button-row">
        <button
          type="button"
          class="button-primary"
          disabled={busy || selected.size === 0}
          onClick={() => create('kiosk')}
        >
          {t('Lag kode til nettbrettet', 'Make a code for the tablet')}
        </button>
        <button
          type="button"
          class="button-secondary"
          disabled={busy || selected.size === 0}
          onClick={() => create('home')}
        >
          {t('Lag lenke hjem', 'Make a home link')}
        </button>
      </div>
      {status}
      {made?.code && (
        <div class="big-code" aria-live="polite">
          <p>
            {t(
              'Pasienten skriver denne koden på nettbrettet:',
              'The patient types this code on the tablet:',
            )}
          </p>
          <output class="code" aria-label={t('Kode', 'Code')}>
            {made.code.replace(/(\d{3})(\d{3})/, '$1 $2')}
          </output>
          <p class="muted">
            {t('Gyldig til', 'Valid until')} {new Date(made.expiresAt).toLocaleTimeString()}
            {' · '}
            {t('kan brukes én gang', 'single use')}
          </p>
        </div>
      )}
      {sessions.state === 'ready' && sessions.data.formSessions.length > 0 && (
        <div class="session-list">
          <h4>{t('Siste skjemaøkter', 'Recent form sessions')}</h4>
          <ul class="plain">
            {sessions.data.formSessions.slice(0, 5).map((s) => (
              <li key={s.id}>
                <span class={`session-status status-${s.status}`}>
                  {sessionStatus(s.status, t)}
                </span>{' '}
                {new Date(s.createdAt).toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
                  day: 'numeric',
                  month: 'short',
                  hour: '2-digit',
                  minute: '2-digit',
                })}
                {' · '}
                {s.channel === 'kiosk' ? t('nettbrett', 'tablet') : t('lenke', 'link')}
                {' · '}
                {t('besvart', 'answered')} {s.answered.length}/{s.instruments.length}
                {(s.status === 'waiting' || s.status === 'in_progress') && (
                  <button type="button" class="link-button" onClick={() => withdraw(s.id)}>
                    {t('Trekk tilbake', 'Withdraw')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {made?.link && (
        <div class="big-code">
          <p>{t('Send denne lenken til pasienten:', 'Send this link to the patient:')}</p>
          <output class="link">{`${location.origin}${made.link}`}</output>
          <p class="muted">
            {t('Gyldig til', 'Valid until')} {new Date(made.expiresAt).toLocaleDateString()}
          </p>
        </div>
      )}
    </Panel>
  );
}

export function ContactForm({ courseId, onDone }: { courseId: string; onDone: Done }) {
  const { t } = useLang();
  const { run, busy, status } = useSubmit(onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const kind = String(f.get('kind'));
    run(
      () => postJson(`/api/v1/courses/${courseId}/contacts`, { kind, date: String(f.get('date')) }),
      t(`${contactName(kind, t)} er registrert.`, `${contactName(kind, t)} recorded.`),
    );
  };
  return (
    <Panel id="act-contact" title={t('Registrer kontakt', 'Record a contact')}>
      <form class="inline-form" onSubmit={submit}>
        <label>
          {t('Hva', 'What')}
          <select name="kind">
            {['session', 'evaluation', 'no_show', 'cancelled'].map((k) => (
              <option key={k} value={k}>
                {contactName(k, t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Dato', 'Date')}
          <input name="date" type="date" required defaultValue={today()} max={today()} />
        </label>
        <button class="button-primary" type="submit" disabled={busy}>
          {t('Registrer', 'Record')}
        </button>
      </form>
      {status}
    </Panel>
  );
}

export function GafForm({ courseId, onDone }: { courseId: string; onDone: Done }) {
  const { t, lang } = useLang();
  const { run, busy, status } = useSubmit(onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const answers = {
      symptom: Number(f.get('symptom')),
      function: Number(f.get('function')),
    };
    run(
      () =>
        postJson(
          `/api/v1/courses/${courseId}/responses`,
          { instrument: 'gaf', answers, language: lang },
          { 'Idempotency-Key': key() },
        ),
      t('GAF er lagret.', 'GAF saved.'),
    );
  };
  return (
    <Panel id="act-gaf" title={t('GAF-skåring', 'GAF rating')}>
      <form class="inline-form" onSubmit={submit}>
        <label>
          {t('GAF-S (symptomer)', 'GAF-S (symptoms)')}
          <input name="symptom" type="number" min={1} max={100} step={1} required />
        </label>
        <label>
          {t('GAF-F (funksjon)', 'GAF-F (function)')}
          <input name="function" type="number" min={1} max={100} step={1} required />
        </label>
        <button class="button-primary" type="submit" disabled={busy}>
          {t('Lagre GAF', 'Save GAF')}
        </button>
      </form>
      <p class="muted small">
        {t(
          '1–100 for de siste 7 dagene. Skalaen er opphavsrettsbeskyttet (APA); bruk enhetens skåringsregler.',
          '1–100 for the last 7 days. The scale is copyrighted (APA); use the unit’s rating rules.',
        )}
      </p>
      {status}
    </Panel>
  );
}

const GAS_LEVELS = [
  [-2, 'Mye dårligere enn forventet', 'Much less than expected'],
  [-1, 'Noe dårligere enn forventet', 'Somewhat less than expected'],
  [0, 'Forventet nivå', 'Expected level'],
  [1, 'Noe bedre enn forventet', 'Somewhat more than expected'],
  [2, 'Mye bedre enn forventet', 'Much more than expected'],
] as const;

export function GasPanel({
  courseId,
  goals,
  onDone,
}: {
  courseId: string;
  goals: Trends['goals'];
  onDone: Done;
}) {
  const { t, lang } = useLang();
  const [draft, setDraft] = useState(
    goals.length
      ? goals.map((g) => ({ text: g.text, weight: g.weight }))
      : [{ text: '', weight: 1 }],
  );
  const save = useSubmit(onDone);
  const rate = useSubmit(onDone);
  const saveGoals = (e: Event) => {
    e.preventDefault();
    save.run(
      () =>
        sendJson('PUT', `/api/v1/courses/${courseId}/goals`, {
          goals: draft.filter((g) => g.text.trim()),
        }),
      t('Målene er lagret.', 'Goals saved.'),
    );
  };
  const rateGoals = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const answers: Record<string, number> = {};
    for (const g of goals) {
      answers[`g${g.position}`] = Number(f.get(`g${g.position}`));
      answers[`w${g.position}`] = g.weight;
    }
    rate.run(
      () =>
        postJson(
          `/api/v1/courses/${courseId}/responses`,
          { instrument: 'gas', answers, language: lang },
          { 'Idempotency-Key': key() },
        ),
      t('GAS-vurderingen er lagret.', 'GAS rating saved.'),
    );
  };
  return (
    <Panel id="act-gas" title={t('Mål (GAS)', 'Goals (GAS)')}>
      <form onSubmit={saveGoals} class="goal-form">
        {draft.map((g, i) => (
          <div class="goal-row" key={i}>
            <label>
              {t(`Mål ${i + 1}`, `Goal ${i + 1}`)}
              <input
                value={g.text}
                maxLength={300}
                onInput={(e) => {
                  const next = [...draft];
                  next[i] = { ...g, text: (e.currentTarget as HTMLInputElement).value };
                  setDraft(next);
                }}
              />
            </label>
            <label class="narrow">
              {t('Vekt', 'Weight')}
              <input
                type="number"
                min={0}
                max={100}
                step="any"
                value={g.weight}
                onInput={(e) => {
                  const next = [...draft];
                  next[i] = { ...g, weight: Number((e.currentTarget as HTMLInputElement).value) };
                  setDraft(next);
                }}
              />
            </label>
          </div>
        ))}
        <div class="button-row">
          {draft.length < 6 && (
            <button
              type="button"
              class="button-secondary"
              onClick={() => setDraft([...draft, { text: '', weight: 1 }])}
            >
              {t('Legg til mål', 'Add a goal')}
            </button>
          )}
          <button type="submit" class="button-primary" disabled={save.busy}>
            {t('Lagre målene', 'Save the goals')}
          </button>
        </div>
        {save.status}
      </form>
      {goals.length > 0 && (
        <form onSubmit={rateGoals} class="gas-rate">
          <h4>{t('Vurder måloppnåelse nå', 'Rate goal attainment now')}</h4>
          {goals.map((g) => (
            <label key={g.position}>
              {g.text}
              <select name={`g${g.position}`} defaultValue="-1">
                {GAS_LEVELS.map(([v, nb, en]) => (
                  <option key={v} value={v}>
                    {v > 0 ? `+${v}` : v} {t(nb, en)}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <button type="submit" class="button-primary" disabled={rate.busy}>
            {t('Lagre GAS', 'Save GAS')}
          </button>
          {rate.status}
        </form>
      )}
    </Panel>
  );
}

export function CareForm({
  courseId,
  current,
  onDone,
}: {
  courseId: string;
  current: string | null;
  onDone: Done;
}) {
  const { t } = useLang();
  const { run, busy, status } = useSubmit(onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const level = String(f.get('levelOfCare'));
    run(
      () =>
        postJson(`/api/v1/courses/${courseId}/episodes`, {
          levelOfCare: level,
          startDate: String(f.get('startDate')),
        }),
      t(`Nytt nivå: ${careName(level, t)}.`, `New level: ${careName(level, t)}.`),
    );
  };
  return (
    <Panel id="act-care" title={t('Endre behandlingsnivå', 'Change level of care')}>
      <p class="muted small">
        {t(
          `Nå: ${careName(current, t)}. Overganger er når mange faller fra: KOR viser et signal i 14 dager etter.`,
          `Now: ${careName(current, t)}. Transitions are where many drop out: KOR shows a signal for 14 days after.`,
        )}
      </p>
      <form class="inline-form" onSubmit={submit}>
        <label>
          {t('Nytt nivå', 'New level')}
          <select name="levelOfCare">
            <CareOptions except={current} />
          </select>
        </label>
        <label>
          {t('Fra dato', 'From')}
          <input name="startDate" type="date" required defaultValue={today()} />
        </label>
        <button class="button-primary" type="submit" disabled={busy}>
          {t('Endre nivå', 'Change level')}
        </button>
      </form>
      {status}
    </Panel>
  );
}

export function EndForm({ courseId, onDone }: { courseId: string; onDone: Done }) {
  const { t } = useLang();
  const { run, busy, status } = useSubmit(onDone);
  const [confirming, setConfirming] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!confirming) {
      setConfirming(true);
      return;
    }
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const note = String(f.get('note') ?? '').trim();
    run(
      () =>
        postJson(`/api/v1/courses/${courseId}/end`, {
          type: String(f.get('type')),
          date: String(f.get('date')),
          ...(note ? { note } : {}),
        }),
      t('Forløpet er avsluttet.', 'The course has ended.'),
    );
  };
  return (
    <Panel id="act-end" title={t('Avslutt forløpet', 'End the course')}>
      <form class="inline-form" onSubmit={submit}>
        <label>
          {t('Hvordan det endte', 'How it ended')}
          <select name="type" onChange={() => setConfirming(false)}>
            {['completed', 'dropped_out', 'transferred', 'other'].map((k) => (
              <option key={k} value={k}>
                {endName(k, t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Dato', 'Date')}
          <input name="date" type="date" required defaultValue={today()} />
        </label>
        <label class="wide">
          {t('Merknad (valgfri, uten navn)', 'Note (optional, no names)')}
          <input name="note" maxLength={1000} />
        </label>
        <button
          class={confirming ? 'button-danger' : 'button-secondary'}
          type="submit"
          disabled={busy}
        >
          {confirming
            ? t('Ja, avslutt forløpet', 'Yes, end the course')
            : t('Avslutt forløpet …', 'End the course …')}
        </button>
      </form>
      {confirming && (
        <p class="muted small" role="status">
          {t(
            'Et avsluttet forløp kan ikke åpnes igjen. Trykk en gang til for å bekrefte.',
            'An ended course cannot be reopened. Press again to confirm.',
          )}
        </p>
      )}
      {status}
    </Panel>
  );
}
