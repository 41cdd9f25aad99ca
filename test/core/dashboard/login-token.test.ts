import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LOGIN_LINK_TTL_MS,
  signLoginToken,
  verifyLoginToken,
} from '../../../src/core/dashboard/login-token.js';

const SECRET = 'login-token-test-secret';
const now = new Date(Date.UTC(2026, 0, 1, 12));

describe('login tokens', () => {
  it('name the member and the circle, with a fresh one-time id each time, until they expire', () => {
    const a = signLoginToken(SECRET, { memberId: 7, circleId: 3 }, now);
    const b = signLoginToken(SECRET, { memberId: 7, circleId: 3 }, now);
    const read = verifyLoginToken(SECRET, a, new Date(now.getTime() + LOGIN_LINK_TTL_MS - 1));
    expect(read).toEqual({
      ok: true,
      claims: {
        id: expect.any(String),
        memberId: 7,
        circleId: 3,
        expiresAt: new Date(now.getTime() + LOGIN_LINK_TTL_MS),
      },
    });
    const other = verifyLoginToken(SECRET, b, now);
    expect(read.ok && other.ok && read.claims.id !== other.claims.id).toBe(true);
    expect(verifyLoginToken(SECRET, a, new Date(now.getTime() + LOGIN_LINK_TTL_MS))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses any edit, another secret, and an expiry pushed out by hand', () => {
    const token = signLoginToken(SECRET, { memberId: 7, circleId: 3 }, now);
    const [v, member, circle, expiry, id, mac] = token.split('.');
    const edits = [
      [v, '8', circle, expiry, id, mac],
      [v, member, '4', expiry, id, mac],
      [v, member, circle, String(Number(expiry) + 3_600_000), id, mac],
      [v, member, circle, expiry, `${id!.slice(0, -1)}${id!.endsWith('A') ? 'B' : 'A'}`, mac],
    ].map((parts) => parts.join('.'));
    for (const edited of [...edits, signLoginToken('another-secret', { memberId: 7, circleId: 3 }, now)]) {
      expect(verifyLoginToken(SECRET, edited, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(verifyLoginToken(SECRET, text, now).ok).toBe(false);
      }),
    );
  });
});
