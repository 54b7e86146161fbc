/**
 * The unit lead's reports: drop-out per quarter (with the definition chosen), implementation
 * fidelity per therapist and month, outcomes, and how well the drop-out light has predicted the
 * end (calibration). Each table can be downloaded as CSV. No patient is named in the reports; the
 * access control page (AccessReports) names codes, as the lead's follow-up of accesses needs.
 */
import { useState } from 'preact/hooks';
import { formatScore } from '../shared/format';
import { useLang } from '../shared/i18n';
import { RequireStaff, useStaff } from '../shared/session';
import { useJson } from '../shared/useJson';
import { AccessReports } from './AccessReports';
import './lead.css';

type Share = number | null;

interface DropoutReport {
  quarters: {
    quarter: string;
    ended: number;
    droppedOut: number;
    transferred: number;
    completed: number;
    other: number;
    indicator: Share;
  }[];
  total: { ended: number; droppedOut: number; indicator: Share };
}
interface FidelityMonth {
  month: string;
  sessions: number;
  outcomeShare: Share;
  allianceShare: Share;
  coursesStarted: number;
  intakeShare: Share;
  coursesEnded: number;
  dischargeShare: Share;
  evaluationsDue: number;
  evaluationShare: Share;
}
interface FidelityReport {
  unit: FidelityMonth[];
  therapists: {
    therapistId: string | null;
    therapistName: string | null;
    months: FidelityMonth[];
  }[];
}
interface OutcomeGroup {
  n: number;
  improvedShare: Share;
  deterioratedShare: Share;
  unchangedShare: Share;
  clinicallySignificantShare: Share;
}
interface OutcomeReport {
  total: OutcomeGroup;
  byEndType: (OutcomeGroup & { endType: string })[];
}
interface CalibrationReport {
  courses: number;
  droppedOut: number;
  completed: number;
  rows: {
    weeksBefore: number;
    n: number;
    grey: number;
    sensitivity: Share;
    specificity: Share;
    sensitivityYellow: Share;
    specificityYellow: Share;
    auc: Share;
  }[];
}

function pct(v: Share, lang: 'nb' | 'en') {
  return v === null ? '–' : `${formatScore(v * 100, lang).replace(/(\.|,)\d+$/, '')} %`;
}

function Csv({ href }: { href: string }) {
  const { t } = useLang();
  return (
    <a
      class="button-secondary csv"
      href={`${href}${href.includes('?') ? '&' : '?'}format=csv`}
      download
    >
      {t('Last ned CSV', 'Download CSV')}
    </a>
  );
}

function useLeadUnits() {
  const { user } = useStaff();
  return user.units.filter((u) =>
    user.memberships.some((m) => m.unitId === u.id && m.role === 'unit_lead'),
  );
}

