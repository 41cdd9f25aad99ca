import { timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DASHBOARD_PATH, SESSION_TTL_MS } from '../../core/dashboard/auth.js';
import { LOGIN_LINK_TTL_MS } from '../../core/dashboard/login-token.js';
import { LANGS, type Lang, langFromCode } from '../../core/i18n/index.js';

export const SESSION_COOKIE = 'cb_session';
export const LOGIN_COOKIE = 'cb_login';
export const FLASH_COOKIE = 'cb_flash';
export const LANG_COOKIE = 'cb_lang';

/** Cookie options: never readable by scripts, sent on top-level navigation only, Secure behind https. */
export function cookieOptions(secure: boolean, extra: CookieSerializeOptions = {}): CookieSerializeOptions {
  return { path: DASHBOARD_PATH, httpOnly: true, sameSite: 'lax', secure, ...extra };
}

/** Opens a session in the browser: the cookie carries the session's random token, signed. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(
    SESSION_COOKIE,
    token,
    cookieOptions(secure, { signed: true, maxAge: SESSION_TTL_MS / 1000 }),
  );
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}

/** The value of a signed cookie, or `null` when it is missing or its signature does not check out. */
export function signedCookie(request: FastifyRequest, name: string): string | null {
  const value = request.cookies[name];
  if (value === undefined) return null;
  const unsigned = request.unsignCookie(value);
  return unsigned.valid && unsigned.value !== null ? unsigned.value : null;
}

/** A nonce for the login form, also set as a cookie: the form must come from a page this browser opened. */
export function setLoginNonce(reply: FastifyReply, nonce: string, secure: boolean): void {
  reply.setCookie(
    LOGIN_COOKIE,
    nonce,
    cookieOptions(secure, { path: `${DASHBOARD_PATH}/login`, maxAge: LOGIN_LINK_TTL_MS / 1000 }),
  );
}

/** Compares two secrets in constant time (for equal lengths); any missing one fails. */
export function sameSecret(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A message for the next page (after a redirect): a catalog key and its parameters, in a signed cookie. */
export interface FlashNote {
  readonly kind: 'ok' | 'error';
  readonly key: string;
  readonly params: Record<string, string | number>;
}

export function setFlash(reply: FastifyReply, note: FlashNote, secure: boolean): void {
  reply.setCookie(FLASH_COOKIE, JSON.stringify(note), cookieOptions(secure, { signed: true, maxAge: 60 }));
}

/** Reads and clears the flash note, if one was set. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply, secure: boolean): FlashNote | null {
  if (request.cookies[FLASH_COOKIE] === undefined) return null;
  reply.clearCookie(FLASH_COOKIE, cookieOptions(secure));
  const value = signedCookie(request, FLASH_COOKIE);
  if (value === null) return null;
  try {
    const note = JSON.parse(value) as FlashNote;
    return (note.kind === 'ok' || note.kind === 'error') && typeof note.key === 'string' ? note : null;
  } catch {
    return null;
  }
}

const isLang = (value: unknown): value is Lang => LANGS.includes(value as Lang);

/**
 * The reader's language: `?lang=` (remembered in a cookie), else the cookie, else the browser's first
 * Accept-Language. Only en and zh-CN exist; anything else reads as en.
 */
export function pickLang(request: FastifyRequest, reply: FastifyReply, secure: boolean): Lang {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(asked)) {
    reply.setCookie(LANG_COOKIE, asked, cookieOptions(secure, { maxAge: 365 * 86_400 }));
    return asked;
  }
  const kept = request.cookies[LANG_COOKIE];
  if (isLang(kept)) return kept;
  const header = request.headers['accept-language'];
  return langFromCode(typeof header === 'string' ? header.split(',')[0]?.trim() : undefined);
}
