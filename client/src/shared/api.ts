/**
 * JSON over fetch, with the server's one error shape turned into ApiError.
 */
export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

/**
 * What went wrong, in words for the page: the server's message with each issue it named, the
 * field first (the last part of its path); `fallback` when the server gave no answer.
 */
export function errorText(e: unknown, fallback: string): string {
  if (!(e instanceof ApiError)) return fallback;
  if (!e.issues.length) return e.message;
  const issues = e.issues.map((i) => {
    const field = i.path.at(-1);
    return field === undefined ? i.message : `${field}: ${i.message}`;
  });
  return `${e.message} (${issues.join('; ')})`;
}

async function parse<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = (
    body as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | null
  )?.error;
  throw new ApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `HTTP ${response.status}`,
    error?.issues ?? [],
  );
}

export async function getJson<T>(url: string): Promise<T> {
  return parse<T>(await fetch(url, { headers: { Accept: 'application/json' } }));
}

export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return parse<T>(
    await fetch(url, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

export async function postJson<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return sendJson<T>('POST', url, body, headers);
}
