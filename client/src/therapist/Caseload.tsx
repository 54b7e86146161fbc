/**
 * The caseload: active courses ordered by drop-out risk, each with its light, the reasons in
 * words, the last measurement and what is due. A safety answer is shown above everything.
 */
import { useState } from 'preact/hooks';
import { useLang } from '../shared/i18n';
import { LoadStatus } from '../shared/LoadStatus';
import { riskLightName } from '../shared/risk-light';
import { useStaff } from '../shared/session';
import { useJson } from '../shared/useJson';
import { CareOptions } from './CareOptions';
import { careName, instrumentName, shortDate } from './labels';
import { PracticeBanner, practiceName } from './PracticeBanner';
import type { CaseloadCourse } from './types';

export function Caseload() {
  const { t, lang } = useLang();
  const { user } = useStaff();
  const leads = user.memberships.filter((m) => m.role === 'unit_lead').map((m) => m.unitId);
  const [scope, setScope] = useState<'mine' | 'unit'>('mine');
  const [unitId, setUnitId] = useState('');
  const [care, setCare] = useState('');
  const params = new URLSearchParams({ scope });
  if (scope === 'unit') params.set('unitId', unitId || leads[0] || '');
  else if (unitId) params.set('unitId', unitId);
  if (care) params.set('levelOfCare', care);
  const list = useJson<{ courses: CaseloadCourse[] }>(`/api/v1/courses?${params}`);
  // Unit names come with the courses; remember them so the filter keeps its choices.
  const [units, setUnits] = useState<Record<string, string>>({});
  if (list.state === 'ready') {
    const seen = Object.fromEntries(list.data.courses.map((c) => [c.unitId, c.unitName]));
    if (Object.keys(seen).some((id) => !units[id])) setUnits({ ...units, ...seen });
  }

  // Practice units never come with the caseload unless chosen: offer them from the memberships.
  const practiceUnits = user.units.filter((u) => u.isPractice);
  const isPractice = (id: string) => practiceUnits.some((u) => u.id === id);
  const practiceChosen = isPractice(unitId);

  const courses = list.state === 'ready' ? list.data.courses : [];
  const safety = courses.filter((c) => c.risk.safety);
  return (
    <section class="page caseload">
      <h1>
        {scope === 'mine'
          ? t('Mine pasienter', 'My patients')
          : t('Enhetens pasienter', 'The unit’s patients')}
      </h1>
      <p class="lead">
        {t(
          'Forløpene med høyest risiko for avbrudd står øverst. Lyset bygger på pasientens egne svar og oppmøtet.',
          'The courses most at risk of drop-out come first. The light is built from the patient’s own answers and attendance.',
        )}{' '}
        <a href="/terapeut/om-signalene">{t('Slik virker signalene', 'How the signals work')}</a>
      </p>
      <p>
        <a class="button-secondary" href="/terapeut/nytt">
          {t('Nytt forløp', 'New course')}
        </a>
      </p>
      <form class="inline-form filters" onSubmit={(e) => e.preventDefault()}>
        {leads.length > 0 && (
          <label>
            {t('Vis', 'Show')}
            <select
              value={scope}
              onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value as 'mine')}
            >
              <option value="mine">{t('Mine pasienter', 'My patients')}</option>
              <option value="unit">{t('Hele enheten (leder)', 'Whole unit (lead)')}</option>
            </select>
          </label>
        )}
        <label>
          {t('Enhet', 'Unit')}
          <select
            value={unitId}
            onChange={(e) => setUnitId((e.currentTarget as HTMLSelectElement).value)}
          >
            {scope === 'mine' && <option value="">{t('Alle mine enheter', 'All my units')}</option>}
            {Object.entries(units)
              .filter(([id]) => !isPractice(id) && (scope === 'mine' || leads.includes(id)))
              .map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            {scope === 'mine' &&
              practiceUnits.map((u) => (
                <option key={u.id} value={u.id}>
                  {t('ØVING:', 'PRACTICE:')} {practiceName(u.name)}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('Behandlingsnivå', 'Level of care')}
          <select
            value={care}
            onChange={(e) => setCare((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('Alle', 'All')}</option>
            <CareOptions />
          </select>
        </label>
      </form>

      {practiceChosen && <PracticeBanner />}

      {safety.length > 0 && (
        <div class="alert alert-error safety" role="alert">
          <strong>{t('Følg opp i dag:', 'Follow up today:')}</strong>{' '}
          {safety.map((c) => (
            <a key={c.id} href={`/terapeut/forlop/${c.id}`}>
              {c.patientCode}
            </a>
          ))}{' '}
          {t(
            'har svart at de har tanker om håpløshet eller selvmord.',
            'answered that they have thoughts of hopelessness or suicide.',
          )}
        </div>
      )}

      <LoadStatus loadable={list} />
      {list.state === 'ready' && courses.length === 0 && (
        <p class="muted">{t('Ingen aktive forløp her.', 'No active courses here.')}</p>
      )}
      {courses.length > 0 && (
        <div class="table-wrap">
          <table class="caseload-table">
            <caption class="visually-hidden">
              {t('Aktive forløp etter risiko for avbrudd', 'Active courses by risk of drop-out')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('Lys', 'Light')}</th>
                <th scope="col">{t('Pasient', 'Patient')}</th>
                <th scope="col">{t('Hvorfor', 'Why')}</th>
                <th scope="col">{t('Siste måling', 'Last measurement')}</th>
                <th scope="col">{t('Skal fylles ut', 'Due')}</th>
                <th scope="col">{t('Nivå og enhet', 'Level and unit')}</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.id} data-level={c.risk.level}>
                  <td>
                    <span class={`light light-${c.risk.level}`}>
                      <span class="dot" aria-hidden="true" />
                      {riskLightName(c.risk.level, t)}
                    </span>
                  </td>
                  <th scope="row">
                    <a href={`/terapeut/forlop/${c.id}`}>{c.patientCode}</a>
                  </th>
                  <td>
                    {c.risk.signals.length === 0 ? (
                      <span class="muted">
                        {c.risk.level === 'grey'
                          ? t('Ingen svar ennå', 'No answers yet')
                          : t('Ingen signaler', 'No signals')}
                      </span>
                    ) : (
                      <ul class="reasons">
                        {c.risk.signals.map((s) => (
                          <li key={s.code} class={s.code === 'SAFETY' ? 'reason-safety' : ''}>
                            {s.explanation[lang]}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>{shortDate(c.lastMeasurementAt, lang)}</td>
                  <td>{c.due.length ? c.due.map((d) => instrumentName(d, t)).join(', ') : '–'}</td>
                  <td>
                    {careName(c.levelOfCare, t)}
                    <br />
                    <span class="muted">{c.unitName}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
