/**
 * `npm run kor -- generate`: the options and the wording around the generated-history service
 * (services/bulk-history-service.ts). The service does the work; this reads and checks the
 * options, reports progress and prints what was made.
 */
import type { InstrumentRegistry, RiskConfig } from '../instruments';
import type { CommandOutput } from './backup-commands';
import type { BulkHistoryOptions } from './services/bulk-history';
import { generateHistory } from './services/bulk-history-service';
import type { Database } from './storage/database';

export interface GenerateValues {
  units?: string | undefined;
  courses?: string | undefined;
  seed?: string | undefined;
  responses?: string | undefined;
  today?: string | undefined;
}

function whole(value: string | undefined, name: string, min: number): number {
  const parsed = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isSafeInteger(parsed) || parsed < min)
    throw new RangeError(
      `--${name} must be a whole number ≥ ${min}${value ? `, got "${value}"` : ''}`,
    );
  return parsed;
}

/** The options, or a message naming the bad one. */
export function generateOptions(values: GenerateValues, now: Date): BulkHistoryOptions | string {
  try {
    const options: BulkHistoryOptions = {
      units: whole(values.units, 'units', 0),
      courses: whole(values.courses, 'courses', 1),
      seed: values.seed === undefined ? 1 : whole(values.seed, 'seed', 0),
      today: now,
    };
    if (values.responses !== undefined)
      options.maxResponses = whole(values.responses, 'responses', 1);
    if (values.today !== undefined) {
      const day = /^\d{4}-\d{2}-\d{2}$/.test(values.today)
        ? new Date(`${values.today}T12:00:00Z`)
        : null;
      if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== values.today)
        return `--today must be a date as YYYY-MM-DD, got "${values.today}"`;
      options.today = day;
    }
    return options;
  } catch (error) {
    if (error instanceof RangeError) return error.message;
    throw error;
  }
}

const thousands = (n: number) => n.toLocaleString('en-GB').replaceAll(',', ' ');

export async function generateCommand(
  db: Database,
  input: {
    options: BulkHistoryOptions;
    password: string;
    registry: InstrumentRegistry;
    riskConfig: RiskConfig;
  },
  io: CommandOutput,
): Promise<number> {
  const started = performance.now();
  let reported = 0;
  const result = await generateHistory(db, {
    ...input,
    progress: (counts) => {
      if (counts.responses - reported < 250_000) return;
      reported = counts.responses;
      io.err(
        `  … ${thousands(counts.responses)} responses in ${thousands(counts.courses)} courses`,
      );
    },
  });
  const { counts } = result;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(
    `Generated ${thousands(counts.units)} units, ${thousands(counts.courses)} courses ` +
      `(${thousands(counts.activeCourses)} active), ${thousands(counts.contacts)} contacts and ` +
      `${thousands(counts.responses)} responses in ${seconds} s ` +
      `(written in ${result.seconds.write} s; risk of ${thousands(result.risks)} active courses ` +
      `in ${result.seconds.risk} s).`,
  );
  io.out(`The unit with 500 active courses: ${result.caseloadUnitId}`);
  io.out(`Log in as ${result.login} (unit lead and therapist there) with the password given.`);
  return 0;
}
