import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLongEnough, visibleLength } from '../../../src/core/points/text.js';

/** Visible graphemes by the segmenter alone: what the fast path must agree with. */
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const invisible = /^[\s\p{Cc}\p{Cf}]*$/u;
const reference = (text: string) => {
  let count = 0;
  for (const { segment } of segmenter.segment(text)) if (!invisible.test(segment)) count += 1;
  return count;
};

describe('message length, as people count characters', () => {
  it('counts what a reader sees: CJK characters and emoji are one each, whitespace nothing', () => {
    expect(visibleLength('你好吗')).toBe(3);
    expect(visibleLength('好')).toBe(1);
    expect(visibleLength('👨‍👩‍👧👍🏽🇨🇳')).toBe(3);
    expect(visibleLength('  a  b \n')).toBe(2);
    expect(visibleLength('\u200b\u200b\u200b')).toBe(0);
    expect(visibleLength('é')).toBe(1);
  });

  it('stops reading once it has counted enough', () => {
    expect(visibleLength('x'.repeat(100_000), 3)).toBe(3);
    expect(isLongEnough('x'.repeat(100_000), 3)).toBe(true);
  });

  it('a three-character Chinese message is a real message; two ASCII letters are not', () => {
    expect(isLongEnough('谢谢你', 3)).toBe(true);
    expect(isLongEnough('ok', 3)).toBe(false);
    expect(isLongEnough('   ok   ', 3)).toBe(false);
    expect(isLongEnough('🎉🎉🎉', 3)).toBe(true);
    expect(isLongEnough('', 0)).toBe(true);
  });

  it('the fast path agrees with the segmenter on every character of the basic plane and on emoji', () => {
    const wrong: string[] = [];
    const planes = [
      [0, 0xffff],
      [0x1f000, 0x1fbff],
    ] as const;
    for (const code of planes.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i))) {
      const c = String.fromCodePoint(code);
      for (const text of [`a${c}b`, `字${c}${c}`]) {
        if (visibleLength(text) !== reference(text)) wrong.push(code.toString(16));
      }
    }
    expect(wrong).toEqual([]);
  });

  it('property: never throws, and the fast path counts as the segmenter does', () => {
    // Every range the fast path trusts, its edges, and what may follow them: marks, joiners, jamo, emoji.
    const trusted = [
      [0x21, 0x7e],
      [0xa0, 0x24f],
      [0x400, 0x489],
      [0x2008, 0x202f],
      [0x3000, 0x30ff],
      [0x4e00, 0x4e10],
      [0x9ff0, 0xa000],
      [0xac00, 0xac10],
      [0xd7a0, 0xd7b0],
      [0xff00, 0xff65],
    ] as const;
    const piece = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 20 }),
      fc.constantFrom(...trusted).chain(([lo, hi]) =>
        fc.string({
          unit: fc.integer({ min: lo, max: hi }).map((c) => String.fromCharCode(c)),
          maxLength: 6,
        }),
      ),
      fc.constantFrom(
        '\u0301',
        '\u200d',
        '\ufe0f',
        '\r\n',
        '👍🏽',
        '\ud800',
        '\u0600',
        '\u11a8',
        '\u1100',
        '🇨🇳',
        '\u3099',
        '😀',
        '🫠',
        '🏻',
        '\u{1F1E6}',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.integer({ min: 1, max: 50 }), (pieces, atMost) => {
        const text = pieces.join('');
        const all = reference(text);
        expect(visibleLength(text)).toBe(all);
        expect(visibleLength(text, atMost)).toBe(Math.min(all, atMost));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(visibleLength(text)).toBeLessThanOrEqual(text.length);
      }),
    );
  });
});
