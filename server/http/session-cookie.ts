/**
 * The staff session cookie: HttpOnly, SameSite=Strict, and `__Host-` with Secure when served over
 * HTTPS (directly, or behind a proxy that says so when KOR_TRUST_PROXY=1).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

const SECURE_NAME = '__Host-kor_session';
const PLAIN_NAME = 'kor_session';

export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('X-Forwarded-Proto') === 'https';
}

export function setSessionCookie(c: Context, token: string, trustProxy: boolean): void {
  const secure = isHttps(c, trustProxy);
  setCookie(c, secure ? SECURE_NAME : PLAIN_NAME, token, {
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    path: '/',
  });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SECURE_NAME) ?? getCookie(c, PLAIN_NAME);
}

export function clearSessionCookie(c: Context, trustProxy: boolean): void {
  const secure = isHttps(c, trustProxy);
  deleteCookie(c, secure ? SECURE_NAME : PLAIN_NAME, {
    path: '/',
    secure,
    httpOnly: true,
    sameSite: 'Strict',
  });
}
