/**
 * Guessing short codes is stopped the same way everywhere (the patient's form code, a course's
 * evaluation code): wrong codes are counted per client key — and per group of keys, such as every
 * device behind one address — within a window; at a limit the client waits (429, Retry-After).
 * Only wrong codes are kept, never a right one.
 */
import { TooManyRequestsError } from '../http/errors';
import type { Database } from '../storage/database';
import { countCodeAttempts, insertCodeAttempt } from '../storage/form-repository';

export interface WrongCodeLimit {
  /** The client's key, and the prefix every key of its group starts with. */
  key: string;
  group: string;
  /** Wrong codes allowed for the key, and for the whole group, within the window. */
  maxForKey: number;
  maxForGroup: number;
  windowMinutes: number;
  /** What the waiting client is told. */
  message: string;
}

export async function refuseWhenTooManyWrongCodes(
  db: Database,
  limit: WrongCodeLimit,
  now: Date,
): Promise<void> {
  const since = new Date(now.getTime() - limit.windowMinutes * 60_000).toISOString();
  const wrong = await countCodeAttempts(db, { exact: limit.key, prefix: limit.group }, since);
  if (wrong.exact >= limit.maxForKey || wrong.prefix >= limit.maxForGroup)
    throw new TooManyRequestsError(limit.message, limit.windowMinutes * 60);
}

export async function recordWrongCode(db: Database, key: string, now: Date): Promise<void> {
  await insertCodeAttempt(db, key, now.toISOString());
}
