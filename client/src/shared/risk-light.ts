/** The drop-out-risk light in words, for every area that shows one: the word carries the meaning. */
import type { RiskLevel } from '../../../instruments';

export function riskLightName(level: RiskLevel, t: (nb: string, en: string) => string): string {
  return {
    red: t('Rød', 'Red'),
    yellow: t('Gul', 'Yellow'),
    green: t('Grønn', 'Green'),
    grey: t('Grå – for lite data', 'Grey – too little data'),
  }[level];
}
