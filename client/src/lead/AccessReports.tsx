/**
 * The unit lead's access control: the week's accesses outside a user's own caseload, with a
 * stated reason, or refused; and a patient's access history — who looked at their data, when and
 * why — to print or download for the patient, who has the right to it.
 */
import { useState } from 'preact/hooks';
import { ApiError, errorText, getJson, postJson } from '../shared/api';
import { formatDateTime } from '../shared/format';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';

type Text = { nb: string; en: string };

interface AccessEvent {
  seq: number;
  at: string;
  userId: string | null;
  userName: string | null;
  roleText: Text | null;
  what: Text;
  patientCode: string | null;
  outcome: 'allowed' | 'denied';
  reason: string | null;
  outsideCaseload: boolean;
}

interface WeekReport {
  week: string;
  firstDay: string;
  lastDay: string;
  counts: { events: number; outsideCaseload: number; withReason: number; denied: number };
  events: AccessEvent[];
  truncated: boolean;
}

interface PatientHistory {
  patient: { id: string; code: string };
  generatedAt: string;
  events: AccessEvent[];
  truncated: boolean;
}

/** The ISO week `weeks` away from `week` ("2026-W49"), as the server names it. */
function shiftWeek(week: string, weeks: number): string {
  const [year, w] = week.split('-W').map(Number) as [number, number];
  const jan4 = Date.UTC(year, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  const target = new Date(monday + ((w - 1 + weeks) * 7 + 3) * 86_400_000); // its Thursday
  const y = target.getUTCFullYear();
  const n = Math.floor((target.getTime() - Date.UTC(y, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${y}-W${String(n).padStart(2, '0')}`;
}

function EventTable({
  events,
  showPatient,
  caption,
}: {
  events: AccessEvent[];
  showPatient: boolean;
  caption: string;
}) {
  const { t, lang } = useLang();
  return (
    <div class="table-wrap">
      <table class="access-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Tid', 'Time')}</th>
            <th scope="col">{t('Hvem', 'Who')}</th>
            <th scope="col">{t('Rolle', 'Role')}</th>
            {showPatient && <th scope="col">{t('Pasient', 'Patient')}</th>}
            <th scope="col">{t('Hva', 'What')}</th>
            <th scope="col">{t('Utfall', 'Outcome')}</th>
            <th scope="col">{t('Oppgitt grunn', 'Stated reason')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq} class={e.outcome === 'denied' ? 'denied' : undefined}>
              <td>{formatDateTime(e.at, lang)}</td>
              <th scope="row">{e.userName ?? t('Pasienten selv', 'The patient')}</th>
              <td>
                {e.roleText?.[lang] ?? ''}
                {e.outsideCaseload && (
                  <span class="badge">{t('utenfor egen liste', 'outside own caseload')}</span>
                )}
              </td>
              {showPatient && <td>{e.patientCode}</td>}
              <td>{e.what[lang]}</td>
              <td>{e.outcome === 'denied' ? t('Avvist', 'Refused') : t('Tillatt', 'Allowed')}</td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WeekReview({ unitId }: { unitId: string }) {
  const { t } = useLang();
  const [week, setWeek] = useState<string | null>(null);
  const url = `/api/v1/units/${unitId}/access-report${week ? `?week=${week}` : ''}`;
  const report = useJson<WeekReport>(url);
  const shown = report.state === 'ready' ? report.data.week : week;
  return (
    <section aria-labelledby="a-week">
      <h2 id="a-week">{t('Ukens tilgangskontroll', 'This week’s access review')}</h2>
      <p class="muted small">
        {t(
          'Tilganger i enheten utenfor egen pasientliste, alle med oppgitt grunn, og alle avviste forsøk. «Egen liste» er forløpene brukeren er behandler på nå.',
          'Accesses in the unit outside the user’s own caseload, every access with a stated reason, and every refused attempt. “Own caseload” is the courses the user is a therapist on now.',
        )}
      </p>
      <div class="week-choice no-print">
        <button
          type="button"
          class="button-secondary"
          disabled={!shown}
          onClick={() => shown && setWeek(shiftWeek(shown, -1))}
        >
          {t('Forrige uke', 'Previous week')}
        </button>
        <label>
          {t('Uke', 'Week')}
          <input
            type="week"
            value={shown ?? ''}
            onChange={(e) => {
              const value = (e.currentTarget as HTMLInputElement).value;
              if (value) setWeek(value);
            }}
          />
        </label>
        <button
          type="button"
          class="button-secondary"
          disabled={!shown}
          onClick={() => shown && setWeek(shiftWeek(shown, 1))}
        >
          {t('Neste uke', 'Next week')}
        </button>
      </div>
      {report.state === 'error' && (
        <p class="alert alert-error" role="alert">
          {report.message}
        </p>
      )}
      {report.state === 'ready' && (
        <>
          <p>
            {t(
              `Uke ${report.data.week.slice(6)} (${report.data.firstDay} – ${report.data.lastDay}): ${report.data.counts.events} hendelser — ${report.data.counts.outsideCaseload} utenfor egen liste, ${report.data.counts.withReason} med oppgitt grunn, ${report.data.counts.denied} avvist.`,
              `Week ${report.data.week.slice(6)} (${report.data.firstDay} – ${report.data.lastDay}): ${report.data.counts.events} events — ${report.data.counts.outsideCaseload} outside own caseload, ${report.data.counts.withReason} with a stated reason, ${report.data.counts.denied} refused.`,
            )}
          </p>
          {report.data.events.length > 0 && (
            <>
              <EventTable
                events={report.data.events}
                showPatient
                caption={t('Tilganger å følge opp', 'Accesses to follow up')}
              />
              <a
                class="button-secondary csv"
                href={`/api/v1/units/${unitId}/access-report?week=${report.data.week}&format=csv`}
                download
              >
                {t('Last ned CSV', 'Download CSV')}
              </a>
            </>
          )}
        </>
      )}
    </section>
  );
}

function PatientLog({ unitId }: { unitId: string }) {
  const { t, lang } = useLang();
  const [code, setCode] = useState('');
  const [history, setHistory] = useState<PatientHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function find(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setHistory(null);
    try {
      const patient = await postJson<{ id: string }>(`/api/v1/units/${unitId}/patients/search`, {
        code,
      });
      setHistory(await getJson<PatientHistory>(`/api/v1/patients/${patient.id}/access-log`));
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 404
          ? t('Ingen pasient med den koden i enheten.', 'No patient with that code in the unit.')
          : errorText(failure, t('Noe gikk galt.', 'Something went wrong.')),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="a-patient" class="patient-log">
      <h2 id="a-patient">{t('Tilgangslogg for en pasient', 'A patient’s access history')}</h2>
      <p class="muted small no-print">
        {t(
          'Pasienten har rett til å vite hvem som har sett opplysningene, når og hvorfor (pasientjournalloven § 18). Skriv ut eller last ned og gi pasienten loggen.',
          'The patient has the right to know who has seen their data, when and why (the Norwegian Patient Records Act § 18). Print or download the log and give it to the patient.',
        )}
      </p>
      <form class="code-search no-print" onSubmit={find}>
        <label>
          {t('Pseudonymkode', 'Pseudonym code')}
          <input
            value={code}
            required
            maxLength={32}
            onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button class="button-primary" type="submit" disabled={busy || code.trim() === ''}>
          {t('Vis loggen', 'Show the log')}
        </button>
      </form>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {history && (
        <>
          <h3>
            {t('Pasient', 'Patient')} {history.patient.code}
          </h3>
          <p class="muted small">
            {t(
              `${history.events.length} hendelser, hentet ${formatDateTime(history.generatedAt, lang)}.`,
              `${history.events.length} events, retrieved ${formatDateTime(history.generatedAt, lang)}.`,
            )}
          </p>
          <EventTable
            events={history.events}
            showPatient={false}
            caption={t('Tilgangslogg', 'Access history')}
          />
          <div class="no-print log-actions">
            <button type="button" class="button-secondary" onClick={() => window.print()}>
              {t('Skriv ut', 'Print')}
            </button>
            <a
              class="button-secondary csv"
              href={`/api/v1/patients/${history.patient.id}/access-log?format=csv`}
              download
            >
              {t('Last ned CSV', 'Download CSV')}
            </a>
          </div>
        </>
      )}
    </section>
  );
}

export function AccessReports({ unitId }: { unitId: string }) {
  const { t } = useLang();
  return (
    <>
      <h1>{t('Tilgangskontroll', 'Access control')}</h1>
      <WeekReview unitId={unitId} />
      <PatientLog unitId={unitId} />
    </>
  );
}
