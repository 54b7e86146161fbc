/**
 * Instrument versions for the system administrator: every version KOR knows (built-in and
 * imported), one version with what changed since the one before and its questions as the patient
 * reads them, two versions compared, a new version imported from a FHIR R4 Questionnaire or KOR's
 * JSON format — a draft until it is published — and retiring a version.
 */
import { useEffect, useState } from 'preact/hooks';
import type { InstrumentDefinition, Item } from '../../../instruments/definition-schema';
import type { VersionChange } from '../../../instruments/version-changes';
import { errorText, getJson, postJson, sendJson } from '../shared/api';
import { formatDateTime } from '../shared/format';
import { type Lang, useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';

const BASE = '/api/v1/admin/instrument-versions';

interface VersionSummary {
  id: string;
  version: string;
  status: InstrumentDefinition['status'];
  title: { nb: string; en: string };
  abbreviation: string;
  itemCount: number;
  translations: InstrumentDefinition['translations'];
  commercialUse: InstrumentDefinition['licence']['commercialUse'];
  origin: 'built-in' | 'kor-json' | 'fhir-questionnaire';
  latest: boolean;
}

interface Stamp {
  at: string;
  by: string | null;
}

interface VersionDetail {
  id: string;
  version: string;
  status: InstrumentDefinition['status'];
  latest: boolean;
  origin: VersionSummary['origin'];
  baseVersion: string | null;
  imported: Stamp | null;
  published: Stamp | null;
  retired: (Stamp & { reason: string }) | null;
  sha256: string | null;
  previousVersion: string | null;
  changes: VersionChange[];
  definition: InstrumentDefinition;
  notes?: { nb: string; en: string }[];
}

type T = (nb: string, en: string) => string;

function statusLabel(v: { status: VersionSummary['status']; latest?: boolean }, t: T) {
  if (v.status === 'draft') return t('Utkast', 'Draft');
  if (v.status === 'retired') return t('Utfaset', 'Retired');
  return v.latest ? t('I bruk (nyeste)', 'In use (latest)') : t('Publisert', 'Published');
}

function originLabel(origin: VersionSummary['origin'], t: T) {
  if (origin === 'built-in') return t('Innebygd', 'Built-in');
  if (origin === 'kor-json') return t('Importert (KOR JSON)', 'Imported (KOR JSON)');
  return t('Importert (FHIR)', 'Imported (FHIR)');
}

const AREAS: Record<VersionChange['area'], [string, string]> = {
  item: ['Spørsmål', 'Item'],
  option: ['Svaralternativ', 'Option'],
  scoring: ['Skåring', 'Scoring'],
  interpretation: ['Tolkning', 'Interpretation'],
  'skip-rules': ['Hopperegler', 'Skip rules'],
  translation: ['Oversettelse', 'Translation'],
  licence: ['Lisens', 'Licence'],
  text: ['Tekst', 'Text'],
};

export function ChangesTable({ changes }: { changes: VersionChange[] }) {
  const { t } = useLang();
  if (changes.length === 0) return <p>{t('Ingen forskjeller.', 'No differences.')}</p>;
  return (
    <div class="table-scroll">
      <table class="changes">
        <thead>
          <tr>
            <th scope="col">{t('Område', 'Area')}</th>
            <th scope="col">{t('Hva', 'What')}</th>
            <th scope="col">{t('Før', 'Before')}</th>
            <th scope="col">{t('Etter', 'After')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={i} class={`change-${c.area}`}>
              <td>{t(...AREAS[c.area])}</td>
              <td>
                {c.subject}
                {c.kind !== 'changed' && (
                  <span class="badge">
                    {c.kind === 'added' ? t('ny', 'added') : t('fjernet', 'removed')}
                  </span>
                )}
              </td>
              <td>{c.before ?? ''}</td>
              <td>{c.after ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function answerFormat(item: Item, lang: Lang, t: T) {
  switch (item.kind) {
    case 'choice':
      return (
        <ul class="plain options">
          {item.options.map((o) => (
            <li key={o.value}>
              <span class="value">{o.value}</span> {o.label[lang]}
            </li>
          ))}
        </ul>
      );
    case 'visual-analogue':
      return (
        <p class="muted">
          {t('Linje 0–10', 'Line 0–10')}: {item.anchors.min[lang]} … {item.anchors.max[lang]}
        </p>
      );
    case 'number':
      return (
        <p class="muted">
          {t('Tall', 'Number')} {item.min}–{item.max}
        </p>
      );
    case 'text':
      return <p class="muted">{t('Fritekst', 'Free text')}</p>;
  }
}

/** The questions as the patient reads them, in either language. */
function Preview({ definition }: { definition: InstrumentDefinition }) {
  const { t } = useLang();
  const [lang, setLang] = useState<Lang>('nb');
  return (
    <section class="preview" aria-label={t('Forhåndsvisning', 'Preview')}>
      <div class="preview-head">
        <h4>{t('Forhåndsvisning', 'Preview')}</h4>
        <label>
          {t('Språk', 'Language')}{' '}
          <select
            value={lang}
            onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as Lang)}
          >
            <option value="nb">Norsk (bokmål)</option>
            <option value="en">English</option>
          </select>
        </label>
      </div>
      <p class="preview-title">{definition.title[lang]}</p>
      <p>{definition.instructions[lang]}</p>
      <ol class="preview-items">
        {definition.items.map((item) => (
          <li key={item.id}>
            <p>
              <span class="item-id">{item.id}</span> {item.text[lang]}
            </p>
            {answerFormat(item, lang, t)}
          </li>
        ))}
      </ol>
    </section>
  );
}

function translationText(s: InstrumentDefinition['translations']['nb'], t: T) {
  return s.status === 'official'
    ? `${t('offisiell', 'official')}: ${s.source}`
    : `${t('arbeidsoversettelse', 'working translation')}: ${s.note}`;
}

function Detail({
  id,
  version,
  onChanged,
  initial,
}: {
  id: string;
  version: string;
  onChanged: () => void;
  initial?: VersionDetail;
}) {
  const { t, lang } = useLang();
  const [detail, setDetail] = useState<VersionDetail | null>(initial ?? null);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [discarded, setDiscarded] = useState(false);

  useEffect(() => {
    if (initial) return;
    setDetail(null);
    getJson<VersionDetail>(`${BASE}/${id}/${version}`)
      .then(setDetail)
      .catch((e) =>
        setError(
          errorText(e, t('Versjonen kunne ikke hentes.', 'The version could not be loaded.')),
        ),
      );
  }, [id, version]);

  async function act(work: () => Promise<VersionDetail | null>) {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      if (next) setDetail(next);
      else setDiscarded(true);
      onChanged();
    } catch (e) {
      setError(errorText(e, t('Det gikk ikke.', 'That failed.')));
    } finally {
      setBusy(false);
    }
  }

  if (discarded)
    return <p role="status">{t('Utkastet er forkastet.', 'The draft was discarded.')}</p>;
  if (!detail)
    return error ? (
      <p class="alert alert-error" role="alert">
        {error}
      </p>
    ) : (
      <p>{t('Henter …', 'Loading …')}</p>
    );
  const d = detail.definition;
  const scoreChanges = detail.changes.filter((c) =>
    ['option', 'scoring', 'interpretation', 'skip-rules'].includes(c.area),
  );
  return (
    <article class="version-detail" aria-labelledby="version-title">
      <h3 id="version-title">
        {d.abbreviation} {detail.version} — {d.title[lang]}{' '}
        <span class={`status status-${detail.status}`}>{statusLabel(detail, t)}</span>
      </h3>
      <dl class="facts">
        <dt>{t('Opphav', 'Origin')}</dt>
        <dd>
          {originLabel(detail.origin, t)}
          {detail.baseVersion &&
            ` — ${t('skåring og tolkning fra', 'scoring and interpretation from')} ${detail.baseVersion}`}
        </dd>
        {detail.imported && (
          <>
            <dt>{t('Importert', 'Imported')}</dt>
            <dd>
              {formatDateTime(detail.imported.at, lang)}{' '}
              {detail.imported.by && `(${detail.imported.by})`}
            </dd>
          </>
        )}
        {detail.published && (
          <>
            <dt>{t('Publisert', 'Published')}</dt>
            <dd>
              {formatDateTime(detail.published.at, lang)}{' '}
              {detail.published.by && `(${detail.published.by})`}
            </dd>
          </>
        )}
        {detail.retired && (
          <>
            <dt>{t('Utfaset', 'Retired')}</dt>
            <dd>
              {formatDateTime(detail.retired.at, lang)}{' '}
              {detail.retired.by && `(${detail.retired.by})`}: {detail.retired.reason}
            </dd>
          </>
        )}
        <dt>{t('Norsk tekst', 'Norwegian text')}</dt>
        <dd>{translationText(d.translations.nb, t)}</dd>
        <dt>{t('Engelsk tekst', 'English text')}</dt>
        <dd>{translationText(d.translations.en, t)}</dd>
        <dt>{t('Lisens', 'Licence')}</dt>
        <dd>
          {d.licence.summary[lang]} ({d.licence.commercialUse})
        </dd>
        {detail.sha256 && (
          <>
            <dt>{t('Sjekksum', 'Checksum')}</dt>
            <dd>
              <code>{detail.sha256.slice(0, 16)}…</code>
            </dd>
          </>
        )}
      </dl>
      {detail.notes?.map((n) => (
        <p key={n.en} class="alert">
          {n[lang]}
        </p>
      ))}
      <h4>
        {detail.previousVersion
          ? `${t('Endringer fra', 'Changes from')} ${detail.previousVersion}`
          : t('Første versjon av instrumentet', 'First version of the instrument')}
      </h4>
      {detail.previousVersion && (
        <>
          <p class={scoreChanges.length === 0 ? 'muted' : 'alert'}>
            {scoreChanges.length === 0
              ? t(
                  'Bare ordlyd er endret: verdier, skåring og tolkning er de samme, så skårene kan sammenlignes.',
                  'Only wording changed: values, scoring and interpretation are the same, so the scores are comparable.',
                )
              : t(
                  'Skåringen er endret: skårer fra før og etter kan ikke sammenlignes, og kurvene brytes her.',
                  'The scoring changed: scores before and after are not comparable, and trends break here.',
                )}
          </p>
          <ChangesTable changes={detail.changes} />
        </>
      )}
      <Preview definition={d} />
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {detail.status === 'draft' && (
        <div class="actions">
          <label class="check">
            <input type="checkbox" checked={checked} onChange={() => setChecked(!checked)} />
            {t(
              'Jeg har kontrollert ordlyden, endringene og lisensen. Etter publisering kan versjonen ikke endres.',
              'I have checked the wording, the changes and the licence. Once published, the version cannot change.',
            )}
          </label>
          <button
            type="button"
            class="button-primary"
            disabled={!checked || busy}
            onClick={() =>
              act(() => postJson<VersionDetail>(`${BASE}/${id}/${version}/publish`, {}))
            }
          >
            {t('Publiser', 'Publish')}
          </button>
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            onClick={() =>
              act(async () => {
                await sendJson('DELETE', `${BASE}/${id}/${version}`, {});
                return null;
              })
            }
          >
            {t('Forkast utkastet', 'Discard the draft')}
          </button>
        </div>
      )}
      {detail.status === 'released' && (
        <form
          class="actions"
          onSubmit={(e) => {
            e.preventDefault();
            act(() => postJson<VersionDetail>(`${BASE}/${id}/${version}/retire`, { reason }));
          }}
        >
          <label class="purpose">
            {t('Fas ut versjonen — hvorfor?', 'Retire the version — why?')}
            <input
              value={reason}
              onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button
            type="submit"
            class="button-secondary"
            disabled={busy || reason.trim().length < 5}
          >
            {t('Fas ut', 'Retire')}
          </button>
          <p class="muted">
            {t(
              'Nye skjemaer bruker den ikke lenger; svar gitt på den kan fortsatt leses.',
              'New forms stop using it; answers given on it stay readable.',
            )}
          </p>
        </form>
      )}
    </article>
  );
}

function Compare({ versions }: { versions: VersionSummary[] }) {
  const { t } = useLang();
  const ids = [...new Set(versions.map((v) => v.id))];
  const [id, setId] = useState(ids[0] ?? '');
  const of = versions.filter((v) => v.id === id).map((v) => v.version);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const a = of.includes(from) ? from : (of[0] ?? '');
  const b = of.includes(to) ? to : (of.at(-1) ?? '');
  const result = useJson<{ changes: VersionChange[] }>(`${BASE}/${id}/compare?from=${a}&to=${b}`);
  return (
    <section aria-labelledby="compare-title">
      <h3 id="compare-title">{t('Sammenlign to versjoner', 'Compare two versions')}</h3>
      <div class="period">
        <label>
          {t('Instrument', 'Instrument')}
          <select value={id} onChange={(e) => setId((e.currentTarget as HTMLSelectElement).value)}>
            {ids.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Fra', 'From')}
          <select value={a} onChange={(e) => setFrom((e.currentTarget as HTMLSelectElement).value)}>
            {of.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          {t('Til', 'To')}
          <select value={b} onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)}>
            {of.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
      </div>
      {result.state === 'ready' && <ChangesTable changes={result.data.changes} />}
      {result.state === 'error' && <p class="alert alert-error">{result.message}</p>}
    </section>
  );
}

function ImportForm({
  versions,
  onImported,
}: {
  versions: VersionSummary[];
  onImported: (d: VersionDetail) => void;
}) {
  const { t } = useLang();
  const [format, setFormat] = useState<'fhir-questionnaire' | 'kor-json'>('fhir-questionnaire');
  const [content, setContent] = useState<Record<string, unknown> | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [instrumentId, setInstrumentId] = useState('');
  const [version, setVersion] = useState('');
  const [translation, setTranslation] = useState<'official' | 'working'>('official');
  const [translationText, setTranslationText] = useState('');
  const [commercialUse, setCommercialUse] = useState('licence-required');
  const [source, setSource] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = [...new Set(versions.filter((v) => v.status !== 'draft').map((v) => v.id))];

  async function read(e: Event) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    setContent(null);
    setFileError(null);
    if (!file) return;
    try {
      const parsed: unknown = JSON.parse(await file.text());
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      const json = parsed as Record<string, unknown>;
      setContent(json);
      if (format === 'fhir-questionnaire') {
        const url = typeof json.url === 'string' ? json.url : '';
        const named = url.match(/^urn:kor:instrument:(.+)$/)?.[1];
        if (named && ids.includes(named)) setInstrumentId(named);
        if (typeof json.version === 'string') setVersion(json.version);
      }
    } catch {
      setFileError(t('Filen er ikke gyldig JSON.', 'The file is not valid JSON.'));
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!content) return;
    setBusy(true);
    setError(null);
    try {
      const body =
        format === 'kor-json'
          ? { format, definition: content }
          : {
              format,
              questionnaire: content,
              ...(instrumentId ? { instrumentId } : {}),
              version,
              translation:
                translation === 'official'
                  ? { status: 'official', source: translationText }
                  : { status: 'working', note: translationText },
              commercialUse,
              ...(source.trim() ? { source } : {}),
            };
      onImported(await postJson<VersionDetail>(`${BASE}/imports`, body));
    } catch (failure) {
      setError(errorText(failure, t('Importen feilet.', 'The import failed.')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="research-form import-form" onSubmit={submit} aria-labelledby="import-title">
      <h3 id="import-title">{t('Importer en ny versjon', 'Import a new version')}</h3>
      <p class="muted">
        {t(
          'For eksempel klinikkens lisensierte ORS/SRS-tekst eller en offisiell norsk oversettelse. Et FHIR Questionnaire gir ny ordlyd til et instrument KOR har: spørsmålene kobles på linkId, og hvert svaralternativ må beholde skåringsverdien sin. Skåring og tolkning tas fra versjonen det bygger på. Versjonen blir et utkast som du kontrollerer før du publiserer.',
          "For example the clinic's licensed ORS/SRS wording or an official Norwegian translation. A FHIR Questionnaire gives new wording to an instrument KOR has: questions are matched by linkId, and every answer option must keep its scoring value. Scoring and interpretation come from the version it builds on. The version becomes a draft that you check before publishing.",
        )}
      </p>
      <fieldset>
        <legend>{t('Format', 'Format')}</legend>
        <label class="check">
          <input
            type="radio"
            name="format"
            checked={format === 'fhir-questionnaire'}
            onChange={() => setFormat('fhir-questionnaire')}
          />
          FHIR R4 Questionnaire
        </label>
        <label class="check">
          <input
            type="radio"
            name="format"
            checked={format === 'kor-json'}
            onChange={() => setFormat('kor-json')}
          />
          {t('KORs JSON-format (hele definisjonen)', "KOR's JSON format (the whole definition)")}
        </label>
      </fieldset>
      <label class="purpose">
        {t('Fil (JSON)', 'File (JSON)')}
        <input type="file" accept=".json,application/json,application/fhir+json" onChange={read} />
      </label>
      {fileError && (
        <p class="alert alert-error" role="alert">
          {fileError}
        </p>
      )}
      {format === 'fhir-questionnaire' && (
        <>
          <div class="period">
            <label>
              {t('Instrument', 'Instrument')}
              <select
                value={instrumentId}
                onChange={(e) => setInstrumentId((e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">
                  {t('Det Questionnaire-et oppgir', 'As the Questionnaire says')}
                </option>
                {ids.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('Ny versjon', 'New version')}
              <input
                value={version}
                placeholder="1.1.0"
                onInput={(e) => setVersion((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <label>
              {t('Kommersiell bruk', 'Commercial use')}
              <select
                value={commercialUse}
                onChange={(e) => setCommercialUse((e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="licence-required">{t('Krever lisens', 'Licence required')}</option>
                <option value="allowed">{t('Tillatt', 'Allowed')}</option>
                <option value="prohibited">{t('Ikke tillatt', 'Prohibited')}</option>
                <option value="unverified">{t('Ikke avklart', 'Unverified')}</option>
              </select>
            </label>
          </div>
          <fieldset>
            <legend>
              {t('Teksten i Questionnaire-et er', 'The text in the Questionnaire is')}
            </legend>
            <label class="check">
              <input
                type="radio"
                name="translation"
                checked={translation === 'official'}
                onChange={() => setTranslation('official')}
              />
              {t('en offisiell, publisert tekst', 'an official, published text')}
            </label>
            <label class="check">
              <input
                type="radio"
                name="translation"
                checked={translation === 'working'}
                onChange={() => setTranslation('working')}
              />
              {t('en arbeidsoversettelse (ikke validert)', 'a working translation (not validated)')}
            </label>
            <label class="purpose">
              {translation === 'official'
                ? t('Kilde (utgiver, lisensavtale)', 'Source (publisher, licence agreement)')
                : t('Hvem har oversatt, og hvordan', 'Who translated it, and how')}
              <input
                value={translationText}
                onInput={(e) => setTranslationText((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
          </fieldset>
          <label class="purpose">
            {t('Kildehenvisning (valgfri)', 'Citation (optional)')}
            <input
              value={source}
              onInput={(e) => setSource((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
        </>
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button-primary" disabled={!content || busy}>
        {t('Importer som utkast', 'Import as a draft')}
      </button>
    </form>
  );
}

export function InstrumentVersions() {
  const { t, lang } = useLang();
  const [version, setVersion] = useState(0);
  const list = useJson<{ versions: VersionSummary[] }>(BASE, version);
  const [open, setOpen] = useState<{ id: string; version: string; initial?: VersionDetail } | null>(
    null,
  );
  const refresh = () => setVersion((v) => v + 1);

  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t('Instrumentversjoner', 'Instrument versions')}</h2>
      {list.state === 'error' && (
        <p class="alert alert-error" role="alert">
          {list.message}
        </p>
      )}
      {list.state === 'ready' && (
        <>
          <div class="table-scroll">
            <table class="versions">
              <thead>
                <tr>
                  <th scope="col">{t('Instrument', 'Instrument')}</th>
                  <th scope="col">{t('Versjon', 'Version')}</th>
                  <th scope="col">{t('Status', 'Status')}</th>
                  <th scope="col">{t('Opphav', 'Origin')}</th>
                  <th scope="col">{t('Norsk tekst', 'Norwegian text')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('Vis', 'Show')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.versions.map((v) => (
                  <tr key={`${v.id}@${v.version}`} class={`status-row-${v.status}`}>
                    <td>
                      {v.abbreviation} <span class="muted">{v.title[lang]}</span>
                    </td>
                    <td>{v.version}</td>
                    <td>
                      <span class={`status status-${v.status}`}>{statusLabel(v, t)}</span>
                    </td>
                    <td>{originLabel(v.origin, t)}</td>
                    <td>
                      {v.translations.nb.status === 'official'
                        ? t('offisiell', 'official')
                        : t('arbeidsoversettelse', 'working')}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="link-button"
                        aria-label={`${t('Vis', 'Show')} ${v.abbreviation} ${v.version}`}
                        onClick={() => setOpen({ id: v.id, version: v.version })}
                      >
                        {t('Vis', 'Show')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {open && (
            <Detail
              key={`${open.id}@${open.version}`}
              id={open.id}
              version={open.version}
              initial={open.initial}
              onChanged={refresh}
            />
          )}
          <ImportForm
            versions={list.data.versions}
            onImported={(d) => {
              setOpen({ id: d.id, version: d.version, initial: d });
              refresh();
            }}
          />
          <Compare versions={list.data.versions} />
        </>
      )}
    </section>
  );
}
