/** Display rounding only: the API returns unrounded numbers. */
export function formatScore(value: number | null | undefined, lang: 'nb' | 'en'): string {
  if (value === null || value === undefined) return '–';
  const rounded = Math.round(value * 100) / 100;
  return rounded.toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: 2 });
}

/** A moment as a short date and time in Norwegian time, whatever the device's time zone. */
export function formatDateTime(iso: string, lang: 'nb' | 'en'): string {
  return new Date(iso).toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
    timeZone: 'Europe/Oslo',
    dateStyle: 'short',
    timeStyle: 'short',
  });
}
