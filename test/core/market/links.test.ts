import { describe, expect, it } from 'vitest';
import {
  LINK_CODE,
  LINK_CODE_LENGTH,
  newLinkCode,
  signMember,
  trackedLinks,
  verifyMember,
} from '../../../src/core/market/links.js';

const SECRET = 'a-test-secret-of-some-length';

describe('tracked-link codes', () => {
  it('are random base62 strings of 12 characters, with no repeats in many draws', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newLinkCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) {
      expect(code).toHaveLength(LINK_CODE_LENGTH);
      expect(code).toMatch(LINK_CODE);
    }
  });
});

describe('member tokens', () => {
  it('verify for the member and the code they were signed for', () => {
    const token = signMember(SECRET, 'AbCdEfGhIjKl', 42);
    expect(token).toMatch(/^42\.[A-Za-z0-9_-]{22}$/);
    expect(verifyMember(SECRET, 'AbCdEfGhIjKl', token)).toBe(42);
  });

  it('do not verify once edited, moved to another code, or signed with another secret', () => {
    const token = signMember(SECRET, 'AbCdEfGhIjKl', 42);
    const [, mac] = token.split('.');
    expect(verifyMember(SECRET, 'AbCdEfGhIjKl', `43.${mac}`)).toBeNull();
    expect(verifyMember(SECRET, 'ZZZZEfGhIjKl', token)).toBeNull();
    expect(verifyMember('another-secret-entirely', 'AbCdEfGhIjKl', token)).toBeNull();
    const flipped = `42.${mac!.startsWith('A') ? 'B' : 'A'}${mac!.slice(1)}`;
    expect(verifyMember(SECRET, 'AbCdEfGhIjKl', flipped)).toBeNull();
    for (const junk of ['', '42', '42.', '0.abc', `${'9'.repeat(20)}.${mac}`, `42.${mac}x`]) {
      expect(verifyMember(SECRET, 'AbCdEfGhIjKl', junk)).toBeNull();
    }
  });

  it('make personal links only when there is a public URL', () => {
    const on = trackedLinks({ publicUrl: 'https://circle.example/', secret: SECRET });
    expect(on.url('AbCdEfGhIjKl')).toBe('https://circle.example/l/AbCdEfGhIjKl');
    expect(on.personal('AbCdEfGhIjKl', 7)).toBe(
      `https://circle.example/l/AbCdEfGhIjKl?m=${signMember(SECRET, 'AbCdEfGhIjKl', 7)}`,
    );
    const off = trackedLinks({ publicUrl: null, secret: SECRET });
    expect(off.url('AbCdEfGhIjKl')).toBeNull();
    expect(off.personal('AbCdEfGhIjKl', 7)).toBeNull();
  });
});
