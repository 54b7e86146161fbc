/**
 * The patient side of the API, and nothing else: exchange a code or link, fetch the forms due,
 * send answers, close the session. Requests never carry cookies (`credentials: 'omit'`), so a
 * tablet that a staff member once logged in on still talks to the server as a patient only.
 */
import type { Answers, InstrumentDefinition } from '../../../instruments/definition-schema';

const BASE = '/api/v1/patient';

/** The server answered with an error. A failed network throws a TypeError instead. */
export class PatientApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export interface ResponseBody {
  instrument: string;
  version: string;
  answers: Answers;
  language: 'nb' | 'en';
}

async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; token?: string; key?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.key) headers['Idempotency-Key'] = options.key;
  const response = await fetch(BASE + path, {
    method,
    headers,
    credentials: 'omit',
    cache: 'no-store',
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  const retry = Number(response.headers.get('Retry-After'));
  throw new PatientApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `HTTP ${response.status}`,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

export interface Exchanged {
  token: string;
  formSession: string;
  expiresAt: string;
  /** The course is in a practice unit: a synthetic patient, for training. */
  practice?: boolean;
}

export const exchange = (input: { code: string } | { link: string }, device: string) =>
  call<Exchanged>('POST', '/exchange', { body: { ...input, device } });

export const fetchForms = (token: string) =>
  call<{ forms: InstrumentDefinition[] }>('GET', '/forms', { token });

export const sendResponse = (token: string, key: string, body: ResponseBody) =>
  call<{ id: string; completed: boolean }>('POST', '/responses', { body, token, key });

export const closeSession = (token: string, reason: 'finished' | 'idle' | 'stopped') =>
  call<{ closed: true }>('POST', '/close', { body: { reason }, token });

/** A random url-safe id. getRandomValues works also where randomUUID does not (plain http). */
export function randomId(bytes = 18): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
