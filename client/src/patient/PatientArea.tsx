/**
 * The patient area: `/tablet` (the clinic's kiosk: a code from the therapist) and `/f/<link>`
 * (the same forms from a link at home). It is its own bundle, talks only to /api/v1/patient
 * (never with cookies), links to no staff page, and forgets the patient when it is done:
 * the answers leave memory at the thank-you, storage is cleared, and the kiosk starts afresh.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Answers, InstrumentDefinition } from '../../../instruments/definition-schema';
import { LangSwitch, useLang } from '../shared/i18n';
import { FormRunner } from './FormRunner';
import { Keypad } from './Keypad';
import { createOutbox, type OutboxState } from './outbox';
import { type Exchanged, exchange, fetchForms, PatientApiError, randomId } from './patient-api';
import { useIdle } from './useIdle';
import './patient.css';

/** One per page load: wrong codes count per device, so one patient cannot lock the clinic. */
const DEVICE = randomId(12);
const outbox = createOutbox();
const SESSION_KEY = 'kor.patient-session';
/** The kiosk's thank-you screen returns to the keypad after this long. */
const THANKS_MS = 60_000;

type Phase =
  | { name: 'start' }
  | { name: 'loading' }
  | { name: 'forms'; forms: InstrumentDefinition[] }
  | { name: 'done' }
  | { name: 'ended'; why: 'idle' | 'stopped' }
  | { name: 'problem'; message: string; retry?: boolean };

interface Session {
  token: string;
  formSession: string;
}

function useOutboxState(): OutboxState {
  const [state, setState] = useState(outbox.state);
  useEffect(() => outbox.subscribe(setState), []);
  return state;
}

/** Clears what the browser keeps for this page: session and local storage. */
function clearStorage() {
  try {
    sessionStorage.clear();
    localStorage.clear();
  } catch {
    // Storage blocked: there is nothing to clear.
  }
}

