/**
 * A small structured logger: one JSON line per event. Callers pass facts, never request bodies,
 * answers, codes, tokens or passwords.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

export function createLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return {
    log(level, message, fields = {}) {
      if (order[level] < order[minLevel]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }));
    },
  };
}

export const silentLogger: Logger = { log() {} };

/**
 * What may be logged about an unexpected error: its kind, its code (a driver's, such as
 * SQLITE_BUSY or a PostgreSQL SQLSTATE) and where it was thrown — never its message, which can
 * quote a value from the request (a database error naming the text it could not store).
 */
export function errorFacts(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim().replace(/^at /, ''));
  // KOR's own frames say where it happened; a library's own frames come after them.
  const own = frames.filter((frame) => !/node_modules|\(node:|^node:/.test(frame));
  return {
    error: error.constructor.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    at: (own.length > 0 ? own : frames).slice(0, 5).join(' < '),
  };
}
