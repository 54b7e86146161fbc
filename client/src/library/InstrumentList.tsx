import type { InstrumentSummary } from '../../../server/services/instrument-service';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import { commercialUseLabel, raterLabel, translationLabel } from './labels';

export function InstrumentList() {
  const { lang, t } = useLang();
  const list = useJson<{ instruments: InstrumentSummary[] }>('/api/v1/instruments');
  return (
    <section class="page">
      <h1>{t('Instrumentbibliotek', 'Instrument library')}</h1>
      <p class="lead">
        {t(
          'Alle instrumentene KOR bruker, med kilde, lisens og status for oversettelsen. Åpne et instrument for å lese det, fylle det ut og se skåren.',
          'Every instrument KOR uses, with source, licence and translation status. Open an instrument to read it, fill it in and see the score.',
        )}
      </p>
      {list.state === 'loading' && <p aria-live="polite">{t('Laster …', 'Loading …')}</p>}
      {list.state === 'error' && (
        <p class="alert alert-error" role="alert">
          {t('Kunne ikke hente instrumentene: ', 'Could not load the instruments: ')}
          {list.message}
        </p>
      )}
      {list.state === 'ready' && (
        <ul class="cards instrument-cards">
          {list.data.instruments.map((i) => (
            <li key={i.id} class="card">
              <h2>
                <a href={`/instrumenter/${i.id}`}>{i.abbreviation}</a>
              </h2>
              <p class="card-title">{i.title[lang]}</p>
              <p>{i.description[lang]}</p>
              <ul class="tags" aria-label={t('Egenskaper', 'Properties')}>
                <li>{raterLabel(i.rater, t)}</li>
                <li>
                  {t('Versjon', 'Version')} {i.version}
                </li>
                <li>
                  {i.itemCount} {t('spørsmål', 'items')}
                </li>
                <li class={i.translations[lang].status === 'official' ? 'tag-ok' : 'tag-warn'}>
                  {lang === 'nb' ? 'Bokmål' : 'English'}:{' '}
                  {translationLabel(i.translations[lang], t)}
                </li>
                <li>{commercialUseLabel(i.commercialUse, t)}</li>
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