export default function PatientArea() {
  const { params } = useRoute();
  const { url } = useLocation();
  const link = params.link;
  const kiosk = link === undefined;
  const { t, lang } = useLang();
  const [phase, setPhase] = useState<Phase>(() =>
    kiosk ? { name: 'start' } : { name: 'loading' },
  );
  const [large, setLarge] = useState(false);
  const [busy, setBusy] = useState(false);
  const [codeMessage, setCodeMessage] = useState<string>();
  const [lockedFor, setLockedFor] = useState(0);
  const [confirmStop, setConfirmStop] = useState(false);
  const session = useRef<Session | null>(null);
  const [practice, setPractice] = useState(false);
  const sent = useOutboxState();

  const tooMany = (seconds: number) =>
    t(
      `Du har skrevet feil kode for mange ganger. Be behandleren din om å lage en ny kode. Du kan prøve igjen om ${Math.ceil(seconds / 60)} minutter.`,
      `The wrong code was entered too many times. Ask your therapist to make a new code. You can try again in ${Math.ceil(seconds / 60)} minutes.`,
    );

  async function begin(exchanged: Exchanged) {
    session.current = { token: exchanged.token, formSession: exchanged.formSession };
    setPractice(exchanged.practice === true);
    try {
      const saved = { ...session.current, practice: exchanged.practice === true };
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(saved));
    } catch {
      // Without storage a reload needs the code again.
    }
    // Answers kept from an earlier visit go first, so the server does not ask for them again.
    await outbox.retoken(exchanged.formSession, exchanged.token);
    await outbox.flush();
    const waiting = new Set(await outbox.waitingInstruments(exchanged.formSession));
    const { forms } = await fetchForms(exchanged.token);
    const due = forms.filter((f) => !waiting.has(f.id));
    if (due.length === 0) finish('done');
    else setPhase({ name: 'forms', forms: due });
  }

  /** Ends the session in the page: the answers leave memory and storage is cleared. */
  function finish(next: 'done' | 'idle' | 'stopped') {
    const current = session.current;
    session.current = null;
    // The server ends the session too (after any answers still waiting: the outbox keeps order).
    if (current) {
      void outbox.add({ kind: 'close', ...current, reason: next === 'done' ? 'finished' : next });
    }
    clearStorage();
    setConfirmStop(false);
    setPhase(next === 'done' ? { name: 'done' } : { name: 'ended', why: next });
  }

  // Kiosk: the tablet's Back button stays on the kiosk.
  useEffect(() => {
    if (!kiosk) return;
    const stay = () => history.pushState(null, '', '/tablet');
    stay();
    window.addEventListener('popstate', stay);
    return () => window.removeEventListener('popstate', stay);
  }, [kiosk]);

  // Start: a kiosk reloaded mid-session resumes; a home link is exchanged at once.
  useEffect(() => {
    const load = async () => {
      if (kiosk) {
        const saved = (() => {
          try {
            return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as
              | (Session & { practice?: boolean })
              | null;
          } catch {
            return null;
          }
        })();
        if (!saved) return;
        setPhase({ name: 'loading' });
        await begin({ ...saved, expiresAt: '' });
        return;
      }
      setPhase({ name: 'loading' });
      await begin(await exchange({ link: link as string }, DEVICE));
    };
    load().catch((error: unknown) => {
      if (networkAfterExchange(error)) return;
      clearStorage();
      session.current = null;
      if (kiosk) {
        setPhase({ name: 'start' });
        return;
      }
      setPhase(linkProblem(error));
    });
  }, [url]);

  /**
   * The network failed after the code was used: keep the session (a code works once) and let the
   * patient try again; the reload resumes from session storage.
   */
  function networkAfterExchange(error: unknown): boolean {
    if (error instanceof PatientApiError || !session.current) return false;
    setPhase({
      name: 'problem',
      retry: true,
      message: t(
        'Får ikke kontakt med KOR akkurat nå. Koden din er tatt vare på: trykk «Prøv igjen» om litt.',
        'Cannot reach KOR right now. Your code has been kept: press “Try again” in a moment.',
      ),
    });
    return true;
  }

  function linkProblem(error: unknown): Phase {
    if (!(error instanceof PatientApiError))
      return {
        name: 'problem',
        retry: true,
        message: t(
          'Får ikke kontakt med KOR. Sjekk at du er på nett, og prøv igjen.',
          'Cannot reach KOR. Check that you are online, and try again.',
        ),
      };
    if (error.status === 410)
      return {
        name: 'problem',
        message: t(
          'Disse skjemaene er allerede sendt inn. Takk!',
          'These forms have already been sent in. Thank you!',
        ),
      };
    if (error.status === 429) return { name: 'problem', message: tooMany(error.retryAfter ?? 900) };
    return {
      name: 'problem',
      message: t(
        'Lenken er feil eller har gått ut. Be behandleren din om en ny lenke.',
        'The link is wrong or has expired. Ask your therapist for a new link.',
      ),
    };
  }

  async function submitCode(code: string) {
    setBusy(true);
    setCodeMessage(undefined);
    try {
      await begin(await exchange({ code }, DEVICE));
    } catch (error) {
      if (networkAfterExchange(error)) return;
      session.current = null;
      clearStorage();
      if (!(error instanceof PatientApiError)) {
        setCodeMessage(
          t(
            'Får ikke kontakt med KOR. Sjekk nettet, og prøv igjen.',
            'Cannot reach KOR. Check the network, and try again.',
          ),
        );
      } else if (error.status === 429) {
        const seconds = error.retryAfter ?? 900;
        setLockedFor(seconds);
        setCodeMessage(tooMany(seconds));
      } else if (error.status === 410) {
        setCodeMessage(
          t(
            'Skjemaene for denne koden er allerede sendt inn. Takk!',
            'The forms for this code have already been sent in. Thank you!',
          ),
        );
      } else {
        setCodeMessage(
          t(
            'Koden stemmer ikke, eller den er gått ut. Sjekk sifrene og prøv igjen, eller be behandleren om en ny kode.',
            'The code is wrong or has expired. Check the digits and try again, or ask your therapist for a new code.',
          ),
        );
      }
    } finally {
      setBusy(false);
    }
  }

  // The keypad opens again when the wrong-code wait is over.
  useEffect(() => {
    if (lockedFor === 0) return;
    const timer = setTimeout(() => {
      setLockedFor(0);
      setCodeMessage(undefined);
    }, lockedFor * 1000);
    return () => clearTimeout(timer);
  }, [lockedFor]);

  // The kiosk's thank-you and closed screens return to a fresh keypad: a new page load, so
  // nothing of this patient is left in memory. Answers still waiting are kept in IndexedDB.
  // The patient's language and text size stay for the thank-you; the next patient starts with
  // the defaults (storage was cleared, and the reload forgets the rest).
  const restart = () => {
    if (outbox.state.pending > 0 && !outbox.state.durable) return;
    clearStorage();
    location.replace('/tablet');
  };
  useEffect(() => {
    if (!kiosk || (phase.name !== 'done' && phase.name !== 'ended')) return;
    const timer = setTimeout(restart, THANKS_MS);
    return () => clearTimeout(timer);
  }, [phase.name]);

  const idleWarning = useIdle(phase.name === 'forms', () => finish('idle'));

  useEffect(() => {
    document.title = `KOR – ${t('skjema', 'forms')}`;
  }, [lang]);

  let body: ComponentChildren;
  switch (phase.name) {
    case 'start':
      body = (
        <Keypad
          busy={busy}
          message={codeMessage}
          locked={lockedFor > 0}
          onSubmit={(code) => void submitCode(code)}
        />
      );
      break;
    case 'loading':
      body = (
        <section class="screen" aria-busy="true">
          <h1 id="screen-heading">{t('Henter skjemaene …', 'Fetching the forms …')}</h1>
        </section>
      );
      break;
    case 'forms':
      body = (
        <FormRunner
          forms={phase.forms}
          onSend={async (form: InstrumentDefinition, answers: Answers) => {
            const current = session.current;
            if (!current) return;
            await outbox.add({
              kind: 'response',
              ...current,
              body: { instrument: form.id, version: form.version, answers, language: lang },
            });
          }}
          onFinished={() => finish('done')}
        />
      );
      break;
    case 'done':
      body = (
        <FinalScreen
          title={t('Takk!', 'Thank you!')}
          action={kiosk ? { label: t('Ferdig', 'Done'), onClick: restart } : undefined}
          waiting={sent.pending > 0}
        >
          <p class="big">
            {kiosk
              ? t(
                  'Gi nettbrettet tilbake til behandleren din.',
                  'Please hand the tablet back to your therapist.',
                )
              : t('Du kan lukke denne siden nå.', 'You can close this page now.')}
          </p>
        </FinalScreen>
      );
      break;
    case 'ended':
      body = (
        <FinalScreen
          title={
            phase.why === 'idle'
              ? t('Skjemaet ble lukket', 'The form was closed')
              : t('Du har avsluttet', 'You have stopped')
          }
          action={
            kiosk
              ? { label: t('Ferdig', 'Done'), onClick: restart }
              : {
                  label: t('Åpne skjemaene igjen', 'Open the forms again'),
                  onClick: () => location.reload(),
                }
          }
          waiting={sent.pending > 0}
        >
          <p class="big">
            {phase.why === 'idle'
              ? t(
                  'Skjemaet ble lukket fordi det ikke ble brukt på fem minutter. Skjemaer du sendte før det, er tatt vare på.',
                  'The form was closed because it was not used for five minutes. Forms you sent before that have been kept.',
                )
              : t(
                  'Skjemaer du sendte før du avsluttet, er tatt vare på.',
                  'Forms you sent before you stopped have been kept.',
                )}
          </p>
          <p>
            {kiosk
              ? t(
                  'Vil du fortsette, kan behandleren lage en ny kode.',
                  'If you want to continue, your therapist can make a new code.',
                )
              : t(
                  'Vil du fortsette, kan du åpne lenken på nytt.',
                  'If you want to continue, you can open the link again.',
                )}
          </p>
        </FinalScreen>
      );
      break;
    case 'problem':
      body = (
        <section class="screen" aria-labelledby="screen-heading">
          <h1 id="screen-heading">{phase.message}</h1>
          {phase.retry && (
            <div class="actions">
              <button type="button" class="primary" onClick={() => location.reload()}>
                {t('Prøv igjen', 'Try again')}
              </button>
            </div>
          )}
        </section>
      );
      break;
  }

  return (
    <div class={`patient${large ? ' patient-large' : ''}`}>
      <header class="patient-bar">
        <span class="patient-brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          KOR
        </span>
        <div class="patient-tools">
          <button type="button" aria-pressed={large} onClick={() => setLarge(!large)}>
            {t('Større tekst', 'Larger text')}
          </button>
          <LangSwitch />
          {phase.name === 'forms' && (
            <button type="button" onClick={() => setConfirmStop(true)}>
              {t('Avslutt', 'Stop')}
            </button>
          )}
        </div>
      </header>
      <main id="main" class="patient-main">
        {practice && phase.name === 'forms' && (
          <p class="practice-banner" role="note">
            {t('Øving – ikke en ekte pasient', 'Practice – not a real patient')}
          </p>
        )}
        {phase.name !== 'done' && <NetworkNotice state={sent} />}
        {body}
      </main>
      <Modal open={idleWarning} labelledBy="idle-heading">
        <h2 id="idle-heading">{t('Er du der fortsatt?', 'Are you still there?')}</h2>
        <p>
          {t(
            'Skjemaet lukkes om ett minutt hvis ingen bruker det. Svar du ikke har sendt, blir da slettet.',
            'The form closes in one minute if nobody uses it. Answers you have not sent are then deleted.',
          )}
        </p>
        <div class="actions">
          <button type="button" class="primary">
            {t('Ja, jeg vil fortsette', 'Yes, I want to continue')}
          </button>
        </div>
      </Modal>
      <Modal open={confirmStop} labelledBy="stop-heading" onCancel={() => setConfirmStop(false)}>
        <h2 id="stop-heading">{t('Vil du avslutte?', 'Do you want to stop?')}</h2>
        <p>
          {t(
            'Skjemaer du har sendt, er tatt vare på. Svarene i skjemaet du er i nå, blir slettet.',
            'Forms you have sent are kept. The answers in the form you are filling in now are deleted.',
          )}
        </p>
        <div class="actions">
          <button type="button" onClick={() => setConfirmStop(false)}>
            {t('Nei, fortsett', 'No, continue')}
          </button>
          <button type="button" class="primary" onClick={() => finish('stopped')}>
            {t('Ja, avslutt', 'Yes, stop')}
          </button>
        </div>
      </Modal>
    </div>
  );
}

