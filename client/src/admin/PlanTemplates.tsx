/**
 * Measurement-plan templates of a unit, for system administrators (every clinical unit) and unit
 * leads (the units they lead): which instruments are due when. A new course copies a template and
 * may adjust it; deleting a template leaves the courses' plans as they are.
 */
import { useState } from 'preact/hooks';
import { errorText, postJson, sendJson } from '../shared/api';
import { formatDateTime } from '../shared/format';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';

export interface ManagedUnit {
  id: string;
  name: string;
  parentName?: string | null;
  isDemo: boolean;
}

type Schedule = 'intake' | 'every_session' | 'every_n_weeks' | 'discharge';

interface PlanItem {
  instrument: string;
  schedule: Schedule;
  intervalWeeks: number | null;
}

interface Template {
  id: string;
  name: string;
  createdAt: string;
  items: PlanItem[];
}

interface InstrumentSummary {
  id: string;
  abbreviation: string;
  title: { nb: string; en: string };
  rater: string;
}

type T = (nb: string, en: string) => string;

const SCHEDULES: readonly Schedule[] = ['intake', 'every_session', 'every_n_weeks', 'discharge'];

function scheduleText(item: { schedule: Schedule; intervalWeeks: number | null }, t: T) {
  switch (item.schedule) {
    case 'intake':
      return t('ved oppstart', 'at intake');
    case 'every_session':
      return t('hver time', 'every session');
    case 'every_n_weeks':
      return item.intervalWeeks
        ? t(`hver ${item.intervalWeeks}. uke`, `every ${item.intervalWeeks} weeks`)
        : t('hver N. uke', 'every N weeks');
    case 'discharge':
      return t('ved avslutning', 'at discharge');
  }
}

interface Row {
  key: number;
  instrument: string;
  schedule: Schedule;
  weeks: string;
}

