import type { ComponentChildren } from 'preact';
import { LangSwitch, useLang } from './i18n';

export function Layout({ children }: { children: ComponentChildren }) {
  const { t } = useLang();
  return (
    <>
      <a class="skip-link" href="#main">
        {t('Hopp til innholdet', 'Skip to content')}
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>KOR</span>
        </a>
        <nav aria-label={t('Hovedmeny', 'Main menu')}>
          <a href="/terapeut">{t('Pasienter', 'Patients')}</a>
          <a href="/enhet">{t('Enhet', 'Unit')}</a>
          <a href="/kurs">{t('Kurs', 'Courses')}</a>
          <a href="/instrumenter">{t('Instrumenter', 'Instruments')}</a>
          <a href="/admin">{t('Admin', 'Admin')}</a>
        </nav>
        <LangSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
