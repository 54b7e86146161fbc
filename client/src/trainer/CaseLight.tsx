/** A case's light in words and colour: the word carries the meaning, the dot repeats it. */
import { useLang } from '../shared/i18n';
import type { LightLevel } from './types';

export function lightName(level: LightLevel, t: (nb: string, en: string) => string): string {
  return {
    red: t('Rød', 'Red'),
    yellow: t('Gul', 'Yellow'),
    green: t('Grønn', 'Green'),
    grey: t('Grå – for lite data', 'Grey – too little data'),
  }[level];
}

export function CaseLight({ level }: { level: LightLevel }) {
  const { t } = useLang();
  return (
    <span class={`case-light case-light-${level}`}>
      <span class="dot" aria-hidden="true" />
      {lightName(level, t)}
    </span>
  );
}
