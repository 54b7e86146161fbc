/**
 * The load script's traffic, a fifth of each in turn: a therapist making a home link that the
 * patient exchanges for a token ("link"), a patient submitting a session-outcome form with such a
 * token ("patient"), a therapist's GAF rating ("rating"), a caseload read and a course's trends
 * read. Links are made as fast as patients use them; a pool made before the run keeps a few
 * seconds of tokens in hand, so a slow link never starves a submission.
 */
import { prng, type Random } from '../../server/services/synthetic-shape';
import { type Client, newSubmission, preparePatient, type Submission } from '../crash-test/traffic';
import type { Outcome } from './open-loop';
import { caseloadPaths, preparePatients, submitOnce, visibleCourses } from './workload';

export const MIX_KINDS = ['link', 'patient', 'rating', 'caseload', 'trends'] as const;
export type MixKind = (typeof MIX_KINDS)[number];

const REQUEST_TIMEOUT_MS = 30_000;

export interface Mix {
  staff: Client;
  random: Random;
  keyPrefix: string;
  courseIds: string[];
  caseloads: string[];
  /** Patient submissions with a token, ready to send. */
  ready: Submission[];
}

export async function prepareMix(
  staff: Client,
  options: { seed: number; keyPrefix: string; tokensInHand: number },
): Promise<Mix> {
  const courseIds = (await visibleCourses(staff)).map((c) => c.id);
  if (courseIds.length === 0) throw new Error('load: the login sees no active course');
  const mix: Mix = {
    staff,
    random: prng(options.seed),
    keyPrefix: options.keyPrefix,
    courseIds,
    caseloads: await caseloadPaths(staff),
    ready: [],
  };
  const pool = Array.from({ length: options.tokensInHand }, (_, i) => submission(mix, `p${i}`));
  await preparePatients(staff, pool);
  mix.ready.push(...pool);
  return mix;
}

const submission = (mix: Mix, label: string, kind: Submission['kind'] = 'patient') =>
  newSubmission(mix.random, `${mix.keyPrefix}${label}`, mix.courseIds, 0, kind);

async function read(staff: Client, kind: MixKind, path: string): Promise<Outcome> {
  try {
    const res = await fetch(`${staff.base}/api/v1${path}`, {
      headers: { Cookie: staff.cookie },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.text();
    return res.ok ? { kind } : { kind, error: `${kind} ${res.status}` };
  } catch {
    return { kind, error: `${kind} unanswered` };
  }
}

async function link(mix: Mix, i: number): Promise<Outcome> {
  const next = submission(mix, `l${i}`);
  try {
    await preparePatient(mix.staff, next);
    mix.ready.push(next);
    return { kind: 'link' };
  } catch (error) {
    const status = /answered (\d+)/.exec(String(error))?.[1] ?? 'unanswered';
    return { kind: 'link', error: `link ${status}` };
  }
}

/** Operation i of the run. */
export function mixOperation(mix: Mix, i: number): Promise<Outcome> {
  const kind = MIX_KINDS[i % MIX_KINDS.length] ?? 'caseload';
  const course = mix.courseIds[i % mix.courseIds.length] ?? '';
  switch (kind) {
    case 'link':
      return link(mix, i);
    case 'patient': {
      const next = mix.ready.shift();
      if (!next) return Promise.resolve({ kind, error: 'patient no token in hand' });
      return submitOnce(mix.staff, next).then((o) => ({ ...o, kind }));
    }
    case 'rating':
      return submitOnce(mix.staff, submission(mix, `r${i}`, 'staff')).then((o) => ({
        kind,
        ...(o.error ? { error: o.error.replace(/^staff/, 'rating') } : {}),
      }));
    case 'caseload':
      return read(mix.staff, kind, mix.caseloads[i % mix.caseloads.length] ?? '/courses');
    case 'trends':
      return read(mix.staff, kind, `/courses/${course}/trends`);
  }
}
