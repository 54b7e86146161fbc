/** The exercises of the courses the user takes part in (or runs), with how far they have come. */
import { useLang } from '../shared/i18n';
import { LoadStatus } from '../shared/LoadStatus';
import { useJson } from '../shared/useJson';
import type { MyExercise } from './types';

export function ExerciseList() {
  const { t } = useLang();
  const list = useJson<{ exercises: MyExercise[] }>('/api/v1/training/my/exercises');
  return (
    <section class="page trainee">
      <h1>{t('Mine øvelser', 'My exercises')}</h1>
      <p class="lead">
        {t(
          'Øvelser fra kursene du er med på. Pasientene er syntetiske: les forløpet i terapeutvisningen, og skriv hva du ser og hva du vil gjøre videre.',
          'Exercises from the courses you take part in. The patients are synthetic: read the course in the therapist view, and write what you see and what you would do next.',
        )}
      </p>
      <LoadStatus loadable={list} />
      {list.state === 'ready' && list.data.exercises.length === 0 && (
        <p class="muted">
          {t(
            'Ingen øvelser ennå. Øvelsene kommer her når kursholderen har laget dem og du er påmeldt kurset.',
            'No exercises yet. They appear here when the trainer has made them and you are registered on the course.',
          )}
        </p>
      )}
      {list.state === 'ready' && list.data.exercises.length > 0 && (
        <ul class="cards">
          {list.data.exercises.map((e) => {
            const done = e.cases.filter((c) => c.answer).length;
            return (
              <li key={e.id}>
                <a class="card card-link" href={`/kurs/ovelser/${e.id}`}>
                  <h2>{e.title}</h2>
                  <p class="muted">{e.courseTitle}</p>
                  <p>
                    {done === e.cases.length ? (
                      <span class="tag tag-ok">
                        {t('Alle besvart', 'All answered')} ({done}/{e.cases.length})
                      </span>
                    ) : (
                      t(
                        `${done} av ${e.cases.length} pasienter besvart`,
                        `${done} of ${e.cases.length} patients answered`,
                      )
                    )}
                  </p>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