function NewTemplate({
  unitId,
  instruments,
  onMade,
}: {
  unitId: string;
  instruments: InstrumentSummary[];
  onMade: (name: string) => void;
}) {
  const { t, lang } = useLang();
  const first = instruments[0]?.id ?? '';
  const [name, setName] = useState('');
  const [rows, setRows] = useState<Row[]>([
    { key: 1, instrument: first, schedule: 'every_session', weeks: '6' },
  ]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (key: number, patch: Partial<Row>) =>
    setRows((now) => now.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await postJson(`/api/v1/units/${unitId}/plan-templates`, {
        name,
        items: rows.map((r) => ({
          instrument: r.instrument,
          schedule: r.schedule,
          ...(r.schedule === 'every_n_weeks' ? { intervalWeeks: Number(r.weeks) } : {}),
        })),
      });
      onMade(name.trim());
    } catch (failure) {
      setError(
        errorText(failure, t('Malen kunne ikke lagres.', 'The template could not be saved.')),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="template-form" onSubmit={submit} aria-labelledby="new-template-title">
      <h3 id="new-template-title">{t('Ny mal', 'New template')}</h3>
      <label class="field">
        {t('Navn på malen', 'Name of the template')}
        <input
          value={name}
          required
          maxLength={100}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <fieldset>
        <legend>{t('Instrumenter og når', 'Instruments and when')}</legend>
        <ol class="plan-rows">
          {rows.map((row, index) => (
            <li key={row.key} class="plan-row">
              <label>
                {t(`Instrument ${index + 1}`, `Instrument ${index + 1}`)}
                <select
                  value={row.instrument}
                  onChange={(e) =>
                    change(row.key, { instrument: (e.currentTarget as HTMLSelectElement).value })
                  }
                >
                  {instruments.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.title[lang].startsWith(i.abbreviation)
                        ? i.title[lang]
                        : `${i.abbreviation} – ${i.title[lang]}`}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('Når', 'When')}
                <select
                  value={row.schedule}
                  onChange={(e) =>
                    change(row.key, {
                      schedule: (e.currentTarget as HTMLSelectElement).value as Schedule,
                    })
                  }
                >
                  {SCHEDULES.map((s) => (
                    <option key={s} value={s}>
                      {scheduleText({ schedule: s, intervalWeeks: null }, t)}
                    </option>
                  ))}
                </select>
              </label>
              {row.schedule === 'every_n_weeks' && (
                <label>
                  {t('Antall uker', 'Number of weeks')}
                  <input
                    type="number"
                    min={1}
                    max={52}
                    required
                    value={row.weeks}
                    onInput={(e) =>
                      change(row.key, { weeks: (e.currentTarget as HTMLInputElement).value })
                    }
                  />
                </label>
              )}
              {rows.length > 1 && (
                <button
                  type="button"
                  class="link-button"
                  onClick={() => setRows((now) => now.filter((r) => r.key !== row.key))}
                >
                  {t(`Fjern instrument ${index + 1}`, `Remove instrument ${index + 1}`)}
                </button>
              )}
            </li>
          ))}
        </ol>
        <button
          type="button"
          class="button-secondary"
          onClick={() =>
            setRows((now) => [
              ...now,
              {
                key: Math.max(0, ...now.map((r) => r.key)) + 1,
                instrument: first,
                schedule: 'intake',
                weeks: '6',
              },
            ])
          }
        >
          {t('Legg til instrument', 'Add an instrument')}
        </button>
      </fieldset>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div>
        <button class="button-primary" type="submit" disabled={busy || name.trim() === ''}>
          {t('Lagre malen', 'Save the template')}
        </button>
      </div>
    </form>
  );
}

function TemplateRow({
  template,
  unitId,
  abbreviation,
  onDeleted,
}: {
  template: Template;
  unitId: string;
  abbreviation: (id: string) => string;
  onDeleted: (name: string) => void;
}) {
  const { t, lang } = useLang();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    setError(null);
    try {
      await sendJson('DELETE', `/api/v1/units/${unitId}/plan-templates/${template.id}`, {});
      onDeleted(template.name);
    } catch (failure) {
      setError(
        errorText(failure, t('Malen kunne ikke slettes.', 'The template could not be deleted.')),
      );
    }
  }
  return (
    <tr>
      <th scope="row">{template.name}</th>
      <td>
        <ul class="plain">
          {template.items.map((item, i) => (
            <li key={i}>
              <strong>{abbreviation(item.instrument)}</strong> {scheduleText(item, t)}
            </li>
          ))}
        </ul>
      </td>
      <td>{formatDateTime(template.createdAt, lang)}</td>
      <td>
        {asking ? (
          <div class="confirm">
            <p>
              {t(
                `Slette «${template.name}»? Forløp som allerede bruker malen, beholder planen sin.`,
                `Delete “${template.name}”? Courses already using it keep their plan.`,
              )}
            </p>
            <button type="button" class="button-secondary" onClick={remove}>
              {t('Ja, slett malen', 'Yes, delete it')}
            </button>{' '}
            <button type="button" class="link-button" onClick={() => setAsking(false)}>
              {t('Avbryt', 'Cancel')}
            </button>
          </div>
        ) : (
          <button type="button" class="link-button" onClick={() => setAsking(true)}>
            {t('Slett', 'Delete')}
            <span class="visually-hidden"> {template.name}</span>
          </button>
        )}
        {error && (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

export function PlanTemplates({ units }: { units: ManagedUnit[] }) {
  const { t } = useLang();
  const [unitId, setUnitId] = useState(units[0]?.id ?? '');
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const templates = useJson<{ templates: Template[] }>(
    `/api/v1/units/${unitId}/plan-templates`,
    version,
  );
  const catalogue = useJson<{ instruments: InstrumentSummary[] }>('/api/v1/instruments');
  // Course evaluations belong to the trainer module, not to a patient's plan.
  const instruments =
    catalogue.state === 'ready'
      ? catalogue.data.instruments.filter((i) => i.rater !== 'participant')
      : [];
  const abbreviation = (id: string) => instruments.find((i) => i.id === id)?.abbreviation ?? id;
  const changed = (message: string) => {
    setDone(message);
    setVersion((v) => v + 1);
  };

  return (
    <section aria-labelledby="plans-title">
      <h2 id="plans-title">{t('Måleplaner', 'Measurement plans')}</h2>
      <p class="muted">
        {t(
          'En mal sier hvilke skjemaer som skal fylles ut, og når. Behandleren velger en mal når et nytt forløp starter, og kan tilpasse planen i forløpet. Endringer i en mal endrer ikke planer som allerede er i bruk.',
          'A template says which forms are filled in, and when. The therapist chooses a template when a new course starts, and may adjust the plan in the course. Changing a template does not change plans already in use.',
        )}
      </p>
      {units.length === 0 ? (
        <p>{t('Du har ingen enheter å administrere.', 'You have no units to manage.')}</p>
      ) : (
        <>
          <label class="field unit-choice">
            {t('Enhet', 'Unit')}
            <select
              value={unitId}
              onChange={(e) => {
                setUnitId((e.currentTarget as HTMLSelectElement).value);
                setDone(null);
              }}
            >
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.parentName ? ` · ${u.parentName}` : ''}
                </option>
              ))}
            </select>
          </label>
          {done && (
            <p class="alert alert-ok" role="status">
              {done}
            </p>
          )}
          {templates.state === 'error' && (
            <p class="alert alert-error" role="alert">
              {templates.message}
            </p>
          )}
          {templates.state === 'ready' &&
            (templates.data.templates.length === 0 ? (
              <p>{t('Enheten har ingen maler ennå.', 'The unit has no templates yet.')}</p>
            ) : (
              <div class="table-wrap">
                <table class="templates">
                  <thead>
                    <tr>
                      <th scope="col">{t('Mal', 'Template')}</th>
                      <th scope="col">{t('Instrumenter', 'Instruments')}</th>
                      <th scope="col">{t('Laget', 'Made')}</th>
                      <th scope="col">
                        <span class="visually-hidden">{t('Handlinger', 'Actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {templates.data.templates.map((x) => (
                      <TemplateRow
                        key={x.id}
                        template={x}
                        unitId={unitId}
                        abbreviation={abbreviation}
                        onDeleted={(name) =>
                          changed(
                            t(`Malen «${name}» er slettet.`, `The template “${name}” is deleted.`),
                          )
                        }
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          {instruments.length > 0 && (
            <NewTemplate
              // A fresh form for each unit and after each save.
              key={`${unitId}-${version}`}
              unitId={unitId}
              instruments={instruments}
              onMade={(name) =>
                changed(t(`Malen «${name}» er lagret.`, `The template “${name}” is saved.`))
              }
            />
          )}
        </>
      )}
    </section>
  );
}

/** A system administrator chooses among every clinical unit. */
export function PlanTemplatesForAdmin() {
  const { t } = useLang();
  const units = useJson<{ units: ManagedUnit[] }>('/api/v1/admin/research-exports/units');
  if (units.state === 'loading') return <p class="muted">…</p>;
  if (units.state === 'error')
    return (
      <p class="alert alert-error" role="alert">
        {t('Enhetene kunne ikke hentes.', 'The units could not be loaded.')} {units.message}
      </p>
    );
  return <PlanTemplates units={units.data.units} />;
}