function NetworkNotice({ state }: { state: OutboxState }) {
  const { t } = useLang();
  return (
    <div role="status" class="notice-slot">
      {state.pending > 0 && state.offline && (
        <p class="notice notice-warn">
          {t(
            'Ingen kontakt med nettet akkurat nå. Svarene dine er lagret her og sendes av seg selv når nettet er tilbake. Du kan fortsette.',
            'No network connection right now. Your answers are kept here and are sent by themselves when the network is back. You can carry on.',
          )}
        </p>
      )}
      {state.refused > 0 && (
        <p class="notice notice-error">
          {t(
            'Et skjema kunne ikke tas imot. Si fra til behandleren din.',
            'A form could not be received. Please tell your therapist.',
          )}
        </p>
      )}
    </div>
  );
}

function FinalScreen({
  title,
  action,
  waiting,
  children,
}: {
  title: string;
  action: { label: string; onClick: () => void } | undefined;
  waiting: boolean;
  children: ComponentChildren;
}) {
  const { t } = useLang();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="screen final" aria-labelledby="screen-heading">
      <h1 id="screen-heading" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
      <p role="status" class={waiting ? 'notice notice-warn' : 'notice notice-ok'}>
        {waiting
          ? t(
              'Nettet er borte akkurat nå. Svarene er lagret på nettbrettet og sendes av seg selv når nettet er tilbake.',
              'The network is down right now. The answers are kept on the tablet and are sent by themselves when the network is back.',
            )
          : t('Svarene dine er sendt.', 'Your answers have been sent.')}
      </p>
      {action && (
        <div class="actions">
          <button type="button" class="primary" onClick={action.onClick}>
            {action.label}
          </button>
        </div>
      )}
    </section>
  );
}

function Modal({
  open,
  labelledBy,
  onCancel,
  children,
}: {
  open: boolean;
  labelledBy: string;
  onCancel?: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="patient-dialog"
      aria-labelledby={labelledBy}
      onCancel={(e) => {
        e.preventDefault();
        onCancel?.();
      }}
    >
      {children}
    </dialog>
  );
}
