import { useLocation } from 'preact-iso';
import type { InstrumentDefinition } from '../../../instruments/definition-schema';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import { commercialUseLabel, noteKindLabel, raterLabel, translationLabel } from './labels';
import { ScoringRules } from './ScoringRules';
import { TryForm } from './TryForm';

interface VersionSummary {
  version: string;
  status: InstrumentDefinition['status'];
}

export function InstrumentPage({ id, version }: { id: string; version?: string }) {
  const { lang, t } = useLang();
  const { route } = useLocation();
  const base = `/api/v1/instruments/${encodeURIComponent(id)}`;
  const definition = useJson<InstrumentDefinition>(
    version ? `${base}/versions/${encodeURIComponent(version)}` : base,
  );
  const versions = useJson<{ versions: VersionSummary[] }>(`${base}/versions`);

  if (definition.state === 'loading') return <p class="page">{t('Laster …', 'Loading …')}</p>;
  if (definition.state === 'error') {
    return (
      <section class="page">
        <h1>
          {definition.status === 404
            ? t('Fant ikke instrumentet', 'Instrument not found')
            : t('Noe gikk galt', 'Something went wrong')}
        </h1>
        <p class="alert alert-error" role="alert">
          {definition.message}
        </p>
        <p>
          <a href="/instrumenter">{t('Til instrumentbiblioteket', 'To the instrument library')}</a>
        </p>
      </section>
    );
  }
  const def = definition.data;
  const fhirUrl = `${base}/versions/${def.version}/fhir?lang=${lang}`;

  return (
    <article class="page instrument" aria-labelledby="instrument-title">
      <p class="breadcrumb">
        <a href="/instrumenter">{t('Instrumentbibliotek', 'Instrument library')}</a> ›{' '}
        {def.abbreviation}
      </p>
      <header class="instrument-header">
        <div>
          <h1 id="instrument-title">{def.title[lang]}</h1>
          <p class="lead">{def.description[lang]}</p>
        </div>
        <div class="version-box">
          <label for="version-select">{t('Versjon', 'Version')}</label>
          <select
            id="version-select"
            value={def.version}
            onChange={(e) =>
              route(`/instrumenter/${def.id}/${(e.target as HTMLSelectElement).value}`)
            }
          >
            {(versions.state === 'ready'
              ? versions.data.versions
              : [{ version: def.version, status: def.status }]
            ).map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
                {v.status === 'released' ? '' : ` (${v.status})`}
              </option>
            ))}
          </select>
          <a
            class="button-secondary"
            href={fhirUrl}
            download={`${def.id}-${def.version}.fhir.json`}
          >
            {t('Last ned som FHIR Questionnaire', 'Download as FHIR Questionnaire')}
          </a>
        </div>
      </header>

      <section class="facts" aria-label={t('Om instrumentet', 'About the instrument')}>
        <dl>
          <dt>{t('Hvem fyller ut', 'Who fills it in')}</dt>
          <dd>{raterLabel(def.rater, t)}</dd>
          <dt>{t('Tidsrom', 'Recall period')}</dt>
          <dd>{def.recallPeriod ? def.recallPeriod[lang] : t('Ikke angitt', 'Not specified')}</dd>
          <dt>{t('Oversettelse', 'Translation')}</dt>
          <dd>
            <ul class="plain">
              {(['nb', 'en'] as const).map((l) => {
                const status = def.translations[l];
                return (
                  <li key={l}>
                    <strong>{l === 'nb' ? 'Bokmål' : 'English'}:</strong>{' '}
                    <span class={status.status === 'official' ? 'tag tag-ok' : 'tag tag-warn'}>
                      {translationLabel(status, t)}
                    </span>{' '}
                    <span class="muted">
                      {status.status === 'official' ? status.source : status.note}
                    </span>
                  </li>
                );
              })}
            </ul>
          </dd>
          <dt>{t('Lisens', 'Licence')}</dt>
          <dd>
            <span class="tag">{commercialUseLabel(def.licence.commercialUse, t)}</span>{' '}
            {def.licence.summary[lang]}
          </dd>
          <dt>{t('Kilder', 'Sources')}</dt>
          <dd>
            <ul class="plain">
              {def.source.map((s) => (
                <li key={s.citation}>
                  {s.citation}{' '}
                  {s.url && (
                    <a href={s.url} rel="noreferrer noopener" target="_blank">
                      {t('lenke', 'link')}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </dd>
          {def.loinc && (
            <>
              <dt>LOINC</dt>
              <dd>
                {def.loinc.panel && (
                  <span>
                    {t('Skjema', 'Panel')} {def.loinc.panel}.{' '}
                  </span>
                )}
                {Object.entries(def.loinc.scores ?? {}).map(([k, code]) => (
                  <span key={k}>
                    {k}: {code}.{' '}
                  </span>
                ))}
              </dd>
            </>
          )}
        </dl>
      </section>

      {def.notes.length > 0 && (
        <section aria-labelledby="notes-title">
          <h2 id="notes-title">{t('Merknader', 'Notes')}</h2>
          <ul class="notes">
            {def.notes.map((n) => (
              <li key={n.text.en} class={`note note-${n.kind}`}>
                <strong>{noteKindLabel(n.kind, t)}:</strong> {n.text[lang]}
              </li>
            ))}
          </ul>
        </section>
      )}

      <TryForm key={`${def.id}@${def.version}`} definition={def} />
      <ScoringRules definition={def} />
    </article>
  );
}
