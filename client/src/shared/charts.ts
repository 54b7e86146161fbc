/**
 * The one module that draws charts (Chart.js). Trend charts are made to be read together with the
 * patient, also on a projector: large type, thick lines, few colours, labelled axes, no
 * animation. Callers describe what to draw; this module knows how.
 */
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Legend, Tooltip);

export interface XY {
  x: number;
  y: number;
}

export interface TrendSpec {
  yLabel: string;
  xLabel: string;
  yMin?: number;
  yMax?: number;
  /** How an x value (days since the course started) is shown. */
  formatX: (x: number) => string;
  lines: { label: string; points: XY[]; color: string; dash?: number[] }[];
  /** Horizontal reference lines (clinical cut-offs). */
  cutoffs?: { label: string; y: number; color: string }[];
  /** A shaded band between two lines (the expected trajectory). */
  band?: { label: string; lower: XY[]; upper: XY[]; color: string };
  /** Points marked where something happened (signals fired). */
  markers?: { label: string; points: XY[]; color: string };
  /** Spans shaded behind the data (periods at another level of care), with a label. */
  spans?: { from: number; to: number; label: string }[];
  /** The x range; by default from the data. */
  xMin?: number;
  xMax?: number;
}

/** Palette: dark enough for a projector and for colour-blind readers (Okabe–Ito based). */
export const COLORS = {
  primary: '#0b5d66',
  second: '#c25e00',
  third: '#5a3e99',
  fourth: '#1f6f43',
  cutoff: '#a1261b',
  band: '#0b5d66',
  marker: '#a1261b',
  muted: '#56666b',
} as const;

const spanPlugin: Plugin<'line'> = {
  id: 'korSpans',
  beforeDatasetsDraw(chart, _args, options) {
    const spans = (options as { spans?: TrendSpec['spans'] }).spans ?? [];
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    if (!x) return;
    ctx.save();
    for (const span of spans) {
      const left = Math.max(chartArea.left, x.getPixelForValue(span.from));
      const right = Math.min(chartArea.right, x.getPixelForValue(span.to));
      if (right <= left) continue;
      ctx.fillStyle = 'rgba(90, 62, 153, 0.10)';
      ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
      ctx.fillStyle = '#3d2a6b';
      ctx.font = '600 14px system-ui, sans-serif';
      ctx.fillText(span.label, left + 6, chartArea.top + 18, right - left - 8);
    }
    ctx.restore();
  },
};

/** Draws the chart on the canvas; returns a function that removes it. */
export function drawTrend(canvas: HTMLCanvasElement, spec: TrendSpec): () => void {
  const all = [
    ...spec.lines.flatMap((l) => l.points),
    ...(spec.band ? [...spec.band.lower, ...spec.band.upper] : []),
  ];
  const xs = all.map((p) => p.x);
  const xMin = spec.xMin ?? Math.min(0, ...xs);
  const xMax = spec.xMax ?? Math.max(7, ...xs);
  const datasets: Chart<'line'>['data']['datasets'] = [];
  if (spec.band) {
    datasets.push({
      label: spec.band.label,
      data: spec.band.upper,
      borderColor: 'transparent',
      backgroundColor: 'rgba(11, 93, 102, 0.14)',
      pointRadius: 0,
      fill: '+1',
    });
    datasets.push({
      label: `${spec.band.label} (nedre)`,
      data: spec.band.lower,
      borderColor: 'rgba(11, 93, 102, 0.45)',
      borderDash: [4, 4],
      borderWidth: 2,
      pointRadius: 0,
      fill: false,
    });
  }
  for (const c of spec.cutoffs ?? []) {
    datasets.push({
      label: c.label,
      data: [
        { x: xMin, y: c.y },
        { x: xMax, y: c.y },
      ],
      borderColor: c.color,
      borderDash: [10, 6],
      borderWidth: 2,
      pointRadius: 0,
      fill: false,
    });
  }
  for (const line of spec.lines) {
    datasets.push({
      label: line.label,
      data: line.points,
      borderColor: line.color,
      backgroundColor: line.color,
      borderWidth: 4,
      pointRadius: 6,
      pointHoverRadius: 8,
      borderDash: line.dash ?? [],
      fill: false,
      tension: 0,
    });
  }
  if (spec.markers?.points.length) {
    datasets.push({
      label: spec.markers.label,
      data: spec.markers.points,
      borderColor: spec.markers.color,
      backgroundColor: spec.markers.color,
      pointStyle: 'triangle',
      pointRadius: 11,
      pointHoverRadius: 13,
      pointBorderColor: '#ffffff',
      pointBorderWidth: 2,
      // Drawn last, on top of the line it marks.
      order: -1,
      showLine: false,
      fill: false,
    });
  }
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets },
    plugins: [spanPlugin],
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      font: { size: 16 },
      scales: {
        x: {
          type: 'linear',
          min: xMin,
          max: xMax,
          title: { display: true, text: spec.xLabel, font: { size: 16, weight: 'bold' } },
          ticks: {
            font: { size: 15 },
            includeBounds: false,
            // Days before the start are margin only.
            callback: (value) => (Number(value) < 0 ? '' : spec.formatX(Number(value))),
          },
        },
        y: {
          min: spec.yMin,
          max: spec.yMax,
          title: { display: true, text: spec.yLabel, font: { size: 16, weight: 'bold' } },
          ticks: { font: { size: 15 } },
        },
      },
      plugins: {
        legend: {
          position: 'bottom',
          labels: {
            font: { size: 15 },
            boxWidth: 28,
            // The band's lower edge is part of the band: one legend entry.
            filter: (item) => !String(item.text).endsWith('(nedre)'),
          },
        },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? spec.formatX(items[0].parsed.x ?? 0) : ''),
          },
        },
        // @ts-expect-error: options of our own plugin
        korSpans: { spans: spec.spans ?? [] },
      },
    },
  });
  return () => chart.destroy();
}
