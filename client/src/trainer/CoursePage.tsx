/**
 * One course in the course room: its status, the participants with attendance per day and
 * completion (a completed train-the-trainer participant becomes a trainer), registration, and
 * the anonymous evaluation — its code for the participants and the results from 3 answers.
 */
import { useState } from 'preact/hooks';
import { errorText, postJson, sendJson } from '../shared/api';
import { formatScore } from '../shared/format';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import { dateRange, kindName, statusName } from './labels';
import type { CourseDetail, CourseStatus, Evaluations, Participant, TrainingReport } from './types';

export function CoursePage({ id }: { id: string }) {
  const { t, lang } = useLang();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const course = useJson<CourseDetail>(`/api/v1/training/courses/${id}`, version);
  const evaluations = useJson<Evaluations>(`/api/v1/training/courses/${id}/evaluations`, version);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (work: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await work();
      setMessage({ ok: true, text: done });
      reload();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t('Kunne ikke lagre.', 'Could not save.')) });
    }
  };

  if (course.state === 'error')
    return (
      <p class="alert alert-error page" role="alert">
        {course.status === 404 ? t('Fant ikke kurset.', 'Course not found.') : course.message}
      </p>
    );
  if (course.state !== 'ready') return <p class="muted page">{t('Henter …', 'Loading …')}</p>;
  const c = course.data;
  const base = `/api/v1/training/courses/${id}`;
  const setStatus = (status: CourseStatus, done: string) =>
    act(() => sendJson('PATCH', base, { status }), done);
  const active = c.participants.filter((p) => p.status === 'registered');
  const days = Array.from({ length: c.days }, (_, i) => i + 1);
  return (
    <section class="page training-course">
      <p class="breadcrumb">
        <a href="/kurs">{t('Kurs', 'Courses')}</a> ›
      </p>
      <h1>{c.title}</h1>
      <p class="muted">
        {kindName(c.kind, t)} · {dateRange(c.startDate, c.endDate, lang)} ·{' '}
        {c.digital ? t('digitalt', 'digital') : (c.place ?? '')} · {t('egenandel', 'fee')}{' '}
        {c.feeNok} kr · {statusName(c.status, t)}
      </p>
      <p class="muted">
        {t('Kursholdere:', 'Trainers:')} {c.trainers.map((tr) => tr.name).join(', ')}
      </p>
      <div class="button-row">
        {c.status === 'planned' && (
          <button
            type="button"
            class="button-primary"
            onClick={() =>
              setStatus('open', t('Kurset er åpent for påmelding.', 'The course is open.'))
            }
          >
            {t('Åpne for påmelding', 'Open for registration')}
          </button>
        )}
        {c.status === 'open' && (
          <button
            type="button"
            class="button-primary"
            onClick={() =>
              setStatus('completed', t('Kurset er gjennomført.', 'The course is completed.'))
            }
          >
            {t('Marker som gjennomført', 'Mark as completed')}
          </button>
        )}
        {(c.status === 'planned' || c.status === 'open') && (
          <button
            type="button"
            class="button-secondary"
            onClick={() =>
              setStatus('cancelled', t('Kurset er avlyst.', 'The course is cancelled.'))
            }
          >
            {t('Avlys', 'Cancel the course')}
          </button>
        )}
      </div>
      {message && (
        <p
          class={message.ok ? 'alert alert-ok' : 'alert alert-error'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}

      <h2>
        {t('Deltakere', 'Participants')} ({active.length} / {c.capacity})
      </h2>
      {active.length === 0 ? (
        <p class="muted">{t('Ingen påmeldte ennå.', 'Nobody registered yet.')}</p>
      ) : (
        <div class="table-wrap">
          <table class="participants">
            <caption class="visually-hidden">
              {t('Deltakere og oppmøte', 'Participants and attendance')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('Navn', 'Name')}</th>
                <th scope="col">{t('Rolle og enhet', 'Role and unit')}</th>
                {days.map((d) => (
                  <th key={d} scope="col">
                    {t(`Dag ${d}`, `Day ${d}`)}
                  </th>
                ))}
                <th scope="col">{t('Fullført', 'Completed')}</th>
              </tr>
            </thead>
            <tbody>
              {active.map((p) => (
                <ParticipantRow
                  key={p.id}
                  participant={p}
                  days={days}
                  base={base}
                  trainTheTrainer={c.kind === 'train_the_trainer'}
                  act={act}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(c.status === 'planned' || c.status === 'open') && <RegisterForm base={base} onDone={act} />}

      <h2>{t('Evaluering', 'Evaluation')}</h2>
      <div class="evaluation-code">
        <p>
          {t(
            'Deltakerne evaluerer anonymt på nettbrett eller mobil: åpne',
            'Participants evaluate anonymously on a tablet or phone: open',
          )}{' '}
          <a href={`/kurs/evaluer/${c.evaluationCode}`}>{location.host}/kurs/evaluer</a>{' '}
          {t('og skriv koden', 'and type the code')}
        </p>
        <output class="code">{c.evaluationCode}</output>
      </div>
      {evaluations.state === 'ready' && <EvaluationResults data={evaluations.data} />}
    </section>
  );
}

function ParticipantRow({
  participant: p,
  days,
  base,
  trainTheTrainer,
  act,
}: {
  participant: Participant;
  days: number[];
  base: string;
  trainTheTrainer: boolean;
  act: (work: () => Promise<unknown>, done: string) => Promise<void>;
}) {
  const { t } = useLang();
  return (
    <tr>
      <th scope="row">
        {p.name}
        {p.email && <span class="muted small"> {p.email}</span>}
      </th>
      <td>{[p.role, p.unitName].filter(Boolean).join(', ') || '–'}</td>
      {days.map((d) => (
        <td key={d}>
          <label class="check">
            {/* Uncontrolled: the tick stays while the change is saved; the key renews it from
                the server's answer. */}
            <input
              key={`${d}-${p.attendance[String(d)] === true}`}
              type="checkbox"
              defaultChecked={p.attendance[String(d)] === true}
              disabled={p.completed}
              onChange={(e) =>
                act(
                  () =>
                    sendJson('PUT', `${base}/participants/${p.id}/attendance`, {
                      day: d,
                      present: (e.currentTarget as HTMLInputElement).checked,
                    }),
                  t(`Oppmøte lagret for ${p.name}.`, `Attendance saved for ${p.name}.`),
                )
              }
            />
            <span class="visually-hidden">
              {t(`${p.name} til stede dag ${d}`, `${p.name} present on day ${d}`)}
            </span>
          </label>
        </td>
      ))}
      <td>
        {p.completed ? (
          <strong>
            {trainTheTrainer ? t('Ny trener', 'New trainer') : t('Fullført', 'Completed')}
          </strong>
        ) : (
          <button
            type="button"
            class="link-button"
            onClick={() =>
              act(
                () => postJson(`${base}/participants/${p.id}/complete`, {}),
                trainTheTrainer
                  ? t(
                      `${p.name} har fullført og er nå trener.`,
                      `${p.name} has completed and is now a trainer.`,
                    )
                  : t(`${p.name} har fullført.`, `${p.name} has completed.`),
              )
            }
          >
            {t('Marker fullført', 'Mark completed')}
            <span class="visually-hidden"> {p.name}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

function RegisterForm({
  base,
  onDone,
}: {
  base: string;
  onDone: (work: () => Promise<unknown>, done: string) => Promise<void>;
}) {
  const { t } = useLang();
  const report = useJson<TrainingReport>('/api/v1/training/report');
  const regions = report.state === 'ready' ? report.data.byRegion : [];
  const submit = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const value = (k: string) => String(f.get(k) ?? '').trim();
    const body = {
      name: value('name'),
      ...(value('email') ? { email: value('email') } : {}),
      ...(value('role') ? { role: value('role') } : {}),
      ...(value('unitName') ? { unitName: value('unitName') } : {}),
      ...(value('regionId') ? { regionId: value('regionId') } : {}),
    };
    onDone(
      async () => {
        await postJson(`${base}/participants`, body);
        form.reset();
      },
      t(`${body.name} er påmeldt.`, `${body.name} is registered.`),
    );
  };
  return (
    <form class="inline-form register" onSubmit={submit} aria-labelledby="register-title">
      <h3 id="register-title">{t('Meld på en deltaker', 'Register a participant')}</h3>
      <label>
        {t('Navn', 'Name')}
        <input name="name" required maxLength={200} autocomplete="off" />
      </label>
      <label>
        {t('E-post', 'E-mail')}
        <input name="email" type="email" maxLength={254} autocomplete="off" />
      </label>
      <label>
        {t('Rolle', 'Role')}
        <input name="role" maxLength={100} />
      </label>
      <label>
        {t('Enhet', 'Unit')}
        <input name="unitName" maxLength={200} />
      </label>
      <label>
        {t('Region', 'Region')}
        <select name="regionId">
          <option value="">{t('Ikke oppgitt', 'Not given')}</option>
          {regions.map((r) => (
            <option key={r.regionId} value={r.regionId}>
              {r.regionName}
            </option>
          ))}
        </select>
      </label>
      <button class="button-primary" type="submit">
        {t('Meld på', 'Register')}
      </button>
    </form>
  );
}

function EvaluationResults({ data }: { data: Evaluations }) {
  const { t, lang } = useLang();
  if (!data.shown || !data.means)
    return (
      <p class="muted">
        {t(
          `${data.n} svar så langt. Resultatene vises fra ${data.minimum} svar, så ingen enkeltsvar kan kjennes igjen.`,
          `${data.n} answers so far. Results are shown from ${data.minimum} answers, so no single answer can be recognised.`,
        )}
      </p>
    );
  const rows: [string, number][] = [
    [t('Relevant for arbeidet', 'Relevant to the work'), data.means.relevance],
    [t('Lett å forstå', 'Easy to understand'), data.means.understandable],
    [t('Godt strukturert', 'Well structured'), data.means.structured],
    [t('Fører til handling', 'Leads to action'), data.means.action],
    [t('Gjennomsnitt', 'Mean'), data.means.mean],
  ];
  return (
    <>
      <div class="table-wrap">
        <table>
          <caption>
            {t(`Gjennomsnitt av ${data.n} svar (1–10)`, `Mean of ${data.n} answers (1–10)`)}
          </caption>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{formatScore(value, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.comments && data.comments.length > 0 && (
        <>
          <h3>{t('Kommentarer', 'Comments')}</h3>
          <ul class="comments">
            {data.comments.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
