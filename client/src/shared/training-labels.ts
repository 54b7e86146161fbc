/**
 * Words for training courses that both the trainers' area and the trainees' area show: the kind
 * of course and its dates. (Areas never import each other, so these live here.)
 */
import type { TrainingCourseKind } from '../../../server/storage/schema';

export type CourseKind = TrainingCourseKind;

type T = (nb: string, en: string) => string;

export function kindName(kind: CourseKind, t: T): string {
  return {
    inspiration: t('Inspirasjonskurs', 'Inspiration course'),
    train_the_trainer: t('Tren treneren', 'Train the trainer'),
    local: t('Lokalt kurs', 'Local course'),
    network: t('Nettverkssamling', 'Trainer network meeting'),
  }[kind];
}

export function dateRange(from: string, to: string, lang: 'nb' | 'en'): string {
  const f = (d: string) =>
    new Date(`${d}T12:00:00Z`).toLocaleDateString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
  return from === to ? f(from) : `${f(from)} – ${f(to)}`;
}

/** Where a course is held: digital (with its place, if any), the place, or not decided yet. */
export function placeName(c: { digital: boolean; place: string | null }, t: T): string {
  const digital = t('Digitalt', 'Digital');
  if (c.digital) return c.place ? `${digital} (${c.place})` : digital;
  return c.place ?? t('Sted kommer', 'Place to be announced');
}

/** The participant fee (egenandel) in whole kroner; none is free. */
export function feeName(feeNok: number, t: T, lang: 'nb' | 'en'): string {
  if (feeNok === 0) return t('Gratis', 'Free');
  return `${feeNok.toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB')} kr`;
}

export function courseDays(days: number, t: T): string {
  return days === 1
    ? t('1 kursdag', '1 course day')
    : t(`${days} kursdager`, `${days} course days`);
}
