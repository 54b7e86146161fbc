/**
 * CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a header row, and a field quoted
 * (quotes doubled) when it holds a comma, a quote or a line break. Numbers use a dot; null is an
 * empty field. Sent as a UTF-8 attachment.
 */
import type { Context } from 'hono';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One field. A text that a spreadsheet would run as a formula (=, +, -, @, tab or CR first) gets a
 * leading apostrophe (OWASP "CSV injection"); numbers are written as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** A CSV download; `filename` is reduced to letters, digits, dot, dash and underscore. */
export function csvAttachment(c: Context, filename: string, csv: string): Response {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${safe}"`);
  return c.body(csv);
}
