/**
 * What the crash test sends, as tablets and therapists would: patients' session-outcome answers
 * (a home link exchanged for a token, then one submit) and therapists' GAF ratings, each with its
 * own Idempotency-Key and answers drawn from a seeded generator.
 */
import type { Random } from '../../server/services/synthetic-shape';

const REQUEST_TIMEOUT_MS = 30_000;

export interface Submission {
  key: string;
  kind: 'patient' | 'staff';
  courseId: string;
  instrument: 'session-outcome' | 'gaf';
  answers: Record<string, number>;
  /** The patient session token (patient submissions; set when its form session is prepared). */
  token?: string;
  /** Sent twice at once with the same key in its burst: a retry racing the first try. */
  twin: boolean;
  /** Requests made with this key so far, and the response id of the first 2xx. */
  sends: number;
  ackId?: string;
}

export type SendResult = { retry: boolean } & (
  | { outcome: 'ack'; status: number; id: string }
  | { outcome: 'refused'; status: number; body: string }
  | { outcome: 'unanswered'; error: string }
);

/** A staff session (its cookie) and the server it is for. */
export interface Client {
  base: string;
  cookie: string;
}

const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

/**
 * One submission with fresh answers: about half patients' forms, half therapists' ratings, or
 * the `kind` asked for (the coin is drawn all the same, so a seed gives the same answers).
 */
export function newSubmission(
  random: Random,
  key: string,
  courseIds: readonly string[],
  twinShare: number,
  kind?: Submission['kind'],
): Submission {
  const coin = random() < 0.5;
  const patient = kind === undefined ? coin : kind === 'patient';
  const answers: Record<string, number> = patient
    ? Object.fromEntries(
        ['1', '2', '3', '4'].map((item) => [item, Math.floor(random() * 101) / 10]),
      )
    : { symptom: 1 + Math.floor(random() * 100), function: 1 + Math.floor(random() * 100) };
  return {
    key,
    kind: patient ? 'patient' : 'staff',
    courseId: pick(random, courseIds),
    instrument: patient ? 'session-outcome' : 'gaf',
    answers,
    twin: random() < twinShare,
    sends: 0,
  };
}

async function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Response> {
  return fetch(`${base}/api/v1${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}

/** A call that must succeed (set-up and reads, never during a kill): its JSON, or an error. */
export async function callOk(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await call(base, method, path, headers, body);
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function login(base: string, email: string, password: string): Promise<Client> {
  const res = await call(base, 'POST', '/auth/login', {}, { email, password });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`login of ${email} answered ${res.status}`);
  return { base, cookie };
}

/** A home-link form session for the submission's course, exchanged for a patient token. */
export async function preparePatient(staff: Client, submission: Submission): Promise<void> {
  const created = await callOk(
    staff.base,
    'POST',
    `/courses/${submission.courseId}/form-sessions`,
    { Cookie: staff.cookie },
    { instruments: ['session-outcome'], channel: 'home' },
  );
  const link = String(created.link ?? '').replace(/^\/f\//, '');
  const exchanged = await callOk(staff.base, 'POST', '/patient/exchange', {}, { link });
  submission.token = String(exchanged.token);
}

/** One request of a submission; a dropped connection or a timeout is "unanswered". */
export async function send(staff: Client, submission: Submission): Promise<SendResult> {
  // Counted when it starts: a twin racing the first try is a retry too.
  const retry = submission.sends++ > 0;
  const patient = submission.kind === 'patient';
  const headers: Record<string, string> = {
    'Idempotency-Key': submission.key,
    ...(patient ? { Authorization: `Bearer ${submission.token}` } : { Cookie: staff.cookie }),
  };
  const body = {
    instrument: submission.instrument,
    version: '1.0.0',
    answers: submission.answers,
    language: 'nb',
  };
  const path = patient ? '/patient/responses' : `/courses/${submission.courseId}/responses`;
  try {
    const res = await call(staff.base, 'POST', path, headers, body);
    const text = await res.text();
    if (!res.ok) return { retry, outcome: 'refused', status: res.status, body: text.slice(0, 300) };
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return { retry, outcome: 'ack', status: res.status, id: String(id) };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    return { retry, outcome: 'unanswered', error: `${String(error)} ${cause}`.trim() };
  }
}
