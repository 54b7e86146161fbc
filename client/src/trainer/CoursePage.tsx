/**
 * One course in the course room: its status, the participants with attendance per day and
 * completion (a completed train-the-trainer participant becomes a trainer), registration of
 * staff users and of others, the invitation staff sign up from while the course is open, the
 * practice unit with role plays and exercises, and the anonymous evaluation — its code for the
 * participants and the results from 3 answers.
 */
import { useState } from 'preact/hooks';
import { errorText, sendJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import { EvaluationResults } from './EvaluationResults';
import { InvitationBox } from './InvitationBox';
import { dateRange, kindName, statusName } from './labels';
import { ParticipantRow } from './ParticipantRow';
import { PracticePanel } from './PracticePanel';
import { RegisterForm } from './RegisterForm';
import { StaffRegister } from './StaffRegister';
import type { CourseDetail, CourseStatus, Evaluations } from './types';

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
      {c.status === 'open' && <InvitationBox course={c} />}

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
      {(c.status === 'planned' || c.status === 'open') && (
        <>
          <StaffRegister
            base={base}
            registered={new Set(active.flatMap((p) => (p.userId ? [p.userId] : [])))}
            onRegistered={reload}
          />
          <RegisterForm base={base} onDone={act} />
        </>
      )}

      <PracticePanel courseId={id} />

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
