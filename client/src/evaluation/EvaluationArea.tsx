/**
 * The anonymous course evaluation, on a participant's phone or the course room's tablet: the
 * course's code, then the course-evaluation instrument (its wording from the registry), sent
 * without cookies — nothing here says who answered.
 */
import { useState } from 'preact/hooks';
import { LangSwitch, useLang } from '../shared/i18n';
import './evaluation.css';

interface Text {
  nb: string;
  en: string;
}
interface Item {
  id: string;
  kind: 'choice' | 'text';
  text: Text;
  optional?: boolean;
  maxLength?: number;
  options?: { value: number; label?: Text }[];
}
interface Definition {
  version: string;
  title: Text;
  description: Text;
  items: Item[];
}
interface CourseInfo {
  course: { title: string; kind: string; startDate: string; endDate: string };
  instrument: { id: string; version: string };
}

async function call<T>(url: string, body?: unknown): Promise<{ status: number; data: T | null }> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'omit',
    headers: {
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, data: (await res.json().catch(() => null)) as T | null };
}

export default function EvaluationArea({ code: fromLink }: { code?: string }) {
  const { t, lang } = useLang();
  const [code, setCode] = useState(fromLink?.toUpperCase() ?? '');
  const [loaded, setLoaded] = useState<{ info: CourseInfo; definition: Definition } | null>(null);
  const [answers, setAnswers] = useState<Record<string, number | string>>({});
  const [state, setState] = useState<'code' | 'form' | 'sent'>('code');
  const [error, setError] = useState<string | null>(null);

  const open = async (event?: Event) => {
    event?.preventDefault();
    setError(null);
    const clean = code.trim().toUpperCase();
    const info = await call<CourseInfo>(`/api/v1/course-evaluation/${encodeURIComponent(clean)}`);
    if (info.status !== 200 || !info.data) {
      setError(
        info.status === 429
          ? t(
              'For mange feil koder herfra. Vent et kvarter og prøv igjen.',
              'Too many wrong codes from here. Wait a quarter of an hour and try again.',
            )
          : t(
              'Fant ikke et kurs med den koden. Sjekk koden med kursholderen.',
              'No course has that code. Check the code with the trainer.',
            ),
      );
      return;
    }
    const def = await call<Definition>(
      `/api/v1/instruments/${info.data.instrument.id}/versions/${info.data.instrument.version}`,
    );
    if (!def.data)
      return setError(t('Skjemaet kunne ikke hentes.', 'The form could not be loaded.'));
    setCode(clean);
    setLoaded({ info: info.data, definition: def.data });
    setState('form');
  };

  const send = async (event: Event) => {
    event.preventDefault();
    if (!loaded) return;
    const missing = loaded.definition.items.filter(
      (i) => !i.optional && i.kind !== 'text' && answers[i.id] === undefined,
    );
    if (missing.length) {
      setError(t('Svar på alle spørsmålene med tall.', 'Answer every question with a number.'));
      return;
    }
    const comments = String(answers.comments ?? '').trim();
    const sent = await call(`/api/v1/course-evaluation/${encodeURIComponent(code)}`, {
      answers: { ...answers, ...(comments ? { comments } : { comments: undefined }) },
      language: lang,
    });
    if (sent.status === 201) {
      setAnswers({});
      setState('sent');
    } else {
      setError(
        sent.status === 409
          ? t(
              'Kurset har fått alle svarene det kan få.',
              'The course has received all its answers.',
            )
          : t('Svaret ble ikke sendt. Prøv igjen.', 'The answer was not sent. Try again.'),
      );
    }
  };

  return (
    <div class="evaluation-page">
      <header class="evaluation-top">
        <span class="brand">KOR</span>
        <LangSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        {state === 'code' && (
          <form class="code-form" onSubmit={open}>
            <h1>{t('Kursevaluering', 'Course evaluation')}</h1>
            <p>
              {t(
                'Skriv koden kursholderen viser. Svaret ditt er anonymt.',
                'Type the code the trainer shows. Your answer is anonymous.',
              )}
            </p>
            <label>
              {t('Kode', 'Code')}
              <input
                value={code}
                maxLength={8}
                autocomplete="off"
                autocapitalize="characters"
                onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            {error && (
              <p class="alert alert-error" role="alert">
                {error}
              </p>
            )}
            <button class="button-primary" type="submit">
              {t('Videre', 'Next')}
            </button>
          </form>
        )}
        {state === 'form' && loaded && (
          <form onSubmit={send}>
            <h1>{loaded.info.course.title}</h1>
            <p>{loaded.definition.description[lang]}</p>
            {loaded.definition.items.map((item) =>
              item.kind === 'text' ? (
                <label key={item.id} class="comment">
                  {item.text[lang]}
                  <textarea
                    maxLength={item.maxLength}
                    value={String(answers[item.id] ?? '')}
                    onInput={(e) =>
                      setAnswers({
                        ...answers,
                        [item.id]: (e.currentTarget as HTMLTextAreaElement).value,
                      })
                    }
                  />
                </label>
              ) : (
                <fieldset key={item.id} class="rating">
                  <legend>{item.text[lang]}</legend>
                  <div class="scale">
                    {(item.options ?? []).map((o) => (
                      <label key={o.value} class={answers[item.id] === o.value ? 'chosen' : ''}>
                        <input
                          type="radio"
                          name={item.id}
                          value={o.value}
                          checked={answers[item.id] === o.value}
                          onChange={() => setAnswers({ ...answers, [item.id]: o.value })}
                        />
                        <span>{o.value}</span>
                        {o.label && o.label[lang] !== String(o.value) && (
                          <span class="visually-hidden">{o.label[lang]}</span>
                        )}
                      </label>
                    ))}
                  </div>
                  <p class="anchors" aria-hidden="true">
                    <span>{item.options?.[0]?.label?.[lang]}</span>
                    <span>{item.options?.at(-1)?.label?.[lang]}</span>
                  </p>
                </fieldset>
              ),
            )}
            {error && (
              <p class="alert alert-error" role="alert">
                {error}
              </p>
            )}
            <button class="button-primary" type="submit">
              {t('Send anonymt', 'Send anonymously')}
            </button>
          </form>
        )}
        {state === 'sent' && (
          <section class="thanks">
            <h1>{t('Takk for svaret!', 'Thank you for your answer!')}</h1>
            <p>
              {t(
                'Kursholderne ser bare gjennomsnitt og kommentarer, og først når minst tre har svart.',
                'The trainers see only means and comments, and only once at least three have answered.',
              )}
            </p>
            <button
              type="button"
              class="button-secondary"
              onClick={() => {
                setState('form');
                setError(null);
              }}
            >
              {t('Neste deltaker på samme nettbrett', 'Next participant on this tablet')}
            </button>
          </section>
        )}
      </main>
    </div>
  );
}
