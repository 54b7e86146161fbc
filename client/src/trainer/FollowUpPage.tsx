/**
 * Implementation follow-up: for each unit the trainer supports, who trains there, how many
 * clinicians have been trained, the courses held, and whether KOR is used month by month (the
 * unit's fidelity: sessions with «how life is going», with «how the session went», courses with
 * an intake measurement). Is the training taking hold in practice?
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang } from '../shared/i18n';
import { LoadStatus } from '../shared/LoadStatus';
import { useJson } from '../shared/useJson';
import { monthName, percent, shareLines } from './follow-up-series';
import { dateRange, kindName, statusName } from './labels';
import type { FollowUp, FollowUpUnit } from './types';

const PERIODS = [6, 12, 24] as const;

export function FollowUpPage() {
  const { t, lang } = useLang();
  const [months, setMonths] = useState<number>(12);
  const data = useJson<FollowUp>(`/api/v1/training/follow-up?months=${months}`);
  return (
    <section class="page training follow-up">
      <p class="breadcrumb">
        <a href="/kurs">{t('Kurs', 'Courses')}</a> ›
      </p>
      <h1>{t('Oppfølging av implementeringen', 'Implementation follow-up')}</h1>
      <p class="lead">
        {t(
          'Per enhet: trenere, opplærte behandlere, kurs som er holdt, og om KOR brukes i timene måned for måned.',
          'Per unit: trainers, trained clinicians, courses held, and whether KOR is used in the sessions month by month.',
        )}
      </p>
      <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('Periode', 'Period')}
          <select
            value={String(months)}
            onChange={(e) => setMonths(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            {PERIODS.map((m) => (
              <option key={m} value={String(m)}>
                {t(`Siste ${m} måneder`, `Last ${m} months`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <LoadStatus loadable={data} />
      {data.state === 'ready' && (
        <>
          <p class="muted">{dateRange(data.data.from, data.data.to, lang)}</p>
          {data.data.units.length === 0 && (
            <p class="muted">
              {t(
                'Ingen enheter å følge opp ennå: enheter kommer med når du er trener der, holder kurs der eller har deltakere derfra.',
                'No units to follow up yet: a unit appears when you are a trainer there, hold a course there or have participants from it.',
              )}
            </p>
          )}
          {data.data.units.map((u) => (
            <UnitFollowUp key={u.unitId} unit={u} />
          ))}
        </>
      )}
    </section>
  );
}

function UnitFollowUp({ unit: u }: { unit: FollowUpUnit }) {
  const { t, lang } = useLang();
  const heading = `unit-${u.unitId}`;
  return (
    <section class="unit-follow-up panel" aria-labelledby={heading}>
      <h2 id={heading}>
        {u.unitName} {u.isDemo && <span class="tag tag-warn">DEMO</span>}
      </h2>
      <dl class="follow-up-facts">
        <div>
          <dt>{t('Trenere', 'Trainers')}</dt>
          <dd>
            {u.trainers.length === 0
              ? t('Ingen', 'None')
              : u.trainers
                  .map((tr) =>
                    tr.certifiedAt
                      ? `${tr.name} (${t('sertifisert', 'certified')} ${dateRange(tr.certifiedAt.slice(0, 10), tr.certifiedAt.slice(0, 10), lang)})`
                      : tr.name,
                  )
                  .join(', ')}
          </dd>
        </div>
        <div>
          <dt>{t('Opplærte behandlere', 'Trained clinicians')}</dt>
          <dd>{u.trainedClinicians}</dd>
        </div>
        <div>
          <dt>{t('Kurs i perioden', 'Courses in the period')}</dt>
          <dd>
            {u.coursesHeld.length === 0 ? (
              t('Ingen', 'None')
            ) : (
              <ul class="plain">
                {u.coursesHeld.map((c) => (
                  <li key={c.id}>
                    <a href={`/kurs/${c.id}`}>{c.title}</a>{' '}
                    <span class="muted small">
                      {kindName(c.kind, t)} · {dateRange(c.startDate, c.startDate, lang)} ·{' '}
                      {statusName(c.status, t)} ·{' '}
                      {t(`${c.participants} deltakere`, `${c.participants} participants`)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {u.fidelity.length > 0 && (
        <>
          <div class="table-wrap">
            <table class="fidelity-table">
              <caption>
                {t('Systematisk bruk per måned', 'Fidelity per month')} – {u.unitName}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('Måned', 'Month')}</th>
                  <th scope="col">{t('Samtaler', 'Sessions')}</th>
                  <th scope="col">{t('med «livet»', 'with outcome')}</th>
                  <th scope="col">{t('med «timen»', 'with alliance')}</th>
                  <th scope="col">{t('Nye forløp med startmåling', 'New courses with intake')}</th>
                </tr>
              </thead>
              <tbody>
                {u.fidelity.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{monthName(m.month, lang)}</th>
                    <td>{m.sessions}</td>
                    <td>{percent(m.outcomeShare)}</td>
                    <td>{percent(m.allianceShare)}</td>
                    <td>{percent(m.intakeShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <FidelityChart unit={u} />
        </>
      )}
    </section>
  );
}

/** The same three shares as lines, drawn only when asked for (Chart.js loads then). */
function FidelityChart({ unit }: { unit: FollowUpUnit }) {
  const { t, lang } = useLang();
  const [open, setOpen] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const target = canvas.current;
    if (!open || !target) return;
    let remove: (() => void) | undefined;
    let live = true;
    const lines = shareLines(unit.fidelity);
    // Chart.js loads only here, so the trainer's pages stay light.
    void import('../shared/charts').then(({ drawTrend, COLORS }) => {
      if (!live) return;
      remove = drawTrend(target, {
        yLabel: t('Andel (%)', 'Share (%)'),
        xLabel: t('Måned', 'Month'),
        yMin: 0,
        yMax: 100,
        xMin: 0,
        xMax: Math.max(1, unit.fidelity.length - 1),
        formatX: (x) => {
          const month = unit.fidelity[Math.round(x)];
          return month && Number.isInteger(x) ? monthName(month.month, lang) : '';
        },
        lines: [
          {
            label: t('Samtaler med «livet»', 'Sessions with outcome'),
            points: lines.outcomeShare,
            color: COLORS.primary,
          },
          {
            label: t('Samtaler med «timen»', 'Sessions with alliance'),
            points: lines.allianceShare,
            color: COLORS.second,
            dash: [10, 6],
          },
          {
            label: t('Startmåling', 'Intake'),
            points: lines.intakeShare,
            color: COLORS.third,
            dash: [3, 4],
          },
        ],
      });
    });
    return () => {
      live = false;
      remove?.();
    };
  }, [open, unit, lang]);
  return (
    <details
      class="fidelity-chart no-print"
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{t('Vis som graf', 'Show as a chart')}</summary>
      <div class="chart-box">
        <canvas
          ref={canvas}
          role="img"
          aria-label={t(
            `Systematisk bruk per måned for ${unit.unitName}; tallene står i tabellen over.`,
            `Fidelity per month for ${unit.unitName}; the figures are in the table above.`,
          )}
        />
      </div>
    </details>
  );
}
