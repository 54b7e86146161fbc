/**
 * A 10 cm visual-analogue line, as on paper: the patient marks it by touch, click or drag (or the
 * arrow keys), no number is shown, and the mark is stored as 0–10 to one decimal.
 */
import { useRef } from 'preact/hooks';
import { useLang } from '../shared/i18n';

interface Props {
  value: number | undefined;
  onChange: (value: number) => void;
  labelledBy: string;
  min: string;
  max: string;
  /** A small, read-only copy for the review page. */
  readOnly?: boolean;
}

const tenth = (fraction: number) => Math.round(Math.min(1, Math.max(0, fraction)) * 100) / 10;

export function VasLine({ value, onChange, labelledBy, min, max, readOnly }: Props) {
  const { t } = useLang();
  const track = useRef<HTMLDivElement>(null);
  const hintId = `${labelledBy}-hint`;

  const fromPointer = (e: PointerEvent) => {
    const box = track.current?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    onChange(tenth((e.clientX - box.left) / box.width));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const start = value ?? 5;
    const moves: Record<string, number> = {
      ArrowRight: start + 0.1,
      ArrowUp: start + 0.1,
      ArrowLeft: start - 0.1,
      ArrowDown: start - 0.1,
      PageUp: start + 1,
      PageDown: start - 1,
      Home: 0,
      End: 10,
    };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    // The first key press marks the middle; later ones move the mark.
    onChange(value === undefined && e.key.startsWith('Arrow') ? 5 : tenth(next / 10));
  };
  // Screen readers need words for where the mark is; the screen shows no number.
  const where =
    value === undefined
      ? t('Ikke markert ennå', 'Not marked yet')
      : t(
          `Markert ved ${value.toLocaleString('nb-NO')} av 10, der 0 er «${min}» og 10 er «${max}»`,
          `Marked at ${value.toLocaleString('en-GB')} of 10, where 0 is “${min}” and 10 is “${max}”`,
        );

  const mark =
    value === undefined ? null : <div class="pvas-mark" style={{ left: `${value * 10}%` }} />;
  if (readOnly) {
    return (
      <div class="pvas pvas-small" role="img" aria-label={where}>
        <div class="pvas-line" />
        {mark}
      </div>
    );
  }
  return (
    <div class="pvas">
      <div
        ref={track}
        class={`pvas-track${value === undefined ? ' pvas-empty' : ''}`}
        role="slider"
        tabIndex={0}
        aria-labelledby={labelledBy}
        aria-describedby={hintId}
        aria-valuemin={0}
        aria-valuemax={10}
        aria-valuenow={value ?? 5}
        aria-valuetext={where}
        onPointerDown={(e) => {
          (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
          fromPointer(e);
        }}
        onPointerMove={(e) => {
          if ((e.currentTarget as HTMLElement).hasPointerCapture(e.pointerId)) fromPointer(e);
        }}
        onKeyDown={onKeyDown}
      >
        <div class="pvas-line" />
        {mark}
      </div>
      <div class="pvas-anchors" aria-hidden="true">
        <span>{min}</span>
        <span>{max}</span>
      </div>
      <p id={hintId} class="pvas-hint">
        {t(
          'Trykk eller dra på linjen for å sette merket ditt.',
          'Tap or drag on the line to set your mark.',
        )}
      </p>
    </div>
  );
}
