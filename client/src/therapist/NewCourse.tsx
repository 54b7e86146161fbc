/**
 * A new treatment course: the patient's pseudonym code (never a name or a national identity
 * number), birth year and sex, the start, the level of care and the unit's measurement plan.
 * An existing code at the unit gets a new course for the same patient.
 */

import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, errorText, postJson, sendJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useStaff } from '../shared/session';
import { useJson } from '../shared/useJson';
import { CareOptions } from './CareOptions';
import { today } from './labels';

interface Template {
  id: string;
  name: string;
}

export function NewCourse() {
  const { t } = useLang();
  const { route } = useLocation();
  const { user } = useStaff();
  const units = user.units.filter((u) =>
    user.memberships.some(
      (m) => m.unitId === u.id && (m.role === 'therapist' || m.role === 'unit_lead'),
    ),
  );
  const [unitId, setUnitId] = useState(units[0]?.id ?? '');
  const templates = useJson<{ templates: Template[] }>(`/api/v1/units/${unitId}/plan-templates`);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const code = String(f.get('code') ?? '').trim();
    const birthYear = String(f.get('birthYear') ?? '');
    const sex = String(f.get('sex') ?? '');
    const templateId = String(f.get('templateId') ?? '');
    setBusy(true);
    setError(null);
    try {
      let patientId: string;
      try {
        const patient = await postJson<{ id: string }>(`/api/v1/units/${unitId}/patients`, {
          code,
          ...(birthYear ? { birthYear: Number(birthYear) } : {}),
          ...(sex ? { sex } : {}),
        });
        patientId = patient.id;
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'code_taken')) throw e;
        patientId = (
          await postJson<{ id: string }>(`/api/v1/units/${unitId}/patients/search`, { code })
        ).id;
      }
      const course = await postJson<{ id: string }>('/api/v1/courses', {
        patientId,
        startDate: String(f.get('startDate')),
        levelOfCare: String(f.get('levelOfCare')),
      });
      if (templateId) await sendJson('PUT', `/api/v1/courses/${course.id}/plan`, { templateId });
      route(`/terapeut/forlop/${course.id}`);
    } catch (e) {
      setError(errorText(e, t('Kunne ikke lagre. Prøv igjen.', 'Could not save. Try again.')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page new-course">
      <p class="breadcrumb">
        <a href="/terapeut">{t('Mine pasienter', 'My patients')}</a> ›
      </p>
      <h1>{t('Nytt forløp', 'New course')}</h1>
      <p class="lead">
        {t(
          'Bruk pasientens pseudonymkode fra journalen – aldri navn eller fødselsnummer.',
          'Use the patient’s pseudonym code from the record – never a name or national identity number.',
        )}
      </p>
      <form class="stack-form" onSubmit={submit}>
        <label>
          {t('Enhet', 'Unit')}
          <select
            name="unitId"
            value={unitId}
            onChange={(e) => setUnitId((e.currentTarget as HTMLSelectElement).value)}
          >
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Pseudonymkode', 'Pseudonym code')}
          <input name="code" required maxLength={32} autocomplete="off" />
        </label>
        <label>
          {t('Fødselsår (valgfritt)', 'Birth year (optional)')}
          <input name="birthYear" type="number" min={1900} max={2100} />
        </label>
        <label>
          {t(
            'Kjønn (valgfritt; noen grenseverdier bruker det)',
            'Sex (optional; some cut-offs use it)',
          )}
          <select name="sex">
            <option value="">{t('Ikke oppgitt', 'Not given')}</option>
            <option value="female">{t('Kvinne', 'Female')}</option>
            <option value="male">{t('Mann', 'Male')}</option>
            <option value="other">{t('Annet', 'Other')}</option>
          </select>
        </label>
        <label>
          {t('Startdato', 'Start date')}
          <input name="startDate" type="date" required defaultValue={today()} />
        </label>
        <label>
          {t('Behandlingsnivå', 'Level of care')}
          <select name="levelOfCare">
            <CareOptions />
          </select>
        </label>
        <label>
          {t('Måleplan', 'Measurement plan')}
          <select name="templateId">
            {templates.state === 'ready' &&
              templates.data.templates.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            <option value="">{t('Ingen plan nå', 'No plan now')}</option>
          </select>
        </label>
        {error && (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <button class="button-primary" type="submit" disabled={busy || !unitId}>
          {t('Opprett forløpet', 'Create the course')}
        </button>
      </form>
    </section>
  );
}
