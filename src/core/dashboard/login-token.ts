import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a login link works after it was sent. */
export const LOGIN_LINK_TTL_MS = 10 * 60_000;

/** What a login link names: who it logs in, where they land, until when, and its one-time id. */
export interface LoginClaims {
  /** Random id, recorded when the link is used so it works once. */
  readonly id: string;
  readonly memberId: number;
  /** The circle whose page opens first. */
  readonly circleId: number;
  readonly expiresAt: Date;
}

export type LoginTokenCheck =
  | { readonly ok: true; readonly claims: LoginClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'expired' };

/** `v1.<memberId>.<circleId>.<expiry ms>.<id>.<mac>`: short enough for a URL, nothing secret inside. */
const TOKEN = /^v1\.([1-9]\d{0,14})\.([1-9]\d{0,14})\.(\d{13,15})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function mac(secret: string | Buffer, body: string): string {
  return createHmac('sha256', secret).update(`circlebot:dashboard-login:${body}`).digest('base64url');
}

/** Signs a fresh login link for a member, valid `ttlMs` from `now`, with a random one-time id. */
export function signLoginToken(
  secret: string | Buffer,
  claims: { memberId: number; circleId: number },
  now: Date,
  ttlMs = LOGIN_LINK_TTL_MS,
): string {
  const id = randomBytes(16).toString('base64url');
  const body = `v1.${claims.memberId}.${claims.circleId}.${now.getTime() + ttlMs}.${id}`;
  return `${body}.${mac(secret, body)}`;
}

/**
 * Reads a login token: `malformed` when it is not one or was not signed with `secret` (edited, forged, or
 * signed before the secret changed), `expired` when its time is up at `now`. Whether it was already used is
 * the store's to say. Never throws, whatever the string.
 */
export function verifyLoginToken(secret: string | Buffer, token: string, now: Date): LoginTokenCheck {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const body = token.slice(0, token.lastIndexOf('.'));
  const given = Buffer.from(match[5]!);
  const expected = Buffer.from(mac(secret, body));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'malformed' };
  }
  const expiresAt = new Date(Number(match[3]));
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: { id: match[4]!, memberId: Number(match[1]), circleId: Number(match[2]), expiresAt },
  };
}
