/** Words for the trainer screens. */
import type { CourseKind, CourseStatus } from './types';

type T = (nb: string, en: string) => string;

export function kindName(kind: CourseKind, t: T): string {
  return {
    inspiration: t('Inspirasjonskurs', 'Inspiration course'),
    train_the_trainer: t('Tren treneren', 'Train the trainer'),
    local: t('Lokalt kurs', 'Local course'),
    network: t('Nettverkssamling', 'Trainer network meeting'),
  }[kind];
}

export function statusName(status: CourseStatus, t: T): string {
  return {
    planned: t('Planlagt', 'Planned'),
    open: t('Åpent for påmelding', 'Open for registration'),
    completed: t('Gjennomført', 'Completed'),
    cancelled: t('Avlyst', 'Cancelled'),
  }[status];
}

export const KINDS: CourseKind[] = ['inspiration', 'train_the_trainer', 'local', 'network'];

export function dateRange(from: string, to: string, lang: 'nb' | 'en'): string {
  const f = (d: string) =>
    new Date(`${d}T12:00:00Z`).toLocaleDateString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
  return from === to ? f(from) : `${f(from)} – ${f(to)}`;
}
