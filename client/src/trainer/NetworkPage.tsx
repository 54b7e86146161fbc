/**
 * The trainer network: the lineage from the national trainers to the local ones, with the units
 * each trainer's courses reached; participation by region (is the whole country reached?); and
 * the course evaluations over time.
 */
import type { ComponentChildren } from 'preact';
import { formatScore } from '../shared/format';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import { kindName } from './labels';
import type { LineageNode, TrainingReport } from './types';

function Tree({ nodes }: { nodes: LineageNode[] }): ComponentChildren {
  const { t } = useLang();
  return (
    <ul class="lineage">
      {nodes.map((n) => (
        <li key={n.trainerId}>
          <div class="trainer">
            <strong>{n.name}</strong>
            {n.unitName && <span class="muted"> · {n.unitName}</span>}
            <span class="muted">
              {' '}
              · {t(`${n.courses} kurs`, `${n.courses} courses`)}
              {n.unitsReached.length > 0 &&
                ` · ${t('nådde', 'reached')} ${n.unitsReached.map((u) => u.unitName).join(', ')}`}
            </span>
          </div>
          {n.children.length > 0 && <Tree nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

export function NetworkPage() {
  const { t, lang } = useLang();
  const lineage = useJson<{ roots: LineageNode[] }>('/api/v1/training/lineage');
  const report = useJson<TrainingReport>('/api/v1/training/report');
  return (
    <section class="page training-network">
      <p class="breadcrumb">
        <a href="/kurs">{t('Kurs', 'Courses')}</a> ›
      </p>
      <h1>{t('Trenernettverket', 'The trainer network')}</h1>
      <h2>{t('Hvem har lært opp hvem', 'Who trained whom')}</h2>
      {lineage.state === 'ready' &&
        (lineage.data.roots.length ? (
          <Tree nodes={lineage.data.roots} />
        ) : (
          <p class="muted">{t('Ingen trenere ennå.', 'No trainers yet.')}</p>
        ))}
      {lineage.state === 'error' && (
        <p class="alert alert-error" role="alert">
          {lineage.message}
        </p>
      )}
      {report.state === 'ready' && (
        <>
          <h2>{t('Deltakelse per region', 'Participation by region')}</h2>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">
                {t('Deltakelse per region', 'Participation by region')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('Region', 'Region')}</th>
                  <th scope="col">{t('Kurs', 'Courses')}</th>
                  <th scope="col">{t('Deltakere', 'Participants')}</th>
                  <th scope="col">{t('Fullført', 'Completed')}</th>
                </tr>
              </thead>
              <tbody>
                {report.data.byRegion.map((r) => (
                  <tr key={r.regionId} class={r.participants === 0 ? 'not-reached' : ''}>
                    <th scope="row">{r.regionName}</th>
                    <td>{r.courses}</td>
                    <td>
                      {r.participants === 0
                        ? t('0 – ikke nådd', '0 – not reached')
                        : r.participants}
                    </td>
                    <td>{r.completed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('Evalueringer over tid', 'Evaluations over time')}</h2>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">
                {t('Evalueringer over tid', 'Evaluations over time')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('Kurs', 'Course')}</th>
                  <th scope="col">{t('Type', 'Kind')}</th>
                  <th scope="col">{t('Dato', 'Date')}</th>
                  <th scope="col">{t('Svar', 'Answers')}</th>
                  <th scope="col">{t('Gjennomsnitt (1–10)', 'Mean (1–10)')}</th>
                </tr>
              </thead>
              <tbody>
                {report.data.courses.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <a href={`/kurs/${c.id}`}>{c.title}</a>
                    </th>
                    <td>{kindName(c.kind, t)}</td>
                    <td>{c.startDate}</td>
                    <td>{c.n}</td>
                    <td>
                      {c.means
                        ? formatScore(c.means.mean, lang)
                        : t('under 3 svar', 'under 3 answers')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
