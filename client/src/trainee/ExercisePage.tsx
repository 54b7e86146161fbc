/**
 * One exercise for a participant: each synthetic patient with a link to the course in the
 * therapist view, and two questions — what do you see, what would you do next — saved per
 * patient. Saving again replaces the earlier answer.
 */
import { useState } from 'preact/hooks';
import { errorText, sendJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import type { MyExercise, TraineeAnswer } from './types';

export function ExercisePage({ id }: { id: string }) {
  const { t } = useLang();
  const exercise = useJson<{ exercise: MyExercise }>(`/api/v1/training/my/exercises/${id}`);
  if (exercise.state === 'error')
    return (
      <section class="page trainee">
        <p class="breadcrumb">
          <a href="/kurs/ovelser">{t('Mine øvelser', 'My exercises')}</a> ›
        </p>
        <p class="alert alert-error" role="alert">
          {exercise.status === 404
            ? t('Fant ikke øvelsen.', 'Exercise not found.')
            : exercise.message}
        </p>
      </section>
    );
  if (exercise.state !== 'ready') return <p class="muted page">{t('Henter …', 'Loading …')}</p>;
  const e = exercise.data.exercise;
  const cases = [...e.cases].sort((a, b) => a.position - b.position);
  return (
    <section class="page trainee">
      <p class="breadcrumb">
        <a href="/kurs/ovelser">{t('Mine øvelser', 'My exercises')}</a> ›
      </p>
      <h1>{e.title}</h1>
      <p class="muted">{e.courseTitle}</p>
      <p class="practice-banner" role="note">
        {t(
          'Øving – syntetiske pasienter, ingen ekte pasientdata',
          'Practice – synthetic patients, no real patient data',
        )}
      </p>
      {e.instructions && <p class="instructions">{e.instructions}</p>}
      {cases.map((c) => (
        <CaseAnswer
          key={c.caseId}
          url={`/api/v1/training/my/exercises/${e.id}/cases/${c.caseId}/answer`}
          patientCode={c.patientCode}
          courseId={c.courseId}
          saved={c.answer}
        />
      ))}
    </section>
  );
}

function CaseAnswer({
  url,
  patientCode,
  courseId,
  saved: initial,
}: {
  url: string;
  patientCode: string;
  courseId: string;
  saved: TraineeAnswer | null;
}) {
  const { t, lang } = useLang();
  const [saved, setSaved] = useState(initial);
  const [observed, setObserved] = useState(initial?.observed ?? '');
  const [nextStep, setNextStep] = useState(initial?.nextStep ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const changed = observed !== (saved?.observed ?? '') || nextStep !== (saved?.nextStep ?? '');
  const slug = patientCode.replace(/[^A-Za-z0-9-]/g, '');
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await sendJson<{ answer: TraineeAnswer }>('PUT', url, {
        observed: observed.trim(),
        nextStep: nextStep.trim(),
      });
      setSaved(r.answer);
      setObserved(r.answer.observed);
      setNextStep(r.answer.nextStep);
    } catch (e) {
      setError(errorText(e, t('Kunne ikke lagre. Prøv igjen.', 'Could not save. Try again.')));
    } finally {
      setBusy(false);
    }
  };
  const when = saved
    ? new Date(saved.updatedAt).toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '';
  return (
    <section class="case-answer" aria-labelledby={`case-${slug}`}>
      <h2 id={`case-${slug}`}>
        {t('Pasient', 'Patient')} {patientCode}
      </h2>
      <p>
        <a href={`/terapeut/forlop/${courseId}`}>
          {t('Se forløpet i terapeutvisningen', 'See the course in the therapist view')}
          <span class="visually-hidden"> – {patientCode}</span>
        </a>
      </p>
      <form class="stack-form" onSubmit={submit}>
        <label>
          {t('Hva ser du i forløpet?', 'What do you see in the course?')}
          <span class="visually-hidden"> ({patientCode})</span>
          <textarea
            required
            maxLength={2000}
            rows={4}
            value={observed}
            onInput={(ev) => setObserved((ev.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <label>
          {t('Hva vil du gjøre videre?', 'What would you do next?')}
          <span class="visually-hidden"> ({patientCode})</span>
          <textarea
            required
            maxLength={2000}
            rows={4}
            value={nextStep}
            onInput={(ev) => setNextStep((ev.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        {error && (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <div class="button-row">
          <button class="button-primary" type="submit" disabled={busy}>
            {t('Lagre svar', 'Save answer')}
            <span class="visually-hidden"> {patientCode}</span>
          </button>
          <span role="status" class={saved && !changed ? 'saved-state' : 'muted'}>
            {saved && !changed
              ? t(`Lagret ${when}.`, `Saved ${when}.`)
              : saved || changed
                ? t('Endringene er ikke lagret ennå.', 'The changes are not saved yet.')
                : t('Ikke besvart ennå.', 'Not answered yet.')}
          </span>
        </div>
      </form>
    </section>
  );
}
