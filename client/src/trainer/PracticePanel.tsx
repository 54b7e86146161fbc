/**
 * The course room's practice: a practice unit of six synthetic patients, one per pattern a
 * therapist must learn to see, made from a seed (the same seed gives the same cases). The
 * trainer sees the cases with their lights, starts role plays on the tablet, and keeps the
 * answer key («Fasit») behind a disclosure, for the discussion after the participants' own try.
 */
import { useState } from 'preact/hooks';
import { postJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import { CaseLight } from './CaseLight';
import { ExercisesPanel } from './ExercisesPanel';
import { RolePlayCode, type RolePlaySession, startRolePlay } from './RolePlay';
import type { PracticeCase, PracticeView } from './types';
import { useAction } from './useAction';

export function PracticePanel({ courseId }: { courseId: string }) {
  const { t } = useLang();
  const [version, setVersion] = useState(0);
  const practice = useJson<PracticeView>(`/api/v1/training/courses/${courseId}/practice`, version);
  return (
    <>
      <section class="practice" aria-labelledby="practice-title">
        <h2 id="practice-title">{t('Øving', 'Practice')}</h2>
        {practice.state === 'loading' && <p class="muted">{t('Henter …', 'Loading …')}</p>}
        {practice.state === 'error' &&
          (practice.status === 404 ? (
            <NewPractice courseId={courseId} onMade={() => setVersion((v) => v + 1)} />
          ) : (
            <p class="alert alert-error" role="alert">
              {practice.message}
            </p>
          ))}
        {practice.state === 'ready' && <PracticeCases practice={practice.data} />}
      </section>
      {practice.state === 'ready' && (
        <ExercisesPanel courseId={courseId} cases={practice.data.cases} />
      )}
    </>
  );
}

function NewPractice({ courseId, onMade }: { courseId: string; onMade: () => void }) {
  const { t } = useLang();
  const { run, busy, status } = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget as HTMLFormElement).get('seed') ?? '');
    const seed = raw.trim() === '' ? undefined : Number(raw);
    const made = await run(
      () =>
        postJson(
          `/api/v1/training/courses/${courseId}/practice`,
          seed === undefined ? {} : { seed },
        ),
      t('Øvingsenheten er laget.', 'The practice unit is ready.'),
    );
    if (made) onMade();
  };
  return (
    <>
      <p>
        {t(
          'En øvingsenhet har seks syntetiske pasienter (OVING-01 til OVING-06), hver med et typisk forløp: som forventet, ingen tidlig endring, fallende allianse, forverring, uteblitte timer og overføring fulgt av avbrudd. Kursholderne og de påmeldte ansatte får se dem i terapeutvisningen. Ingen ekte pasientdata.',
          'A practice unit has six synthetic patients (OVING-01 to OVING-06), each with a typical course: on track, no early change, falling alliance, deterioration, missed sessions, and a transfer followed by drop-out. The trainers and the registered staff see them in the therapist view. No real patient data.',
        )}
      </p>
      <form class="inline-form" onSubmit={submit}>
        <label>
          {t('Startverdi (valgfri)', 'Seed (optional)')}
          <input
            name="seed"
            type="number"
            min={1}
            max={2147483647}
            step={1}
            inputMode="numeric"
            aria-describedby="seed-help"
          />
        </label>
        <button class="button-primary" type="submit" disabled={busy}>
          {t('Lag øvingsenhet', 'Make a practice unit')}
        </button>
      </form>
      <p id="seed-help" class="muted small">
        {t(
          'Samme startverdi gir de samme seks pasientene med de samme svarene, også i et annet kurs. Står feltet tomt, velger KOR en tilfeldig.',
          'The same seed gives the same six patients with the same answers, also in another course. Left empty, KOR picks one at random.',
        )}
      </p>
      {status}
    </>
  );
}

function PracticeCases({ practice }: { practice: PracticeView }) {
  const { t, lang } = useLang();
  const { run, busy, status } = useAction();
  const [rolePlay, setRolePlay] = useState<{
    practiceCase: PracticeCase;
    session: RolePlaySession;
  } | null>(null);
  const start = (practiceCase: PracticeCase) => {
    setRolePlay(null);
    void run(async () => {
      setRolePlay({ practiceCase, session: await startRolePlay(practiceCase) });
    }, null);
  };
  const cases = [...practice.cases].sort((a, b) => a.position - b.position);
  return (
    <>
      <p class="practice-unit">
        <span class="practice-badge">{t('ØVING', 'PRACTICE')}</span>{' '}
        <strong>{practice.unitName}</strong>
      </p>
      <p class="muted">
        {t('Startverdi', 'Seed')} <code>{practice.seed}</code> ·{' '}
        {t(
          'syntetiske pasienter, ingen ekte pasientdata',
          'synthetic patients, no real patient data',
        )}
      </p>
      <div class="table-wrap">
        <table class="practice-cases">
          <caption>{t('De seks øvingspasientene', 'The six practice patients')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Pasient', 'Patient')}</th>
              <th scope="col">{t('Mønster', 'Pattern')}</th>
              <th scope="col">{t('Lys nå', 'Light now')}</th>
              <th scope="col">{t('Terapeutvisningen', 'Therapist view')}</th>
              <th scope="col">{t('Rollespill', 'Role play')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.patientCode}</th>
                <td>{c.key.title[lang]}</td>
                <td>
                  <CaseLight level={c.risk.level} />
                </td>
                <td>
                  <a href={`/terapeut/forlop/${c.courseId}`}>
                    {t('Åpne i terapeutvisningen', 'Open in the therapist view')}
                    <span class="visually-hidden"> {c.patientCode}</span>
                  </a>
                </td>
                <td>
                  <button
                    type="button"
                    class="link-button"
                    disabled={busy}
                    onClick={() => start(c)}
                  >
                    {t('Rollespill på nettbrett', 'Role play on the tablet')}
                    <span class="visually-hidden"> {c.patientCode}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {status}
      {rolePlay && <RolePlayCode {...rolePlay} />}
      <details class="answer-key">
        <summary>{t('Fasit (for kursholderen)', 'Answer key (for the trainer)')}</summary>
        <p class="muted small">
          {t(
            'Vis fasiten først når deltakerne har gjort sin egen vurdering.',
            'Show the key only after the participants have made their own judgement.',
          )}
        </p>
        <dl class="key-list">
          {cases.map((c) => (
            <div key={c.id}>
              <dt>
                {c.patientCode} – {c.key.title[lang]}
              </dt>
              <dd>
                <span class="key-label">{t('Forløpet viser:', 'The course shows:')}</span>{' '}
                {c.key.shows[lang]}
              </dd>
              <dd>
                <span class="key-label">{t('Neste steg:', 'Next step:')}</span>{' '}
                {c.key.nextStep[lang]}
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  );
}
