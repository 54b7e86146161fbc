/**
 * A course's trends: session outcome (cut-off 25, expected band, signal markers, level-of-care
 * periods shaded), session alliance (cut-off 36), and every other instrument with its bands. Each
 * chart has the same numbers as a table beside it, for screen readers and for reading aloud.
 */
import { useEffect, useRef } from 'preact/hooks';
import { COLORS, drawTrend, type TrendSpec, type XY } from '../shared/charts';
import { formatScore } from '../shared/format';
import { useLang } from '../shared/i18n';
import { careName, daysSince, instrumentName, shortDate } from './labels';
import type { CourseDetail, SeriesPoint, Trends } from './types';

type T = (nb: string, en: string) => string;

interface ChartDef {
  id: string;
  title: string;
  yLabel: string;
  yMin?: number;
  yMax?: number;
  keys: { key: string; label: string }[];
  cutoffs?: { y: number; label: string }[];
  note?: string;
}

/** What each instrument's chart shows, with its published bands (INSTRUMENTS.md). */
function chartDefs(t: T): ChartDef[] {
  return [
    {
      id: 'audit',
      title: instrumentName('audit', t),
      yLabel: t('Sum (0–40)', 'Total (0–40)'),
      yMin: 0,
      yMax: 40,
      keys: [{ key: 'total', label: t('AUDIT sum', 'AUDIT total') }],
      cutoffs: [
        { y: 8, label: t('Sone II fra 8', 'Zone II from 8') },
        { y: 16, label: t('Sone III fra 16', 'Zone III from 16') },
        { y: 20, label: t('Sone IV fra 20', 'Zone IV from 20') },
      ],
    },
    {
      id: 'dudit',
      title: instrumentName('dudit', t),
      yLabel: t('Sum (0–44)', 'Total (0–44)'),
      yMin: 0,
      yMax: 44,
      keys: [{ key: 'total', label: t('DUDIT sum', 'DUDIT total') }],
      cutoffs: [
        { y: 25, label: t('Sannsynlig avhengighet fra 25', 'Probable dependence from 25') },
      ],
      note: t(
        'Grensen for rusmiddelrelaterte problemer er 6 for menn og 2 for kvinner.',
        'The cut-off for drug-related problems is 6 for men and 2 for women.',
      ),
    },
    {
      id: 'dudit-e',
      title: instrumentName('dudit-e', t),
      yLabel: t('Skåre', 'Score'),
      keys: [{ key: 'readiness', label: t('Endringsberedskap', 'Readiness to change') }],
    },
    {
      id: 'hscl-25',
      title: instrumentName('hscl-25', t),
      yLabel: t('Gjennomsnitt (1–4)', 'Mean (1–4)'),
      yMin: 1,
      yMax: 4,
      keys: [
        { key: 'total', label: t('Total', 'Total') },
        { key: 'anxiety', label: t('Angst', 'Anxiety') },
        { key: 'depression', label: t('Depresjon', 'Depression') },
      ],
      cutoffs: [{ y: 1.75, label: t('Klinisk grense 1,75', 'Clinical cut-off 1.75') }],
    },
    {
      id: 'gaf',
      title: instrumentName('gaf', t),
      yLabel: t('Skåre (1–100)', 'Score (1–100)'),
      yMin: 0,
      yMax: 100,
      keys: [
        { key: 'symptom', label: t('GAF-S (symptomer)', 'GAF-S (symptoms)') },
        { key: 'function', label: t('GAF-F (funksjon)', 'GAF-F (function)') },
      ],
    },
    {
      id: 'gas',
      title: instrumentName('gas', t),
      yLabel: t('T-skåre', 'T-score'),
      yMin: 20,
      yMax: 80,
      keys: [{ key: 'tScore', label: t('GAS T-skåre', 'GAS T-score') }],
      cutoffs: [{ y: 50, label: t('Forventet nivå (50)', 'Expected level (50)') }],
    },
    {
      id: 'psq-18',
      title: instrumentName('psq-18', t),
      yLabel: t('Gjennomsnitt (1–5, høyt = fornøyd)', 'Mean (1–5, high = satisfied)'),
      yMin: 1,
      yMax: 5,
      keys: [
        { key: 'general', label: t('Generelt', 'General') },
        { key: 'technical', label: t('Faglig', 'Technical') },
        { key: 'interpersonal', label: t('Mellommenneskelig', 'Interpersonal') },
        { key: 'communication', label: t('Kommunikasjon', 'Communication') },
        { key: 'financial', label: t('Økonomi', 'Financial') },
        { key: 'time', label: t('Tid', 'Time') },
        { key: 'accessibility', label: t('Tilgjengelighet', 'Accessibility') },
      ],
    },
  ];
}

