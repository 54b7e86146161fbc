/**
 * What the bench prints: the machine, and one table per database with each figure, its budget
 * (DESIGN.md, "Performance budgets") and whether it is met. Figures are reported, never asserted.
 */
import os from 'node:os';

export const BUDGETS = {
  submitP99Ms: 25,
  submitRate: 200,
  caseloadP95Ms: 50,
  trendsP95Ms: 20,
  patientBundleBytes: 35 * 1024,
} as const;

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
  };
}

/** One line of the table: a figure, and its budget when DESIGN.md sets one. */
export interface Row {
  figure: string;
  value: string;
  budget?: string;
  met?: boolean;
}

export function budgetRow(figure: string, value: number, unit: string, limit: number): Row {
  return {
    figure,
    value: `${value.toFixed(2)} ${unit}`,
    budget: `≤ ${limit} ${unit}`,
    met: value <= limit,
  };
}

export function printTable(title: string, rows: readonly Row[]): void {
  const widths = [
    Math.max(6, ...rows.map((r) => r.figure.length)),
    Math.max(5, ...rows.map((r) => r.value.length)),
    Math.max(6, ...rows.map((r) => (r.budget ?? '').length)),
  ] as const;
  console.log(`\n${title}`);
  const line = (a: string, b: string, c: string, d: string) =>
    console.log(`  ${a.padEnd(widths[0])}  ${b.padStart(widths[1])}  ${c.padEnd(widths[2])}  ${d}`);
  line('figure', 'value', 'budget', '');
  for (const r of rows) {
    const met = r.met === undefined ? '' : r.met ? 'met' : 'NOT MET';
    line(r.figure, r.value, r.budget ?? '', met);
  }
}

export const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
