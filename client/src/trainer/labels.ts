/** Words for the trainer screens (the course kinds and dates are shared with the trainees'). */
import type { CourseKind, CourseStatus } from './types';

export { dateRange, kindName } from '../shared/training-labels';

type T = (nb: string, en: string) => string;

export function statusName(status: CourseStatus, t: T): string {
  return {
    planned: t('Planlagt', 'Planned'),
    open: t('Åpent for påmelding', 'Open for registration'),
    completed: t('Gjennomført', 'Completed'),
    cancelled: t('Avlyst', 'Cancelled'),
  }[status];
}

export const KINDS: CourseKind[] = ['inspiration', 'train_the_trainer', 'local', 'network'];
