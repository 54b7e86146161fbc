/**
 * The trainer's courses, and a new one: kind, title, dates, place or digital, capacity and fee.
 */

import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { errorText, postJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import { dateRange, KINDS, kindName, statusName } from './labels';
import type { CourseDetail, CourseSummary } from './types';

export function CourseList() {
  const { t, lang } = useLang();
  const list = useJson<{ courses: CourseSummary[] }>('/api/v1/training/courses');
  const [creating, setCreating] = useState(false);
  return (
    <section class="page training">
      <h1>{t('Kurs', 'Courses')}</h1>
      <p class="lead">
        {t(
          'Inspirasjonskurs, tren treneren, lokale kurs og nettverkssamlinger: påmelding, oppmøte, fullføring og anonym evaluering.',
          'Inspiration courses, train the trainer, local courses and network meetings: registration, attendance, completion and anonymous evaluation.',
        )}{' '}
        <a href="/kurs/nettverk">{t('Trenernettverket', 'The trainer network')}</a> ·{' '}
        <a href="/kurs/oppfolging">{t('Oppfølging per enhet', 'Follow-up per unit')}</a> ·{' '}
        <a href="/kurs/ovelser">{t('Mine øvelser', 'My exercises')}</a>
      </p>
      {!creating && (
        <p>
          <button type="button" class="button-primary" onClick={() => setCreating(true)}>
            {t('Nytt kurs', 'New course')}
          </button>
        </p>
      )}
      {creating && <NewCourseForm onCancel={() => setCreating(false)} />}
      {list.state === 'error' && (
        <p class="alert alert-error" role="alert">
          {list.message}
        </p>
      )}
      {list.state === 'ready' && list.data.courses.length === 0 && (
        <p class="muted">{t('Ingen kurs ennå.', 'No courses yet.')}</p>
      )}
      {list.state === 'ready' && list.data.courses.length > 0 && (
        <div class="table-wrap">
          <table class="course-table">
            <caption class="visually-hidden">{t('Kurs', 'Courses')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Kurs', 'Course')}</th>
                <th scope="col">{t('Type', 'Kind')}</th>
                <th scope="col">{t('Dato', 'Date')}</th>
                <th scope="col">{t('Sted', 'Place')}</th>
                <th scope="col">{t('Påmeldt', 'Registered')}</th>
                <th scope="col">{t('Fullført', 'Completed')}</th>
                <th scope="col">{t('Status', 'Status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.courses.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <a href={`/kurs/${c.id}`}>{c.title}</a>
                  </th>
                  <td>{kindName(c.kind, t)}</td>
                  <td>{dateRange(c.startDate, c.endDate, lang)}</td>
                  <td>{c.digital ? t('Digitalt', 'Digital') : (c.place ?? '–')}</td>
                  <td>
                    {c.registered} / {c.capacity}
                  </td>
                  <td>{c.completed}</td>
                  <td>{statusName(c.status, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewCourseForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useLang();
  const { route } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [digital, setDigital] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const place = String(f.get('place') ?? '').trim();
    try {
      const course = await postJson<CourseDetail>('/api/v1/training/courses', {
        kind: String(f.get('kind')),
        title: String(f.get('title') ?? '').trim(),
        startDate: String(f.get('startDate')),
        endDate: String(f.get('endDate')),
        days: Number(f.get('days')),
        digital,
        ...(place && !digital ? { place } : {}),
        capacity: Number(f.get('capacity')),
        feeNok: Number(f.get('feeNok')),
      });
      route(`/kurs/${course.id}`);
    } catch (e) {
      setError(errorText(e, t('Kunne ikke lagre. Prøv igjen.', 'Could not save. Try again.')));
    }
  };
  return (
    <form class="stack-form panel" onSubmit={submit} aria-labelledby="new-course-title">
      <h2 id="new-course-title">{t('Nytt kurs', 'New course')}</h2>
      <label>
        {t('Type', 'Kind')}
        <select name="kind" defaultValue="train_the_trainer">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {kindName(k, t)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('Tittel', 'Title')}
        <input name="title" required maxLength={200} />
      </label>
      <div class="row">
        <label>
          {t('Fra', 'From')}
          <input name="startDate" type="date" required />
        </label>
        <label>
          {t('Til', 'To')}
          <input name="endDate" type="date" required />
        </label>
        <label>
          {t('Kursdager', 'Course days')}
          <input name="days" type="number" min={1} max={14} defaultValue={2} required />
        </label>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={digital}
          onChange={(e) => setDigital((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        {t('Digitalt kurs', 'Digital course')}
      </label>
      {!digital && (
        <label>
          {t('Sted', 'Place')}
          <input name="place" maxLength={200} />
        </label>
      )}
      <div class="row">
        <label>
          {t('Plasser', 'Places')}
          <input name="capacity" type="number" min={1} max={500} defaultValue={20} required />
        </label>
        <label>
          {t('Egenandel (kr)', 'Fee (NOK)')}
          <input name="feeNok" type="number" min={0} max={100000} defaultValue={0} required />
        </label>
      </div>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div class="button-row">
        <button class="button-primary" type="submit">
          {t('Opprett kurset', 'Create the course')}
        </button>
        <button class="button-secondary" type="button" onClick={onCancel}>
          {t('Avbryt', 'Cancel')}
        </button>
      </div>
    </form>
  );
}
