/**
 * What the load scripts report: latency percentiles of a set of samples, and the resident memory
 * of the server child read from /proc (Linux; elsewhere it is not known and reads as NaN).
 */
import { readFileSync } from 'node:fs';

/** Milliseconds. */
export interface LatencyFigures {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  n: number;
}

/** Nearest-rank percentiles; all zero for no samples (n says so). */
export function latencyFigures(samples: readonly number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const rank = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))] ?? 0;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    p50: round(rank(0.5)),
    p95: round(rank(0.95)),
    p99: round(rank(0.99)),
    max: round(sorted[n - 1] ?? 0),
    mean: round(n === 0 ? 0 : sorted.reduce((sum, ms) => sum + ms, 0) / n),
    n,
  };
}

/** VmRSS of a process in MB (MiB), or NaN when it cannot be read. */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Math.round((Number(kb) / 1024) * 10) / 10;
  } catch {
    return Number.NaN;
  }
}

export interface MemorySample {
  /** Since sampling began. */
  seconds: number;
  mb: number;
}

/** Samples a process's RSS every `everyMs` until stopped; keeps the peak and every sample. */
export function sampleMemory(
  pid: number | undefined,
  everyMs: number,
  onSample?: (sample: MemorySample) => void,
) {
  const started = performance.now();
  const samples: MemorySample[] = [];
  const take = () => {
    const mb = rssMb(pid);
    if (!Number.isFinite(mb)) return;
    const sample = { seconds: Math.round((performance.now() - started) / 100) / 10, mb };
    samples.push(sample);
    onSample?.(sample);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    peak: () => Math.max(...samples.map((s) => s.mb)),
    stop() {
      clearInterval(timer);
      take();
    },
  };
}

/** Memory growth after `skipSeconds`: the least-squares slope, as MB/hour, and last − first. */
export function memoryGrowth(
  samples: readonly MemorySample[],
  skipSeconds: number,
): { mb: number; mbPerHour: number; samples: number } {
  const used = samples.filter((s) => s.seconds >= skipSeconds);
  const n = used.length;
  if (n < 2) return { mb: 0, mbPerHour: 0, samples: n };
  const meanX = used.reduce((sum, s) => sum + s.seconds, 0) / n;
  const meanY = used.reduce((sum, s) => sum + s.mb, 0) / n;
  const sxy = used.reduce((sum, s) => sum + (s.seconds - meanX) * (s.mb - meanY), 0);
  const sxx = used.reduce((sum, s) => sum + (s.seconds - meanX) ** 2, 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const first = used[0]?.mb ?? 0;
  const last = used[n - 1]?.mb ?? 0;
  return {
    mb: Math.round((last - first) * 10) / 10,
    mbPerHour: Math.round(slope * 3600 * 10) / 10,
    samples: n,
  };
}
