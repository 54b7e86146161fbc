/**
 * The 6-weekly evaluation summary: one printable A4 page with the trends, the goals and the
 * signals since the last evaluation, for the meeting with the patient, the municipality and NAV.
 * Holds the pseudonym code only, like every KOR screen.
 */
import { formatScore } from '../shared/format';
import { useLang } from '../shared/i18n';
import { riskLightName } from '../shared/risk-light';
import { useJson } from '../shared/useJson';
import { contactName, instrumentName, shortDate, today } from './labels';
import { TrendCharts } from './TrendCharts';
import type { CourseDetail, SeriesPoint, Trends } from './types';

const SIGNAL_NAMES: Record<string, [string, string]> = {
  ALLIANCE_LOW: ['Samarbeidet under grensen', 'Alliance below the cut-off'],
  ALLIANCE_DROP: ['Samarbeidet falt', 'Alliance fell'],
  NO_EARLY_CHANGE: ['Ingen tidlig bedring', 'No early change'],
  DETERIORATION: ['Forverring', 'Deterioration'],
  BELOW_EXPECTED: ['Under forventet utvikling', 'Below the expected course'],
  MISSED_CONTACT: ['Uteblitt eller lang tid siden kontakt', 'Missed or long since contact'],
  TRANSITION: ['Overgang mellom behandlingsnivå', 'Change of level of care'],
  READINESS_FALLING: ['Lavere endringsberedskap', 'Lower readiness to change'],
  SAFETY: [
    'Svar om håpløshet eller selvmordstanker',
    'Answer about hopelessness or suicidal thoughts',
  ],
};

export function EvaluationSummary({ id }: { id: string }) {
  const { t, lang } = useLang();
  const course = useJson<CourseDetail>(`/api/v1/courses/${id}`);
  const trends = useJson<Trends>(`/api/v1/courses/${id}/trends`);
  if (course.state === 'error' || trends.state === 'error')
    return (
      <p class="alert alert-error page" role="alert">
        {course.state === 'error' ? course.message : trends.state === 'error' ? trends.message : ''}
      </p>
    );
  if (course.state !== 'ready' || trends.state !== 'ready')
    return <p class="muted page">{t('Henter …', 'Loading …')}</p>;
  const c = course.data;
  const tr = trends.data;
  const now = today();
  const lastEvaluation = [...c.contacts]
    .filter((k) => k.kind === 'evaluation' && k.date < now)
    .at(-1)?.date;
  const from = lastEvaluation ?? c.startDate;
  const inPeriod = (date: string) => date.slice(0, 10) >= from;
  const contacts = c.contacts.filter((k) => inPeriod(k.date));
  const counts = ['session', 'evaluation', 'no_show', 'cancelled']
    .map((kind) => [kind, contacts.filter((k) => k.kind === kind).length] as const)
    .filter(([, n]) => n > 0);
  const signalsSince = new Map<string, string>();
  for (const h of tr.history)
    if (inPeriod(h.date))
      for (const code of h.codes) if (!signalsSince.has(code)) signalsSince.set(code, h.date);
  const series = tr.series as Record<string, SeriesPoint[]>;
  const gas = (series.gas ?? []).filter((p) => p.status === 'scored').at(-1);
  const fmt = (v: number | null | undefined) => formatScore(v ?? null, lang);
  const latest = Object.entries(series)
    .filter(([instrument]) => !['session-outcome', 'session-alliance', 'gas'].includes(instrument))
    .map(
      ([instrument, points]) =>
        [instrument, points.filter((p) => inPeriod(p.answeredAt)).at(-1)] as const,
    )
    .filter((entry): entry is readonly [string, SeriesPoint] => entry[1] !== undefined);

  return (
    <article class="page evaluation-summary">
      <div class="no-print button-row">
        <a href={`/terapeut/forlop/${id}`}>‹ {t('Tilbake til forløpet', 'Back to the course')}</a>
        <button type="button" class="button-primary" onClick={() => window.print()}>
          {t('Skriv ut', 'Print')}
        </button>
      </div>
      <header>
        <h1>
          {t('Evaluering', 'Evaluation')} – {t('pasient', 'patient')} {c.patient?.code}
        </h1>
        <p>
          {t('Perioden', 'Period')} {shortDate(from, lang)} – {shortDate(now, lang)}
          {' · '}
          {t('forløpet startet', 'course started')} {shortDate(c.startDate, lang)}
          {' · '}
          {t('risiko for avbrudd nå:', 'risk of drop-out now:')} {riskLightName(tr.risk.level, t)}
        </p>
      </header>
      <TrendCharts course={c} trends={tr} compact />
      <div class="summary-columns">
        <section>
          <h2>{t('Mål', 'Goals')}</h2>
          {tr.goals.length === 0 ? (
            <p class="muted">{t('Ingen mål satt.', 'No goals set.')}</p>
          ) : (
            <ol>
              {tr.goals.map((g) => {
                const level = gas?.answers[`g${g.position}`];
                return (
                  <li key={g.position}>
                    {g.text}
                    {typeof level === 'number' && (
                      <span class="muted">
                        {' '}
                        ({t('sist vurdert', 'last rated')} {level > 0 ? `+${level}` : level})
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          {gas && (
            <p>
              GAS T-{t('skåre', 'score')}: <strong>{fmt(gas.scores.tScore)}</strong> (
              {shortDate(gas.answeredAt, lang)})
            </p>
          )}
        </section>
        <section>
          <h2>{t('Signaler i perioden', 'Signals in the period')}</h2>
          {signalsSince.size === 0 ? (
            <p class="muted">{t('Ingen.', 'None.')}</p>
          ) : (
            <ul>
              {[...signalsSince].map(([code, date]) => (
                <li key={code}>
                  {t(...(SIGNAL_NAMES[code] ?? [code, code]))}{' '}
                  <span class="muted">
                    ({t('fra', 'from')} {shortDate(date, lang)})
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>{t('Oppmøte i perioden', 'Attendance in the period')}</h2>
          <p>
            {counts.length === 0
              ? t('Ingen kontakter registrert.', 'No contacts recorded.')
              : counts.map(([kind, n]) => `${contactName(kind, t)}: ${n}`).join(' · ')}
          </p>
          {latest.length > 0 && (
            <>
              <h2>{t('Andre målinger i perioden', 'Other measurements in the period')}</h2>
              <ul>
                {latest.map(([instrument, p]) => (
                  <li key={instrument}>
                    {instrumentName(instrument, t)} ({shortDate(p.answeredAt, lang)}):{' '}
                    {Object.entries(p.scores)
                      .filter(([, v]) => typeof v === 'number')
                      .map(([k, v]) => `${k} ${fmt(v)}`)
                      .join(', ')}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
      <footer class="muted small">
        {t(
          'Laget i KOR. Inneholder bare pasientens pseudonymkode. Signalene er støtte til samtalen, ikke en diagnose.',
          'Made in KOR. Holds the patient’s pseudonym code only. The signals support the conversation; they are not a diagnosis.',
        )}
      </footer>
    </article>
  );
}
