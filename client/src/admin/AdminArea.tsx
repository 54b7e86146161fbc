/**
 * The administration area. For system administrators: de-identified research exports — choose
 * units and a period, state the purpose, and download the export (JSON with its data dictionary,
 * or table by table as CSV); earlier exports are listed with who made them and why — instrument
 * versions (InstrumentVersions.tsx), units and users (Organisation.tsx) and measurement-plan
 * templates (PlanTemplates.tsx). Unit leads (and unit admins) reach the plan templates and the
 * staff roles (UnitStaff.tsx) of the units they lead.
 */
import { useState } from 'preact/hooks';
import { errorText, postJson } from '../shared/api';
import { formatDateTime } from '../shared/format';
import { useLang } from '../shared/i18n';
import { RequireStaff, type StaffUser, useStaff } from '../shared/session';
import { useJson } from '../shared/useJson';
import { InstrumentVersions } from './InstrumentVersions';
import { UnitsAndUsers } from './Organisation';
import { type ManagedUnit, PlanTemplates, PlanTemplatesForAdmin } from './PlanTemplates';
import { UnitStaff } from './UnitStaff';
import './admin.css';

interface Unit {
  id: string;
  name: string;
  parentName: string | null;
  isDemo: boolean;
}

interface ExportSummary {
  id: string;
  createdAt: string;
  createdBy?: string;
  purpose: string;
  unitIds: string[];
  from: string;
  to: string;
  counts?: Record<string, number>;
}

const TABLES = ['patients', 'courses', 'episodes', 'responses', 'scores', 'answers'] as const;
const BASE = '/api/v1/admin/research-exports';

function Downloads({ id }: { id: string }) {
  const { t } = useLang();
  return (
    <ul class="plain downloads">
      <li>
        <a href={`${BASE}/${id}`} download={`kor-forskning-${id}.json`}>
          {t('Alt som JSON (med dataordbok)', 'Everything as JSON (with data dictionary)')}
        </a>
      </li>
      {TABLES.map((table) => (
        <li key={table}>
          <a href={`${BASE}/${id}/tables/${table}`} download>
            {table}.csv
          </a>
        </li>
      ))}
      <li>
        <a href={`${BASE}/dictionary`} download>
          {t('Dataordbok (CSV)', 'Data dictionary (CSV)')}
        </a>
      </li>
    </ul>
  );
}

