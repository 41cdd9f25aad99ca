import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Characters in a tracked-link code: 62^12 ≈ 2^71 codes, so guessing one is hopeless. */
export const LINK_CODE_LENGTH = 12;

/** What `/l/:code` accepts before looking anything up (codes of other lengths are never issued today). */
export const LINK_CODE = /^[0-9A-Za-z]{10,32}$/;

/** The query parameter that carries a member token. */
export const MEMBER_PARAM = 'm';

/** Base64url characters of the member token's MAC: 22 × 6 = 132 bits of HMAC-SHA256. */
const MAC_LENGTH = 22;
const TOKEN = new RegExp(`^([1-9]\\d{0,14})\\.([A-Za-z0-9_-]{${MAC_LENGTH}})$`);

/** A fresh random base62 code (rejection sampling, so every character is equally likely). */
export function newLinkCode(length = LINK_CODE_LENGTH): string {
  let code = '';
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes above it would favour the first characters.
      if (byte < 248 && code.length < length) code += BASE62[byte % 62];
    }
  }
  return code;
}

function mac(secret: string, code: string, memberId: number): string {
  return createHmac('sha256', secret)
    .update(`circlebot:link:${code}:${memberId}`)
    .digest('base64url')
    .slice(0, MAC_LENGTH);
}

/**
 * `<memberId>.<mac>`: names the member a link was sent to, bound to the link's code, so a token copied onto
 * another offer's link or edited to name someone else does not verify.
 */
export function signMember(secret: string, code: string, memberId: number): string {
  return `${memberId}.${mac(secret, code, memberId)}`;
}

/** The member a token names, or `null` when it is malformed or was not signed with `secret` for `code`. */
export function verifyMember(secret: string, code: string, token: string): number | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const memberId = Number(match[1]);
  if (!Number.isSafeInteger(memberId)) return null;
  const given = Buffer.from(match[2]!);
  const expected = Buffer.from(mac(secret, code, memberId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? memberId : null;
}

/**
 * Builds tracked-link URLs. `publicUrl` is where `/l/:code` is reachable from outside (no trailing slash);
 * `null` when there is none, and then no link can be built.
 */
export interface TrackedLinks {
  readonly publicUrl: string | null;
  /** `${publicUrl}/l/<code>`, or `null` without a public URL. */
  url(code: string): string | null;
  /** The same link carrying a signed token naming the member it is sent to (for DMs). */
  personal(code: string, memberId: number): string | null;
}

export function trackedLinks(opts: { publicUrl: string | null; secret: string }): TrackedLinks {
  const base = opts.publicUrl?.replace(/\/+$/, '') ?? null;
  const url = (code: string) => (base === null ? null : `${base}/l/${code}`);
  return {
    publicUrl: base,
    url,
    personal(code, memberId) {
      const plain = url(code);
      return plain === null ? null : `${plain}?${MEMBER_PARAM}=${signMember(opts.secret, code, memberId)}`;
    },
  };
}
