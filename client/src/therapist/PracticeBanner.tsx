/** The mark on every therapist screen that shows a practice unit: synthetic patients only. */
import { useLang } from '../shared/i18n';

export function PracticeBanner() {
  const { t } = useLang();
  return (
    <p class="practice-banner" role="note">
      <span class="practice-badge">{t('ØVING', 'PRACTICE')}</span>
      {t(
        'Øving – syntetiske pasienter, ingen ekte pasientdata',
        'Practice – synthetic patients, no real patient data',
      )}
    </p>
  );
}

/** A practice unit's name without its own «ØVING – » prefix, for a list that adds one. */
export function practiceName(name: string): string {
  return name.replace(/^ØVING\s*[–-]\s*/u, '');
}
