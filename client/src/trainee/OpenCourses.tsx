/**
 * Courses open for registration, for any staff user: what, when, where, the fee, places left and
 * the trainers, with «Meld meg på» and, before the course starts, «Meld meg av». The server keeps
 * the rules (capacity, not twice, open and not ended); this page says what happened in words.
 */
import { useState } from 'preact/hooks';
import { errorText, postJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { LoadStatus } from '../shared/LoadStatus';
import { courseDays, dateRange, feeName, kindName, placeName } from '../shared/training-labels';
import { useJson } from '../shared/useJson';
import type { OpenCourse } from './types';

type T = (nb: string, en: string) => string;
type Message = { ok: boolean; text: string };

/** Today as the server counts it (UTC dates, like the courses' dates). */
const today = () => new Date().toISOString().slice(0, 10);

function placesText(c: OpenCourse, t: T): string {
  if (c.full) return t('Kurset er fullt', 'The course is full');
  const left = c.capacity - c.registered;
  return t(`${left} av ${c.capacity} ledige`, `${left} of ${c.capacity} free`);
}

function CourseCard({
  course: c,
  busy,
  onAct,
}: {
  course: OpenCourse;
  busy: boolean;
  onAct: (c: OpenCourse, signUp: boolean) => void;
}) {
  const { t, lang } = useLang();
  const heading = `open-course-${c.id}`;
  const started = c.startDate <= today();
  return (
    <li>
      <article class="card open-course" aria-labelledby={heading}>
        <h2 id={heading}>{c.title}</h2>
        {c.mine && <p class="tag tag-ok">{t('Du er påmeldt', 'You are registered')}</p>}
        <dl>
          <dt>{t('Kurstype', 'Kind')}</dt>
          <dd>{kindName(c.kind, t)}</dd>
          <dt>{t('Dato', 'Dates')}</dt>
          <dd>
            {dateRange(c.startDate, c.endDate, lang)} ({courseDays(c.days, t)})
          </dd>
          <dt>{t('Sted', 'Place')}</dt>
          <dd>{placeName(c, t)}</dd>
          <dt>{t('Egenandel', 'Fee')}</dt>
          <dd>{feeName(c.feeNok, t, lang)}</dd>
          <dt>{t('Plasser', 'Places')}</dt>
          <dd>{placesText(c, t)}</dd>
          <dt>{t('Kursholdere', 'Trainers')}</dt>
          <dd>{c.trainers.join(', ') || '–'}</dd>
        </dl>
        {c.mine && !started && (
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            onClick={() => onAct(c, false)}
          >
            {t('Meld meg av', 'Withdraw')}
          </button>
        )}
        {c.mine && started && (
          <p class="muted small">
            {t(
              'Kurset har startet. Vil du melde deg av, ta kontakt med kursholderne.',
              'The course has started. To withdraw, contact the trainers.',
            )}
          </p>
        )}
        {!c.mine && !c.full && (
          <button
            type="button"
            class="button-primary"
            disabled={busy}
            onClick={() => onAct(c, true)}
          >
            {t('Meld meg på', 'Sign me up')}
          </button>
        )}
      </article>
    </li>
  );
}

export function OpenCourses() {
  const { t } = useLang();
  const [version, setVersion] = useState(0);
  const list = useJson<{ courses: OpenCourse[] }>('/api/v1/training/open-courses', version);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (c: OpenCourse, signUp: boolean) => {
    setMessage(null);
    setBusy(true);
    const url = `/api/v1/training/open-courses/${c.id}/registration${signUp ? '' : '/cancel'}`;
    try {
      await postJson(url, {});
      setMessage({
        ok: true,
        text: signUp
          ? t(`Du er påmeldt «${c.title}».`, `You are registered for “${c.title}”.`)
          : t(`Du er meldt av «${c.title}».`, `You have withdrawn from “${c.title}”.`),
      });
    } catch (e) {
      const fallback = signUp
        ? t('Kunne ikke melde deg på.', 'Could not sign you up.')
        : t('Kunne ikke melde deg av.', 'Could not withdraw you.');
      setMessage({ ok: false, text: errorText(e, fallback) });
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
    }
  };

  return (
    <section class="page trainee">
      <h1>{t('Kurs du kan melde deg på', 'Courses you can sign up for')}</h1>
      <p class="lead">
        {t(
          'Kursene som er åpne for påmelding, de første først. Du melder deg på selv, og kan melde deg av fram til kurset starter.',
          'The courses open for registration, soonest first. You sign up yourself, and can withdraw until the course starts.',
        )}
      </p>
      {message && (
        <p
          class={message.ok ? 'alert alert-ok' : 'alert alert-error'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
      <LoadStatus loadable={list} />
      {list.state === 'ready' && list.data.courses.length === 0 && (
        <p class="muted">
          {t('Ingen kurs er åpne for påmelding nå.', 'No courses are open for registration now.')}
        </p>
      )}
      {list.state === 'ready' && list.data.courses.length > 0 && (
        <ul class="cards open-courses">
          {list.data.courses.map((c) => (
            <CourseCard key={c.id} course={c} busy={busy} onAct={act} />
          ))}
        </ul>
      )}
      <p>
        <a href="/kurs/ovelser">{t('Mine øvelser fra kursene', 'My exercises from the courses')}</a>
      </p>
    </section>
  );
}
