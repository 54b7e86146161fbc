/**
 * `npm audit --audit-level=high` for CI: fails on a reported high or critical vulnerability, but
 * only warns when the advisory endpoint itself cannot be reached (offline, or a registry mirror
 * that answers the bulk-advisory POST with 405) — then nothing was checked, which is said loudly.
 *
 *   tsx scripts/npm-audit.ts            runs npm audit --json
 *   tsx scripts/npm-audit.ts report.json judges a saved report (to test this script by hand)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export type AuditVerdict =
  | { kind: 'clean'; message: string }
  | { kind: 'vulnerable'; message: string }
  | { kind: 'unreachable'; message: string };

const SEVERE = new Set(['high', 'critical']);

interface AuditReport {
  vulnerabilities?: Record<string, { severity?: string; via?: unknown[]; fixAvailable?: unknown }>;
  metadata?: { vulnerabilities?: Record<string, number> };
  error?: { code?: string; summary?: string; detail?: string };
  message?: string;
  statusCode?: number;
}

/** What npm audit's JSON output says. Anything that is neither a report nor an error fails. */
export function judgeAudit(json: string): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(json) as AuditReport;
  } catch {
    return { kind: 'vulnerable', message: `npm audit gave no JSON report:\n${json.slice(0, 500)}` };
  }
  const counts = report.metadata?.vulnerabilities;
  if (counts) {
    const severe = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) =>
      SEVERE.has(v.severity ?? ''),
    );
    const total = (counts.high ?? 0) + (counts.critical ?? 0);
    if (total === 0 && severe.length === 0)
      return {
        kind: 'clean',
        message: `npm audit: no high or critical vulnerabilities (${counts.total ?? 0} lower).`,
      };
    const lines = severe.map(([name, v]) => {
      const titles = (v.via ?? [])
        .map((via) => (typeof via === 'object' && via && 'title' in via ? String(via.title) : ''))
        .filter(Boolean);
      const fix = v.fixAvailable ? 'fix available (npm audit fix)' : 'no fix yet';
      return `  ${name}: ${v.severity}${titles.length ? ` — ${titles.join('; ')}` : ''} (${fix})`;
    });
    return {
      kind: 'vulnerable',
      message: `npm audit: ${counts.critical ?? 0} critical and ${counts.high ?? 0} high vulnerabilities:\n${lines.join('\n')}`,
    };
  }
  if (report.error || report.statusCode !== undefined) {
    const why =
      report.message ?? [report.error?.code, report.error?.summary].filter(Boolean).join(' ');
    return {
      kind: 'unreachable',
      message:
        `WARNING: npm audit could not get advisories from the registry (${why || 'unknown error'}). ` +
        'NOTHING WAS CHECKED: run `npm audit --audit-level=high` where the registry answers.',
    };
  }
  return {
    kind: 'vulnerable',
    message: `npm audit gave an unexpected report:\n${json.slice(0, 500)}`,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const saved = process.argv[2];
  const json = saved
    ? readFileSync(saved, 'utf8')
    : spawnSync('npm', ['audit', '--json', '--audit-level=high'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      }).stdout;
  const verdict = judgeAudit(json);
  if (verdict.kind === 'vulnerable') {
    console.error(verdict.message);
    process.exitCode = 1;
  } else {
    console.log(verdict.message);
  }
}