function Reports({ unitId }: { unitId: string }) {
  const { t, lang } = useLang();
  const [transferred, setTransferred] = useState(false);
  const base = `/api/v1/units/${unitId}`;
  const dropoutUrl = `${base}/reports/dropout?transferredCounts=${transferred}`;
  const dropout = useJson<DropoutReport>(dropoutUrl);
  const fidelity = useJson<FidelityReport>(`${base}/reports/fidelity`);
  const outcomes = useJson<OutcomeReport>(`${base}/reports/outcomes`);
  const calibration = useJson<CalibrationReport>(`${base}/calibration`);
  const endName = (e: string) =>
    ({
      completed: t('Fullført', 'Completed'),
      dropped_out: t('Avbrutt', 'Dropped out'),
      transferred: t('Overført', 'Transferred'),
      other: t('Annet', 'Other'),
      active: t('Pågår', 'Active'),
    })[e] ?? e;
  return (
    <>
      <h1>{t('Enhetsrapporter', 'Unit reports')}</h1>
      <p class="lead">
        {t(
          'Siste 12 måneder. Bare tall for enheten – ingen pasienter er nevnt.',
          'The last 12 months. Figures for the unit only – no patient is named.',
        )}
      </p>

      <section aria-labelledby="r-dropout">
        <h2 id="r-dropout">{t('Avbrudd per kvartal', 'Drop-out per quarter')}</h2>
        <label class="check">
          <input
            type="checkbox"
            checked={transferred}
            onChange={(e) => setTransferred((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('Regn overføringer som avbrudd', 'Count transfers as drop-out')}
        </label>
        {dropout.state === 'ready' && (
          <>
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">
                  {t('Avbrudd per kvartal', 'Drop-out per quarter')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('Kvartal', 'Quarter')}</th>
                    <th scope="col">{t('Avsluttet', 'Ended')}</th>
                    <th scope="col">{t('Avbrutt', 'Dropped out')}</th>
                    <th scope="col">{t('Overført', 'Transferred')}</th>
                    <th scope="col">{t('Fullført', 'Completed')}</th>
                    <th scope="col">{t('Avbruddsandel', 'Drop-out rate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {dropout.data.quarters.map((q) => (
                    <tr key={q.quarter}>
                      <th scope="row">{q.quarter}</th>
                      <td>{q.ended}</td>
                      <td>{q.droppedOut}</td>
                      <td>{q.transferred}</td>
                      <td>{q.completed}</td>
                      <td>{pct(q.indicator, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Csv href={dropoutUrl} />
          </>
        )}
      </section>

      <section aria-labelledby="r-fidelity">
        <h2 id="r-fidelity">
          {t('Systematisk bruk per behandler og måned', 'Fidelity per therapist and month')}
        </h2>
        {fidelity.state === 'ready' && (
          <>
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">{t('Systematisk bruk', 'Fidelity')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('Behandler', 'Therapist')}</th>
                    <th scope="col">{t('Måned', 'Month')}</th>
                    <th scope="col">{t('Samtaler', 'Sessions')}</th>
                    <th scope="col">{t('med «livet»', 'with outcome')}</th>
                    <th scope="col">{t('med «timen»', 'with alliance')}</th>
                    <th scope="col">{t('Startmåling', 'Intake measured')}</th>
                    <th scope="col">{t('Sluttmåling', 'Discharge measured')}</th>
                    <th scope="col">{t('Evaluering i tide', 'Evaluation on time')}</th>
                  </tr>
                </thead>
                <tbody>
                  {fidelity.data.therapists.flatMap((th) =>
                    th.months.map((m) => (
                      <tr key={`${th.therapistId}-${m.month}`}>
                        <th scope="row">
                          {th.therapistName ?? t('(uten behandler)', '(no therapist)')}
                        </th>
                        <td>{m.month}</td>
                        <td>{m.sessions}</td>
                        <td>{pct(m.outcomeShare, lang)}</td>
                        <td>{pct(m.allianceShare, lang)}</td>
                        <td>{pct(m.intakeShare, lang)}</td>
                        <td>{pct(m.dischargeShare, lang)}</td>
                        <td>{pct(m.evaluationShare, lang)}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
            <Csv href={`${base}/reports/fidelity`} />
          </>
        )}
      </section>

      <section aria-labelledby="r-outcomes">
        <h2 id="r-outcomes">{t('Resultater', 'Outcomes')}</h2>
        <p class="muted small">
          {t(
            'Endring fra første til siste «hvordan livet går»: pålitelig bedring/forverring er 5 poeng eller mer (grensen er ikke endelig bekreftet); klinisk betydningsfull endring krysser 25.',
            'Change from the first to the last “how life is going”: reliable improvement/deterioration is 5 points or more (the value is not yet verified); clinically significant change crosses 25.',
          )}
        </p>
        {outcomes.state === 'ready' && (
          <>
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">{t('Resultater', 'Outcomes')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('Forløp', 'Courses')}</th>
                    <th scope="col">n</th>
                    <th scope="col">{t('Bedre', 'Improved')}</th>
                    <th scope="col">{t('Uendret', 'Unchanged')}</th>
                    <th scope="col">{t('Verre', 'Deteriorated')}</th>
                    <th scope="col">{t('Klinisk betydningsfull', 'Clinically significant')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[{ ...outcomes.data.total, endType: 'all' }, ...outcomes.data.byEndType].map(
                    (g) => (
                      <tr key={g.endType}>
                        <th scope="row">
                          {g.endType === 'all' ? t('Alle', 'All') : endName(g.endType)}
                        </th>
                        <td>{g.n}</td>
                        <td>{pct(g.improvedShare, lang)}</td>
                        <td>{pct(g.unchangedShare, lang)}</td>
                        <td>{pct(g.deterioratedShare, lang)}</td>
                        <td>{pct(g.clinicallySignificantShare, lang)}</td>
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
            </div>
            <Csv href={`${base}/reports/outcomes`} />
          </>
        )}
      </section>

      <section aria-labelledby="r-calibration">
        <h2 id="r-calibration">
          {t('Hvor godt varslet lyset avbrudd?', 'How well did the light warn of drop-out?')}
        </h2>
        {calibration.state === 'ready' && (
          <>
            <p class="muted small">
              {t(
                `Avsluttede forløp: ${calibration.data.courses} (${calibration.data.droppedOut} avbrutt, ${calibration.data.completed} fullført). Lyset regnes ut på nytt slik det var 1–8 uker før slutt. Sensitivitet: andelen avbrutte som var røde; spesifisitet: andelen fullførte som ikke var røde.`,
                `Ended courses: ${calibration.data.courses} (${calibration.data.droppedOut} dropped out, ${calibration.data.completed} completed). The light is recomputed as it was 1–8 weeks before the end. Sensitivity: the share of drop-outs that were red; specificity: the share of completed courses that were not red.`,
              )}
            </p>
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">{t('Kalibrering', 'Calibration')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('Uker før slutt', 'Weeks before the end')}</th>
                    <th scope="col">n</th>
                    <th scope="col">{t('Sensitivitet (rød)', 'Sensitivity (red)')}</th>
                    <th scope="col">{t('Spesifisitet (rød)', 'Specificity (red)')}</th>
                    <th scope="col">{t('Sensitivitet (gul/rød)', 'Sensitivity (yellow/red)')}</th>
                    <th scope="col">{t('Spesifisitet (gul/rød)', 'Specificity (yellow/red)')}</th>
                    <th scope="col">AUC</th>
                  </tr>
                </thead>
                <tbody>
                  {calibration.data.rows.map((r) => (
                    <tr key={r.weeksBefore}>
                      <th scope="row">{r.weeksBefore}</th>
                      <td>{r.n}</td>
                      <td>{pct(r.sensitivity, lang)}</td>
                      <td>{pct(r.specificity, lang)}</td>
                      <td>{pct(r.sensitivityYellow, lang)}</td>
                      <td>{pct(r.specificityYellow, lang)}</td>
                      <td>{r.auc === null ? '–' : formatScore(r.auc, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}

function Lead({ page }: { page?: 'access' }) {
  const { t } = useLang();
  const leadUnits = useLeadUnits();
  const [unitId, setUnitId] = useState(leadUnits[0]?.id ?? '');
  if (!leadUnits.length)
    return (
      <section class="page">
        <h1>{t('Enhetsrapporter', 'Unit reports')}</h1>
        <p>{t('Rapportene er for enhetsledere.', 'The reports are for unit leads.')}</p>
      </section>
    );
  return (
    <section class={`page reports${page === 'access' ? ' access-page' : ''}`}>
      <nav class="lead-nav no-print" aria-label={t('Enhetsleder', 'Unit lead')}>
        <a href="/enhet" aria-current={page === undefined ? 'page' : undefined}>
          {t('Rapporter', 'Reports')}
        </a>
        <a href="/enhet/tilgang" aria-current={page === 'access' ? 'page' : undefined}>
          {t('Tilgangskontroll', 'Access control')}
        </a>
      </nav>
      <label class="unit-choice no-print">
        {t('Enhet', 'Unit')}
        <select
          value={unitId}
          onChange={(e) => setUnitId((e.currentTarget as HTMLSelectElement).value)}
        >
          {leadUnits.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      {page === 'access' ? (
        <AccessReports key={unitId} unitId={unitId} />
      ) : (
        <Reports unitId={unitId} />
      )}
    </section>
  );
}

export default function ReportsArea({ page }: { page?: 'access' }) {
  return (
    <RequireStaff>
      <Lead page={page} />
    </RequireStaff>
  );
}
