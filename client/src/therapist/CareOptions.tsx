/** The levels of care as <option>s, in one order everywhere. */
import { useLang } from '../shared/i18n';
import { careName } from './labels';

export const LEVELS_OF_CARE = ['outpatient', 'ambulant', 'inpatient', 'digital'] as const;

export function CareOptions({ except }: { except?: string | null }) {
  const { t } = useLang();
  return (
    <>
      {LEVELS_OF_CARE.filter((l) => l !== except).map((l) => (
        <option key={l} value={l}>
          {careName(l, t)}
        </option>
      ))}
    </>
  );
}
