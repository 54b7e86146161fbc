/**
 * Load at a constant rate, open loop: request i is launched at start + i/rate whether or not the
 * earlier ones have been answered, and its latency runs from that scheduled moment — a slow answer
 * delays no later request and hides no waiting (no coordinated omission). A closed loop at a fixed
 * concurrency measures throughput instead.
 */

/** What one operation came to: `error` names a failure (e.g. "patient 500"), absent when ok. */
export interface Outcome {
  kind: string;
  error?: string;
}

export interface Sample {
  kind: string;
  ms: number;
  error?: string;
}

export interface OpenLoopRun {
  /** Operations launched. */
  sent: number;
  samples: Sample[];
  /** Answers per second, from the first scheduled send to the last answer. */
  achievedRate: number;
  elapsedSeconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `count` operations at `rate` per second. `operation(i)` must not throw (a failure is an
 * Outcome with an error); `onSample` sees each one as it completes.
 */
export async function runOpenLoop(options: {
  rate: number;
  count: number;
  operation: (i: number) => Promise<Outcome>;
  onSample?: (sample: Sample) => void;
}): Promise<OpenLoopRun> {
  const interval = 1000 / options.rate;
  const samples: Sample[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let lastAnswer = start;
  const launch = (i: number) => {
    const scheduled = start + i * interval;
    pending.push(
      options.operation(i).then((outcome) => {
        lastAnswer = performance.now();
        const sample = { ...outcome, ms: lastAnswer - scheduled };
        samples.push(sample);
        options.onSample?.(sample);
      }),
    );
  };
  let next = 0;
  while (next < options.count) {
    const now = performance.now();
    while (next < options.count && start + next * interval <= now) launch(next++);
    if (next < options.count) await sleep(Math.max(0, start + next * interval - performance.now()));
  }
  await Promise.all(pending);
  const elapsedSeconds = (lastAnswer - start) / 1000;
  return {
    sent: next,
    samples,
    achievedRate: elapsedSeconds > 0 ? samples.length / elapsedSeconds : 0,
    elapsedSeconds,
  };
}

/**
 * Runs the operations `concurrency` at a time, each worker starting the next as soon as its last
 * one is answered, until all `count` are done. Returns the wall time and the outcomes.
 */
export async function runClosedLoop(options: {
  concurrency: number;
  count: number;
  operation: (i: number) => Promise<Outcome>;
}): Promise<{ seconds: number; outcomes: Outcome[] }> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.count) outcomes.push(await options.operation(next++));
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { seconds: (performance.now() - start) / 1000, outcomes };
}

/** Failures counted by their name ("patient 500", "staff unanswered", …). */
export function countErrors(outcomes: readonly { error?: string }[]): Record<string, number> {
  const errors: Record<string, number> = {};
  for (const { error } of outcomes) if (error) errors[error] = (errors[error] ?? 0) + 1;
  return errors;
}
