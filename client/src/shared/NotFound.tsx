import { useLang } from './i18n';

export function NotFound() {
  const { t } = useLang();
  return (
    <section class="page">
      <h1>{t('Fant ikke siden', 'Page not found')}</h1>
      <p>
        <a href="/">{t('Til forsiden', 'To the front page')}</a>
      </p>
    </section>
  );
}
