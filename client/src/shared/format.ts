/** Display rounding only: the API returns unrounded numbers. */
export function formatScore(value: number | null | undefined, lang: 'nb' | 'en'): string {
  if (value === null || value === undefined) return '–';
  const rounded = Math.round(value * 100) / 100;
  return rounded.toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: 2 });
}
