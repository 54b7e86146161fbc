/** Registers a participant without a KOR login: name, e-mail, role, unit and region as given. */
import { postJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useJson } from '../shared/useJson';
import type { TrainingReport } from './types';

export function RegisterForm({
  base,
  onDone,
}: {
  base: string;
  onDone: (work: () => Promise<unknown>, done: string) => Promise<void>;
}) {
  const { t } = useLang();
  const report = useJson<TrainingReport>('/api/v1/training/report');
  const regions = report.state === 'ready' ? report.data.byRegion : [];
  const submit = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const value = (k: string) => String(f.get(k) ?? '').trim();
    const body = {
      name: value('name'),
      ...(value('email') ? { email: value('email') } : {}),
      ...(value('role') ? { role: value('role') } : {}),
      ...(value('unitName') ? { unitName: value('unitName') } : {}),
      ...(value('regionId') ? { regionId: value('regionId') } : {}),
    };
    onDone(
      async () => {
        await postJson(`${base}/participants`, body);
        form.reset();
      },
      t(`${body.name} er påmeldt.`, `${body.name} is registered.`),
    );
  };
  return (
    <form class="inline-form register" onSubmit={submit} aria-labelledby="register-title">
      <h3 id="register-title">
        {t('Meld på en deltaker uten KOR-konto', 'Register a participant without a KOR login')}
      </h3>
      <label>
        {t('Navn', 'Name')}
        <input name="name" required maxLength={200} autocomplete="off" />
      </label>
      <label>
        {t('E-post', 'E-mail')}
        <input name="email" type="email" maxLength={254} autocomplete="off" />
      </label>
      <label>
        {t('Rolle', 'Role')}
        <input name="role" maxLength={100} />
      </label>
      <label>
        {t('Enhet', 'Unit')}
        <input name="unitName" maxLength={200} />
      </label>
      <label>
        {t('Region', 'Region')}
        <select name="regionId">
          <option value="">{t('Ikke oppgitt', 'Not given')}</option>
          {regions.map((r) => (
            <option key={r.regionId} value={r.regionId}>
              {r.regionName}
            </option>
          ))}
        </select>
      </label>
      <button class="button-primary" type="submit">
        {t('Meld på', 'Register')}
      </button>
    </form>
  );
}
