/** A case's light in words and colour: the word carries the meaning, the dot repeats it. */
import { useLang } from '../shared/i18n';
import { riskLightName } from '../shared/risk-light';
import type { LightLevel } from './types';

export function CaseLight({ level }: { level: LightLevel }) {
  const { t } = useLang();
  return (
    <span class={`case-light case-light-${level}`}>
      <span class="dot" aria-hidden="true" />
      {riskLightName(level, t)}
    </span>
  );
}