const LINE_COLORS = [COLORS.primary, COLORS.second, COLORS.third, COLORS.fourth];
const LINE_DASHES: (number[] | undefined)[] = [
  undefined,
  undefined,
  undefined,
  undefined,
  [8, 5],
  [8, 5],
  [8, 5],
];

function Chart({ spec, label }: { spec: TrendSpec; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Redrawn when what it shows changes (functions are left out of the key; the label carries
  // the language).
  const key = JSON.stringify(spec);
  useEffect(() => {
    if (!canvas.current) return;
    return drawTrend(canvas.current, spec);
  }, [key, label]);
  return (
    <div class="chart-box">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

function NumbersTable({
  caption,
  rows,
  columns,
}: {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}) {
  const { t } = useLang();
  return (
    <details class="numbers">
      <summary>{t('Vis tallene som tabell', 'Show the numbers as a table')}</summary>
      <div class="table-wrap">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** One chart with its heading, an optional note, and its numbers as a table. */
function ChartPanel(props: {
  id: string;
  title: string;
  main?: boolean;
  /** null: no answers yet. */
  spec: TrendSpec | null;
  label: string;
  note?: string | undefined;
  columns: string[];
  rows: (string | number)[][];
}) {
  const { t } = useLang();
  return (
    <section
      class={props.main ? 'chart-panel chart-main' : 'chart-panel'}
      aria-labelledby={`chart-${props.id}`}
    >
      <h3 id={`chart-${props.id}`}>{props.title}</h3>
      {props.spec === null ? (
        <p class="muted">{t('Ingen svar ennå.', 'No answers yet.')}</p>
      ) : (
        <>
          <Chart spec={props.spec} label={props.label} />
          {props.note && <p class="muted small">{props.note}</p>}
          <NumbersTable caption={props.title} columns={props.columns} rows={props.rows} />
        </>
      )}
    </section>
  );
}

const scored = (points: SeriesPoint[] | undefined) =>
  (points ?? []).filter((p) => p.status === 'scored');

export function TrendCharts({
  course,
  trends,
  compact = false,
}: {
  course: CourseDetail;
  trends: Trends;
  /** The printable summary: only outcome and alliance, smaller. */
  compact?: boolean;
}) {
  const { t, lang } = useLang();
  const start = course.startDate;
  const x = (iso: string) => daysSince(start, iso);
  const formatX = (days: number) => {
    const d = new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000);
    return d.toLocaleDateString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
      day: 'numeric',
      month: 'short',
    });
  };
  const series = trends.series as Record<string, SeriesPoint[]>;
  const outcome = scored(series['session-outcome']);
  const alliance = scored(series['session-alliance']);
  const lastX = Math.max(
    7,
    x(trends.asOf),
    ...outcome.map((p) => x(p.answeredAt)),
    ...alliance.map((p) => x(p.answeredAt)),
  );
  const firstLevel = course.episodes[0]?.levelOfCare;
  const spans = course.episodes
    .filter((e) => e.levelOfCare !== firstLevel)
    .map((e) => ({
      from: x(e.startDate),
      to: e.endDate ? x(e.endDate) : lastX,
      label: careName(e.levelOfCare, t),
    }));
  const fmt = (v: number | null | undefined) => formatScore(v ?? null, lang);

  // Markers: where a signal was first raised, on the outcome line (or its level before).
  const raised: { date: string; codes: string[] }[] = [];
  let before = new Set<string>();
  for (const h of trends.history) {
    const fresh = h.codes.filter((c) => !before.has(c));
    if (fresh.length) raised.push({ date: h.date, codes: fresh });
    before = new Set(h.codes);
  }
  const valueAt = (points: SeriesPoint[], date: string) => {
    const earlier = points.filter((p) => p.answeredAt.slice(0, 10) <= date);
    return earlier.at(-1)?.scores.total ?? points[0]?.scores.total ?? null;
  };
  const outcomeCodes = new Set([
    'NO_EARLY_CHANGE',
    'DETERIORATION',
    'BELOW_EXPECTED',
    'MISSED_CONTACT',
    'TRANSITION',
    'READINESS_FALLING',
    'SAFETY',
  ]);
  const markersFor = (points: SeriesPoint[], codes: (c: string) => boolean): XY[] =>
    raised
      .filter((r) => r.codes.some(codes))
      .map((r) => ({ x: x(r.date), y: valueAt(points, r.date) }))
      .filter((p): p is XY => p.y !== null);

  // The expected band at each measurement (1 = intake), then weekly past the last one.
  const expected = trends.expected;
  const bandX = (k: number) => {
    const at = outcome[k - 1];
    if (at) return x(at.answeredAt);
    const last = outcome.at(-1);
    return (last ? x(last.answeredAt) : 0) + 7 * (k - outcome.length);
  };
  const bandPoints = (expected?.points ?? []).filter((p) => bandX(p.session) <= lastX + 7);

  const outcomeSpec: TrendSpec = {
    xLabel: t('Dato', 'Date'),
    yLabel: t('Sum (0–40)', 'Total (0–40)'),
    yMin: 0,
    yMax: 40,
    formatX,
    xMin: -2,
    xMax: lastX + 3,
    lines: [
      {
        label: t('Hvordan livet går', 'How life is going'),
        points: outcome.map((p) => ({ x: x(p.answeredAt), y: p.scores.total ?? 0 })),
        color: COLORS.primary,
      },
    ],
    cutoffs: [
      { label: t('Klinisk grense (25)', 'Clinical cut-off (25)'), y: 25, color: COLORS.cutoff },
    ],
    ...(bandPoints.length
      ? {
          band: {
            label:
              expected?.source === 'unit'
                ? t(
                    `Forventet utvikling (enhetens ${expected.n} forløp)`,
                    `Expected course (the unit’s ${expected.n} courses)`,
                  )
                : t('Forventet utvikling (foreløpig kurve)', 'Expected course (provisional curve)'),
            lower: bandPoints.map((p) => ({ x: bandX(p.session), y: p.lower })),
            upper: bandPoints.map((p) => ({ x: bandX(p.session), y: p.mean })),
            color: COLORS.band,
          },
        }
      : {}),
    markers: {
      label: t('Signal', 'Signal'),
      points: markersFor(outcome, (c) => outcomeCodes.has(c)),
      color: COLORS.marker,
    },
    spans,
  };
  const allianceSpec: TrendSpec = {
    xLabel: t('Dato', 'Date'),
    yLabel: t('Sum (0–40)', 'Total (0–40)'),
    yMin: 0,
    yMax: 40,
    formatX,
    xMin: -2,
    xMax: lastX + 3,
    lines: [
      {
        label: t('Hvordan timen var', 'How the session went'),
        points: alliance.map((p) => ({ x: x(p.answeredAt), y: p.scores.total ?? 0 })),
        color: COLORS.second,
      },
    ],
    cutoffs: [
      {
        label: t('Grense for samarbeid (36)', 'Alliance cut-off (36)'),
        y: 36,
        color: COLORS.cutoff,
      },
    ],
    markers: {
      label: t('Signal', 'Signal'),
      points: markersFor(alliance, (c) => c.startsWith('ALLIANCE')),
      color: COLORS.marker,
    },
    spans,
  };
  const last = (points: SeriesPoint[]) => fmt(points.at(-1)?.scores.total);
  const others = compact ? [] : chartDefs(t).filter((d) => scored(series[d.id]).length > 0);

  return (
    <div class={compact ? 'charts charts-compact' : 'charts'}>
      <ChartPanel
        id="outcome"
        main
        title={t('Hvordan livet går', 'How life is going')}
        spec={outcome.length ? outcomeSpec : null}
        label={t(
          `Graf over ${outcome.length} målinger av hvordan livet går. Første ${fmt(outcome[0]?.scores.total)}, siste ${last(outcome)}. Klinisk grense 25.`,
          `Chart of ${outcome.length} measurements of how life is going. First ${fmt(outcome[0]?.scores.total)}, last ${last(outcome)}. Clinical cut-off 25.`,
        )}
        note={
          expected?.source === 'default' && !compact
            ? t(
                'Det skraverte båndet er en foreløpig, ikke validert kurve. Den erstattes av enhetens egne tall når 30 fullførte forløp med lignende startskåre finnes.',
                'The shaded band is a provisional, unvalidated curve. It is replaced by the unit’s own figures once 30 completed courses with a similar intake score exist.',
              )
            : undefined
        }
        columns={[
          t('Dato', 'Date'),
          t('Sum', 'Total'),
          t('Forventet', 'Expected'),
          t('Nedre grense', 'Lower bound'),
        ]}
        rows={outcome.map((p, i) => {
          const e = expected?.points.find((q) => q.session === i + 1);
          return [shortDate(p.answeredAt, lang), fmt(p.scores.total), fmt(e?.mean), fmt(e?.lower)];
        })}
      />
      <ChartPanel
        id="alliance"
        main
        title={t('Hvordan timen var', 'How the session went')}
        spec={alliance.length ? allianceSpec : null}
        label={t(
          `Graf over ${alliance.length} målinger av hvordan timen var. Siste ${last(alliance)}. Grense 36.`,
          `Chart of ${alliance.length} measurements of how the session went. Last ${last(alliance)}. Cut-off 36.`,
        )}
        columns={[t('Dato', 'Date'), t('Sum', 'Total')]}
        rows={alliance.map((p) => [shortDate(p.answeredAt, lang), fmt(p.scores.total)])}
      />
      {others.map((def) => {
        const points = scored(series[def.id]);
        const spec: TrendSpec = {
          xLabel: t('Dato', 'Date'),
          yLabel: def.yLabel,
          formatX,
          xMin: -2,
          xMax: lastX + 3,
          ...(def.yMin !== undefined ? { yMin: def.yMin } : {}),
          ...(def.yMax !== undefined ? { yMax: def.yMax } : {}),
          lines: def.keys.map((k, i) => ({
            label: k.label,
            points: points
              .filter((p) => typeof p.scores[k.key] === 'number')
              .map((p) => ({ x: x(p.answeredAt), y: p.scores[k.key] as number })),
            color: LINE_COLORS[i % LINE_COLORS.length] ?? COLORS.primary,
            ...(LINE_DASHES[i] ? { dash: LINE_DASHES[i] } : {}),
          })),
          cutoffs: (def.cutoffs ?? []).map((c) => ({ ...c, color: COLORS.cutoff })),
          spans,
        };
        return (
          <ChartPanel
            key={def.id}
            id={def.id}
            title={def.title}
            spec={spec}
            label={t(
              `Graf over ${points.length} målinger av ${def.title}.`,
              `Chart of ${points.length} measurements of ${def.title}.`,
            )}
            note={def.note}
            columns={[t('Dato', 'Date'), ...def.keys.map((k) => k.label)]}
            rows={points.map((p) => [
              shortDate(p.answeredAt, lang),
              ...def.keys.map((k) => fmt(p.scores[k.key])),
            ])}
          />
        );
      })}
    </div>
  );
}
