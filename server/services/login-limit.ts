/**
 * Failed logins per client, across accounts: the per-account lockout stops guessing one
 * account's password, this stops one client from trying a password on many accounts. Counted in
 * the database with the wrong codes (code_attempts, keys starting `login|`), so every instance
 * behind a load balancer sees the same count. Checked before the password is verified, for a
 * known and an unknown e-mail alike, so the 429 tells nothing about accounts.
 */
import type { WrongCodeLimit } from './wrong-codes';

export const LOGIN_LIMIT = {
  /**
   * Failed logins from one address within the window. Generous, because a clinic's staff often
   * share one address behind NAT or a proxy, and the per-account lockout already stops guessing
   * one password after 5 tries.
   */
  maxPerAddress: 20,
  /** …and from one IPv6 /64 network, which one attacker holds whole and can rotate through. */
  maxPerNetwork: 50,
  windowMinutes: 15,
} as const;

/** The wrong-code limit for a login from an address (clientKey's answer). */
export function loginLimitFor(address: string): WrongCodeLimit {
  // The separators end each part, so one network's count never takes in another's.
  const group = `login|${networkOf(address)}|`;
  return {
    key: `${group}${address}|`,
    group,
    maxForKey: LOGIN_LIMIT.maxPerAddress,
    maxForGroup: LOGIN_LIMIT.maxPerNetwork,
    windowMinutes: LOGIN_LIMIT.windowMinutes,
    message: `Too many failed logins from this address: wait ${LOGIN_LIMIT.windowMinutes} minutes and try again`,
  };
}

/**
 * An IPv6 address's /64 network (its first four groups, written out in full); any other
 * address (IPv4, an IPv4-mapped IPv6 address, a host name, "unknown") stands for itself.
 */
export function networkOf(address: string): string {
  const bare = address.split('%')[0] ?? address;
  if (!bare.includes(':') || bare.includes('.')) return address;
  const [head = '', tail] = bare.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array(Math.max(0, 8 - left.length - right.length));
  const groups = [...left, ...zeros.fill('0'), ...right];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return address;
  return groups
    .slice(0, 4)
    .map((g) => g.padStart(4, '0'))
    .join(':');
}
