/**
 * A small run of the crash test (`npm run crash-test` runs 20 cycles, or as many as asked): the
 * real server killed with SIGKILL during bursts of submissions, restarted, and checked. Figures
 * are not timed here; only that nothing acknowledged was lost or stored twice.
 */
import { describe, expect, it } from 'vitest';
import { runCrashTest } from '../../scripts/crash-test';

describe('crash test', () => {
  it('keeps every acknowledged response exactly once through SIGKILLs during bursts', async () => {
    const report = await runCrashTest({ cycles: 3, seed: 7 });
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ cycles: 3, lost: 0, duplicated: 0, mismatched: 0 });
    expect(report.integrity).toBe('ok');
    expect(report.acknowledged).toBe(report.submissions);
    // The kills came mid-burst: requests were in flight and went out again after the restart.
    expect(report.midBurstKills).toBeGreaterThan(0);
    expect(report.unansweredAtKill).toBeGreaterThan(0);
    expect(report.reportsRead).toBe(3);
    expect(report.ok).toBe(true);
  }, 120_000);
});
