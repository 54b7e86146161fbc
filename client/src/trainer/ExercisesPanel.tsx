/**
 * Exercises on the practice cases: the trainer picks cases and writes the task; each registered
 * staff participant answers under «Mine øvelser» what they see in the course and what they would
 * do; the answers are read side by side with the key at /kurs/ovelse/<id>/svar.
 */
import { useState } from 'preact/hooks';
import { postJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import type { ExerciseSummary, PracticeCase } from './types';
import { useAction } from './useAction';

export function ExercisesPanel({ courseId, cases }: { courseId: string; cases: PracticeCase[] }) {
  const { t } = useLang();
  const [version, setVersion] = useState(0);
  const base = `/api/v1/training/courses/${courseId}/exercises`;
  const list = useJson<{ exercises: ExerciseSummary[] }>(base, version);
  return (
    <section class="exercises" aria-labelledby="exercises-title">
      <h2 id="exercises-title">{t('Øvelser', 'Exercises')}</h2>
      <p class="muted">
        {t(
          'De påmeldte ansatte finner øvelsene under «Mine øvelser» (/kurs/ovelser) når de er logget inn, ser forløpene i terapeutvisningen og skriver hva de ser og hva de vil gjøre.',
          'The registered staff find the exercises under “My exercises” (/kurs/ovelser) when logged in, read the courses in the therapist view and write what they see and what they would do.',
        )}
      </p>
      {list.state === 'error' && (
        <p class="alert alert-error" role="alert">
          {list.message}
        </p>
      )}
      {list.state === 'ready' && list.data.exercises.length === 0 && (
        <p class="muted">{t('Ingen øvelser ennå.', 'No exercises yet.')}</p>
      )}
      {list.state === 'ready' && list.data.exercises.length > 0 && (
        <div class="table-wrap">
          <table class="exercise-table">
            <caption class="visually-hidden">
              {t('Kursets øvelser', 'The course’s exercises')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('Øvelse', 'Exercise')}</th>
                <th scope="col">{t('Pasienter', 'Patients')}</th>
                <th scope="col">{t('Har svart på alle', 'Answered all')}</th>
                <th scope="col">{t('Svarene', 'The answers')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.exercises.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.title}</th>
                  <td>
                    {[...e.cases]
                      .sort((a, b) => a.position - b.position)
                      .map((c) => c.patientCode)
                      .join(', ')}
                  </td>
                  <td>{t(`${e.answered} av ${e.trainees}`, `${e.answered} of ${e.trainees}`)}</td>
                  <td>
                    <a href={`/kurs/ovelse/${e.id}/svar`}>
                      {t('Se svarene', 'See the answers')}
                      <span class="visually-hidden"> – {e.title}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewExercise base={base} cases={cases} onMade={() => setVersion((v) => v + 1)} />
    </section>
  );
}

function NewExercise({
  base,
  cases,
  onMade,
}: {
  base: string;
  cases: PracticeCase[];
  onMade: () => void;
}) {
  const { t, lang } = useLang();
  const { run, busy, status } = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const title = String(f.get('title') ?? '').trim();
    const instructions = String(f.get('instructions') ?? '').trim();
    const made = await run(
      () =>
        postJson(base, {
          title,
          instructions: instructions === '' ? null : instructions,
          caseIds: f.getAll('caseIds').map(String),
        }),
      t(`Øvelsen «${title}» er laget.`, `The exercise “${title}” has been made.`),
    );
    if (made) {
      form.reset();
      onMade();
    }
  };
  return (
    <form class="stack-form panel" onSubmit={submit} aria-labelledby="new-exercise-title">
      <h3 id="new-exercise-title">{t('Ny øvelse', 'New exercise')}</h3>
      <label>
        {t('Tittel på øvelsen', 'Title of the exercise')}
        <input name="title" required maxLength={200} />
      </label>
      <label>
        {t('Oppgave til deltakerne (valgfri)', 'Task for the participants (optional)')}
        <textarea name="instructions" maxLength={2000} rows={3} />
      </label>
      <fieldset class="case-choices">
        <legend>{t('Pasienter i øvelsen', 'Patients in the exercise')}</legend>
        {[...cases]
          .sort((a, b) => a.position - b.position)
          .map((c) => (
            <label key={c.id} class="check">
              <input type="checkbox" name="caseIds" value={c.id} defaultChecked />
              {c.patientCode}
              <span class="muted small">{c.key.title[lang]}</span>
            </label>
          ))}
      </fieldset>
      <p class="muted small">
        {t(
          'Mønsteret vises bare for deg; deltakerne ser bare pasientkoden.',
          'Only you see the pattern; the participants see the patient code only.',
        )}
      </p>
      {status}
      <div class="button-row">
        <button class="button-primary" type="submit" disabled={busy}>
          {t('Lag øvelsen', 'Make the exercise')}
        </button>
      </div>
    </form>
  );
}
