/**
 * One course, to read with the patient: the light and why, what to do next, the trends, the
 * time line of levels of care and contacts, and the session's actions.
 */
import { useState } from 'preact/hooks';
import { useLang } from '../shared/i18n';
import { riskLightName } from '../shared/risk-light';
import { useStaff } from '../shared/session';
import { useJson } from '../shared/useJson';
import { CareForm, ContactForm, EndForm, FormSessionPanel, GafForm, GasPanel } from './Actions';
import { careName, contactName, endName, shortDate } from './labels';
import { PracticeBanner } from './PracticeBanner';
import { TrendCharts } from './TrendCharts';
import type { CourseDetail, Due, Trends } from './types';

export function CoursePage({ id }: { id: string }) {
  const { t, lang } = useLang();
  const { user } = useStaff();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const course = useJson<CourseDetail>(`/api/v1/courses/${id}`, version);
  const trends = useJson<Trends>(`/api/v1/courses/${id}/trends`, version);
  const due = useJson<Due>(`/api/v1/courses/${id}/due`, version);

  if (course.state === 'error' || trends.state === 'error') {
    const failed = course.state === 'error' ? course : trends.state === 'error' ? trends : null;
    return (
      <section class="page">
        <p class="breadcrumb">
          <a href="/terapeut">{t('Mine pasienter', 'My patients')}</a>
        </p>
        <p class="alert alert-error" role="alert">
          {failed?.status === 404
            ? t('Fant ikke forløpet.', 'Course not found.')
            : failed?.status === 403
              ? t(
                  'Forløpet er ikke på din liste. Tilgang krever en oppgitt grunn.',
                  'The course is not on your caseload. Access needs a stated reason.',
                )
              : failed?.message}
        </p>
      </section>
    );
  }
  if (course.state !== 'ready' || trends.state !== 'ready')
    return <p class="muted page">{t('Henter …', 'Loading …')}</p>;

  const c = course.data;
  const practice = user.units.some((u) => u.id === c.unitId && u.isPractice);
  const tr = trends.data;
  const risk = tr.risk;
  const current = c.episodes.find((e) => !e.endDate) ?? c.episodes.at(-1);
  const safety = risk.signals.filter((s) => s.code === 'SAFETY');
  const others = risk.signals.filter((s) => s.code !== 'SAFETY');
  return (
    <section class="page course">
      <p class="breadcrumb">
        <a href="/terapeut">{t('Mine pasienter', 'My patients')}</a> ›
      </p>
      {practice && <PracticeBanner />}
      <header class="course-header">
        <div>
          <h1>
            {t('Pasient', 'Patient')} {c.patient?.code}
          </h1>
          <p class="muted">
            {careName(current?.levelOfCare ?? null, t)} · {t('startet', 'started')}{' '}
            {shortDate(c.startDate, lang)}
            {c.patient?.birthYear ? ` · ${t('født', 'born')} ${c.patient.birthYear}` : ''}
            {c.end
              ? ` · ${t('avsluttet', 'ended')} ${shortDate(c.end.date, lang)} (${endName(c.end.type, t)})`
              : ''}
          </p>
        </div>
        <div class={`light light-${risk.level} light-large`}>
          <span class="dot" aria-hidden="true" />
          <span>
            {t('Risiko for avbrudd:', 'Risk of drop-out:')}{' '}
            <strong>{riskLightName(risk.level, t)}</strong>
          </span>
        </div>
        <div class="course-links">
          <a class="button-secondary" href={`/terapeut/forlop/${id}/evaluering`}>
            {t('Evalueringsoppsummering', 'Evaluation summary')}
          </a>
          <a
            class="button-secondary"
            href={`/api/v1/courses/${id}/fhir`}
            download
            title={t(
              'Forløpet som FHIR R4 (pseudonym kode, svar og skårer) til journal eller register',
              'The course as FHIR R4 (pseudonym code, answers and scores) for a record or registry',
            )}
          >
            {t('Last ned FHIR', 'Download FHIR')}
          </a>
        </div>
      </header>

      {safety.map((s) => (
        <div key={s.code} class="alert alert-error safety" role="alert">
          <strong>{s.explanation[lang]}</strong> {s.nextStep[lang]}
        </div>
      ))}

      <section class="signals" aria-labelledby="signals-title">
        <h2 id="signals-title">{t('Hva KOR ser nå', 'What KOR sees now')}</h2>
        {others.length === 0 ? (
          <p class="muted">
            {risk.level === 'grey'
              ? t(
                  'For lite data ennå: lyset blir grønt, gult eller rødt etter to svar.',
                  'Too little data yet: the light turns green, yellow or red after two answers.',
                )
              : t(
                  'Ingen signaler. Behandlingen ser ut til å gå som forventet.',
                  'No signals. Treatment seems to be going as expected.',
                )}
          </p>
        ) : (
          <ul class="signal-list">
            {others.map((s) => (
              <li key={s.code}>
                <p class="signal-what">{s.explanation[lang]}</p>
                <p class="signal-next">
                  <span class="muted">{t('Forslag:', 'Suggestion:')}</span> {s.nextStep[lang]}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <h2>{t('Utviklingen', 'The trend')}</h2>
      <TrendCharts course={c} trends={tr} />

      <h2>{t('Tidslinje', 'Time line')}</h2>
      <div class="timeline">
        <ol class="episodes" aria-label={t('Behandlingsnivåer', 'Levels of care')}>
          {c.episodes.map((e) => (
            <li key={e.id} class={`episode episode-${e.levelOfCare}`}>
              <strong>{careName(e.levelOfCare, t)}</strong> {shortDate(e.startDate, lang)} –{' '}
              {e.endDate ? shortDate(e.endDate, lang) : t('nå', 'now')}
            </li>
          ))}
        </ol>
        <details class="contacts">
          <summary>
            {t(`Kontakter (${c.contacts.length})`, `Contacts (${c.contacts.length})`)}
          </summary>
          <ul class="plain contact-list">
            {[...c.contacts].reverse().map((k) => (
              <li key={k.id} class={`contact contact-${k.kind}`}>
                {shortDate(k.date, lang)} — {contactName(k.kind, t)}
              </li>
            ))}
          </ul>
        </details>
      </div>

      {!c.end && (
        <>
          <h2>{t('I timen', 'In the session')}</h2>
          <div class="actions">
            <FormSessionPanel courseId={id} due={due.state === 'ready' ? due.data : null} />
            <ContactForm courseId={id} onDone={reload} />
            <GafForm courseId={id} onDone={reload} />
            <GasPanel courseId={id} goals={tr.goals} onDone={reload} />
            <CareForm courseId={id} current={current?.levelOfCare ?? null} onDone={reload} />
            <EndForm courseId={id} onDone={reload} />
          </div>
        </>
      )}
    </section>
  );
}
