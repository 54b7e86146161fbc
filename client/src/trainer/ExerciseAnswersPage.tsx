/**
 * An exercise's answers for the discussion in the course room: per case, the key (what the
 * case shows, the next step) beside every trainee's answer (what they see, what they would do),
 * with the case's light. Made to be printed, one case after another.
 */
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import { CaseLight } from './CaseLight';
import type { ExerciseAnswers } from './types';

export function ExerciseAnswersPage({ id }: { id: string }) {
  const { t, lang } = useLang();
  const answers = useJson<ExerciseAnswers>(`/api/v1/training/exercises/${id}/answers`);
  if (answers.state === 'error')
    return (
      <p class="alert alert-error page" role="alert">
        {answers.status === 404 ? t('Fant ikke øvelsen.', 'Exercise not found.') : answers.message}
      </p>
    );
  if (answers.state !== 'ready') return <p class="muted page">{t('Henter …', 'Loading …')}</p>;
  const { exercise, trainees, cases } = answers.data;
  const sorted = [...cases].sort((a, b) => a.position - b.position);
  const time = (iso: string) =>
    new Date(iso).toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  return (
    <section class="page exercise-answers">
      <p class="breadcrumb no-print">
        <a href="/kurs">{t('Kurs', 'Courses')}</a> ›{' '}
        <a href={`/kurs/${exercise.trainingCourseId}`}>{exercise.courseTitle}</a> ›
      </p>
      <h1>
        {exercise.title}{' '}
        <span class="muted small">– {t('svarene og fasiten', 'the answers and the key')}</span>
      </h1>
      <p class="practice-banner" role="note">
        {t(
          'Øving – syntetiske pasienter, ingen ekte pasientdata',
          'Practice – synthetic patients, no real patient data',
        )}
      </p>
      {exercise.instructions && <p class="instructions">{exercise.instructions}</p>}
      <p>
        {trainees.length === 0
          ? t('Ingen påmeldte ansatte ennå.', 'No registered staff yet.')
          : trainees
              .map((p) =>
                t(
                  `${p.name}: ${p.answered} av ${cases.length}`,
                  `${p.name}: ${p.answered} of ${cases.length}`,
                ),
              )
              .join(' · ')}
      </p>
      <div class="button-row no-print">
        <button type="button" class="button-secondary" onClick={() => window.print()}>
          {t('Skriv ut', 'Print')}
        </button>
      </div>
      {sorted.map((c) => (
        <section key={c.caseId} class="answer-case" aria-labelledby={`case-${c.caseId}`}>
          <h2 id={`case-${c.caseId}`}>
            {c.patientCode} – {c.key.title[lang]}
          </h2>
          <p>
            <CaseLight level={c.risk.level} />{' '}
            <a class="no-print" href={`/terapeut/forlop/${c.courseId}`}>
              {t('Åpne i terapeutvisningen', 'Open in the therapist view')}
              <span class="visually-hidden"> {c.patientCode}</span>
            </a>
          </p>
          {c.risk.signals.some((s) => s.explanation) && (
            <ul class="small signal-words">
              {c.risk.signals.flatMap((s) =>
                s.explanation ? [<li key={s.code}>{s.explanation[lang]}</li>] : [],
              )}
            </ul>
          )}
          <div class="key-and-answers">
            <div class="key-box">
              <h3>{t('Fasit', 'Key')}</h3>
              <p>
                <strong>{t('Forløpet viser:', 'The course shows:')}</strong> {c.key.shows[lang]}
              </p>
              <p>
                <strong>{t('Neste steg:', 'Next step:')}</strong> {c.key.nextStep[lang]}
              </p>
            </div>
            <div>
              <h3>{t('Deltakernes svar', 'The participants’ answers')}</h3>
              {c.answers.length === 0 ? (
                <p class="muted">{t('Ingen svar ennå.', 'No answers yet.')}</p>
              ) : (
                <div class="table-wrap">
                  <table class="answer-table">
                    <caption class="visually-hidden">
                      {t(`Svar for ${c.patientCode}`, `Answers for ${c.patientCode}`)}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('Deltaker', 'Participant')}</th>
                        <th scope="col">{t('Hva de ser', 'What they see')}</th>
                        <th scope="col">{t('Hva de vil gjøre', 'What they would do')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.answers.map((a) => (
                        <tr key={a.userId}>
                          <th scope="row">
                            {a.name}
                            <span class="muted small answer-time"> {time(a.updatedAt)}</span>
                          </th>
                          <td class="answer-text">{a.observed}</td>
                          <td class="answer-text">{a.nextStep}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          </div>
        </section>
      ))}
    </section>
  );
}
