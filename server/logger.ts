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