function ResearchExport() {
  const { t, lang } = useLang();
  const [version, setVersion] = useState(0);
  const units = useJson<{ units: Unit[] }>(`${BASE}/units`);
  const previous = useJson<{ exports: ExportSummary[] }>(BASE, version);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const year = new Date().getFullYear();
  const [from, setFrom] = useState(`${year - 1}-01-01`);
  const [to, setTo] = useState(`${year - 1}-12-31`);
  const [purpose, setPurpose] = useState('');
  const [made, setMade] = useState<ExportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (id: string) =>
    setChosen((now) => {
      const next = new Set(now);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function make(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      setMade(await postJson<ExportSummary>(BASE, { unitIds: [...chosen], from, to, purpose }));
      setVersion((v) => v + 1);
    } catch (failure) {
      setError(errorText(failure, t('Uttrekket kunne ikke lages.', 'The export failed.')));
    } finally {
      setBusy(false);
    }
  }

  const unitName = (id: string) =>
    units.state === 'ready' ? (units.data.units.find((u) => u.id === id)?.name ?? id) : id;

  return (
    <section aria-labelledby="research-title">
      <h2 id="research-title">{t('Forskningsuttrekk', 'Research export')}</h2>
      <p class="muted">
        {t(
          'Avidentifisert: pseudonymkoder og alle KOR-id-er byttes med tilfeldige id-er for dette uttrekket. Med: fødselsår, kjønn, datoer, behandlingsnivå, sluttype, skårer og tallsvar. Aldri med: koder, mål, notater, fritekst, ansatte. Datoene er eksakte, så dataene er pseudonyme etter GDPR, ikke anonyme. Uttrekket og hver nedlasting logges med formålet.',
          'De-identified: pseudonym codes and every KOR id are replaced with random ids for this export. Included: birth year, sex, dates, level of care, end type, scores and numeric answers. Never: codes, goals, notes, free text, staff. Dates are exact, so the data are pseudonymised under GDPR, not anonymous. The export and every download are logged with the purpose.',
        )}
      </p>
      {units.state === 'error' && (
        <p class="alert alert-error" role="alert">
          {units.status === 404
            ? t(
                'Forskningsuttrekk er for systemadministratorer.',
                'Research exports are for system administrators.',
              )
            : units.message}
        </p>
      )}
      {units.state === 'ready' && (
        <form class="research-form" onSubmit={make}>
          <fieldset>
            <legend>{t('Enheter', 'Units')}</legend>
            {units.data.units.map((u) => (
              <label key={u.id} class="check">
                <input type="checkbox" checked={chosen.has(u.id)} onChange={() => toggle(u.id)} />{' '}
                {u.name}
                {u.parentName ? <span class="muted"> · {u.parentName}</span> : null}
                {u.isDemo ? <span class="badge">{t('demo', 'demo')}</span> : null}
              </label>
            ))}
          </fieldset>
          <div class="period">
            <label>
              {t('Fra', 'From')}
              <input
                type="date"
                value={from}
                required
                onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <label>
              {t('Til', 'To')}
              <input
                type="date"
                value={to}
                required
                onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
          </div>
          <label class="purpose">
            {t(
              'Formål (f.eks. prosjekt og REK-godkjenning)',
              'Purpose (e.g. project and ethics approval)',
            )}
            <textarea
              value={purpose}
              required
              minLength={10}
              maxLength={1000}
              rows={3}
              onInput={(e) => setPurpose((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </label>
          <button
            class="button-primary"
            type="submit"
            disabled={busy || chosen.size === 0 || purpose.trim().length < 10}
          >
            {t('Lag uttrekket', 'Make the export')}
          </button>
        </form>
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {made && (
        <div class="alert alert-ok" role="status">
          <p>
            <strong>{t('Uttrekket er laget.', 'The export is ready.')}</strong>{' '}
            {TABLES.map((name) => `${name}: ${made.counts?.[name] ?? 0}`).join(' · ')}
          </p>
          <Downloads id={made.id} />
        </div>
      )}
      {previous.state === 'ready' && previous.data.exports.length > 0 && (
        <>
          <h3>{t('Tidligere uttrekk', 'Earlier exports')}</h3>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('Laget', 'Made')}</th>
                  <th scope="col">{t('Av', 'By')}</th>
                  <th scope="col">{t('Formål', 'Purpose')}</th>
                  <th scope="col">{t('Enheter', 'Units')}</th>
                  <th scope="col">{t('Periode', 'Period')}</th>
                  <th scope="col">{t('Last ned', 'Download')}</th>
                </tr>
              </thead>
              <tbody>
                {previous.data.exports.map((x) => (
                  <tr key={x.id}>
                    <td>{formatDateTime(x.createdAt, lang)}</td>
                    <td>{x.createdBy}</td>
                    <td>{x.purpose}</td>
                    <td>{x.unitIds.map(unitName).join(', ')}</td>
                    <td>
                      {x.from} – {x.to}
                    </td>
                    <td>
                      <a href={`${BASE}/${x.id}`} download={`kor-forskning-${x.id}.json`}>
                        JSON
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export type AdminPage = 'research' | 'instruments' | 'plans' | 'organisation' | 'staff';

/** The clinical units the user leads (or is unit admin of): what a unit lead manages here. */
function ledUnits(user: StaffUser): ManagedUnit[] {
  return user.units.filter(
    (u) =>
      !u.isPractice &&
      user.memberships.some(
        (m) => m.unitId === u.id && (m.role === 'unit_lead' || m.role === 'admin'),
      ),
  );
}

function Admin({ page }: { page: AdminPage }) {
  const { t } = useLang();
  const { user } = useStaff();
  const admin = user.globalRole === 'admin';
  const led = ledUnits(user);
  if (!admin && led.length === 0)
    return (
      <section class="page admin">
        <h1>{t('Administrasjon', 'Administration')}</h1>
        <p>
          {t(
            'Denne siden er for systemadministratorer og enhetsledere.',
            'This page is for system administrators and unit leads.',
          )}
        </p>
      </section>
    );
  const tab = (href: string, which: AdminPage, nb: string, en: string) => (
    <a href={href} aria-current={page === which ? 'page' : undefined}>
      {t(nb, en)}
    </a>
  );
  return (
    <section class="page admin">
      <h1>{t('Administrasjon', 'Administration')}</h1>
      <nav class="admin-nav" aria-label={t('Administrasjon', 'Administration')}>
        {admin && tab('/admin', 'research', 'Forskningsuttrekk', 'Research export')}
        {admin &&
          tab('/admin/instrumenter', 'instruments', 'Instrumentversjoner', 'Instrument versions')}
        {admin && tab('/admin/enheter', 'organisation', 'Enheter og brukere', 'Units and users')}
        {tab('/admin/maleplaner', 'plans', 'Måleplaner', 'Measurement plans')}
        {led.length > 0 && tab('/admin/ansatte', 'staff', 'Ansatte i enheten', 'Unit staff')}
      </nav>
      {page === 'staff' && led.length > 0 ? (
        <UnitStaff units={led} />
      ) : page === 'plans' ? (
        admin ? (
          <PlanTemplatesForAdmin />
        ) : (
          <PlanTemplates units={led} />
        )
      ) : !admin ? (
        <p>
          {t(
            'Denne siden er for systemadministratorer.',
            'This page is for system administrators.',
          )}{' '}
          <a href="/admin/maleplaner">
            {t(
              'Gå til måleplanene for enhetene dine.',
              'Go to the measurement plans of your units.',
            )}
          </a>
        </p>
      ) : page === 'research' ? (
        <ResearchExport />
      ) : page === 'organisation' ? (
        <UnitsAndUsers />
      ) : (
        <InstrumentVersions />
      )}
    </section>
  );
}

export default function AdminArea({ page = 'research' }: { page?: AdminPage }) {
  return (
    <RequireStaff>
      <Admin page={page} />
    </RequireStaff>
  );
}
