/**
 * One action of a panel in the course room: busy while it runs, then its outcome in words next
 * to the button that started it (a refusal field by field, through errorText).
 */
import { useState } from 'preact/hooks';
import { errorText } from '../shared/api';
import { useLang } from '../shared/i18n';

export function useAction() {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  /** Runs `work`; says `done` (if any) when it succeeded. Resolves to whether it did. */
  const run = async (work: () => Promise<unknown>, done: string | null): Promise<boolean> => {
    setBusy(true);
    setOutcome(null);
    try {
      await work();
      setOutcome(done === null ? null : { ok: true, text: done });
      return true;
    } catch (e) {
      setOutcome({ ok: false, text: errorText(e, t('Kunne ikke lagre.', 'Could not save.')) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const status = outcome && (
    <p
      class={outcome.ok ? 'alert alert-ok' : 'alert alert-error'}
      role={outcome.ok ? 'status' : 'alert'}
    >
      {outcome.text}
    </p>
  );
  return { run, busy, status };
}
