/** What a page shows while its data loads, or when loading failed: the same words everywhere. */
import { useLang } from './i18n';
import type { Loadable } from './useJson';

export function LoadStatus({ loadable }: { loadable: Loadable<unknown> }) {
  const { t } = useLang();
  if (loadable.state === 'loading') return <p class="muted">{t('Henter …', 'Loading …')}</p>;
  if (loadable.state === 'error')
    return (
      <p class="alert alert-error" role="alert">
        {loadable.message}
      </p>
    );
  return null;
}
