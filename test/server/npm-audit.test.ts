/**
 * The CI audit step fails on a high or critical vulnerability and only warns when the advisory
 * endpoint cannot be reached. Reports as npm 10 writes them with --json.
 */
import { describe, expect, it } from 'vitest';
import { judgeAudit } from '../../scripts/npm-audit';

const report = (vulnerabilities: Record<string, unknown>, counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: {
      vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts },
      dependencies: { prod: 20, dev: 300, optional: 5, peer: 0, peerOptional: 0, total: 324 },
    },
  });

const vulnerable = (name: string, severity: string) => ({
  name,
  severity,
  isDirect: false,
  via: [{ source: 1, name, title: `A ${severity} flaw in ${name}`, severity, range: '<1.2.3' }],
  effects: [],
  range: '<1.2.3',
  nodes: [`node_modules/${name}`],
  fixAvailable: true,
});

describe('the npm audit step', () => {
  it('passes a report without high or critical vulnerabilities', () => {
    expect(judgeAudit(report({}, {}))).toMatchObject({ kind: 'clean' });
    const moderate = judgeAudit(
      report({ 'some-lib': vulnerable('some-lib', 'moderate') }, { moderate: 1, total: 1 }),
    );
    expect(moderate).toEqual({
      kind: 'clean',
      message: 'npm audit: no high or critical vulnerabilities (1 lower).',
    });
  });

  it('fails on a high or critical one, naming the package', () => {
    const verdict = judgeAudit(
      report(
        {
          'some-lib': vulnerable('some-lib', 'high'),
          'other-lib': vulnerable('other-lib', 'critical'),
          'mild-lib': vulnerable('mild-lib', 'low'),
        },
        { high: 1, critical: 1, low: 1, total: 3 },
      ),
    );
    expect(verdict.kind).toBe('vulnerable');
    expect(verdict.message).toContain('1 critical and 1 high');
    expect(verdict.message).toContain('some-lib: high — A high flaw in some-lib');
    expect(verdict.message).toContain('other-lib: critical');
    expect(verdict.message).not.toContain('mild-lib');
  });

  it('warns, and does not fail, when the advisory endpoint cannot be reached', () => {
    // What this machine's registry answers (the bulk-advisory POST is not allowed).
    const refused = JSON.stringify({
      message:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    });
    const verdict = judgeAudit(refused);
    expect(verdict.kind).toBe('unreachable');
    expect(verdict.message).toMatch(/^WARNING: .*405 Method Not Allowed.*NOTHING WAS CHECKED/);
    const offline = JSON.stringify({
      error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org failed' },
    });
    expect(judgeAudit(offline)).toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('ENOTFOUND'),
    });
  });

  it('fails on output that is neither a report nor an error', () => {
    expect(judgeAudit('npm ERR! something else').kind).toBe('vulnerable');
    expect(judgeAudit('{"auditReportVersion":2}').kind).toBe('vulnerable');
  });
});
