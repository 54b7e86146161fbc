/**
 * Which client a request comes from, for rate limits: the socket's address, or the first
 * X-Forwarded-For address behind a trusted proxy.
 */
import type { Context } from 'hono';

export function clientKey(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
