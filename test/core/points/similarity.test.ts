import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareFingerprints,
  fingerprint,
  highestSimilarity,
  MAX_FINGERPRINT,
  similarity,
} from '../../../src/core/points/similarity.js';

describe('similarity, the rule against farming with repeated messages', () => {
  it('sees through spam that only changes case, spacing, punctuation or repetition', () => {
    expect(similarity('gm gm gm', 'gm!!')).toBeGreaterThanOrEqual(0.95);
    expect(similarity('GM', 'gm')).toBe(1);
    expect(similarity('heyyyyy!!!', 'hey')).toBe(1);
    expect(similarity('hahahaha', 'haha')).toBe(1);
    expect(similarity('哈哈哈哈哈', '哈哈')).toBe(1);
    expect(similarity('👍👍👍', '👍')).toBe(1);
  });

  it('scores near-duplicates high', () => {
    expect(similarity('check out my channel', 'check out my channel pls')).toBeGreaterThanOrEqual(0.8);
    expect(similarity('今天天气很好', '今天天气很好！')).toBe(1);
    expect(similarity('buy now buy now', 'buy now')).toBeGreaterThanOrEqual(0.8);
  });

  it('scores unrelated sentences low, in any script', () => {
    expect(
      similarity(
        'I think we should meet on Saturday at the park',
        'Has anyone tried the new ramen place downtown?',
      ),
    ).toBeLessThan(0.35);
    expect(similarity('今天天气很好', '我们明天去看电影吧')).toBeLessThan(0.2);
    expect(similarity('good morning all', 'good night all')).toBeLessThan(0.8);
    expect(similarity('!!!', '???')).toBe(0);
  });

  it('fingerprints keep only what matters, bounded in length', () => {
    expect(fingerprint('Heyyy!! gm gm')).toBe('heygm');
    expect(fingerprint('!!!')).toBe('!');
    expect(fingerprint('')).toBe('');
    expect(Array.from(fingerprint('the quick brown fox jumps over a lazy dog '.repeat(50))).length).toBe(
      MAX_FINGERPRINT,
    );
  });

  it('compares one new text against a member’s recent ones', () => {
    const recent = ['helo', 'whatsup', fingerprint('see you at the meetup')];
    expect(highestSimilarity(fingerprint('See you at the meetup!!'), recent)).toBe(1);
    expect(highestSimilarity(fingerprint('completely different'), recent)).toBeLessThan(0.5);
    expect(highestSimilarity('anything', [])).toBe(0);
  });

  it('property: stays within 0.2 of the exact Dice coefficient of the bigram sets, even at full length', () => {
    const bigrams = (print: string) => {
      const points = Array.from(print);
      if (points.length < 2) return new Set(points);
      return new Set(points.slice(1).map((p, i) => `${points[i]}${p}`));
    };
    const exact = (a: string, b: string) => {
      if (a === b) return 1;
      const [x, y] = [bigrams(a), bigrams(b)];
      if (x.size === 0 || y.size === 0) return 0;
      return (2 * [...x].filter((g) => y.has(g)).length) / (x.size + y.size);
    };
    const ideograph = fc.integer({ min: 0x4e00, max: 0x4fff }).map((c) => String.fromCharCode(c));
    const print = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), maxLength: MAX_FINGERPRINT }),
      fc.string({ unit: ideograph, maxLength: MAX_FINGERPRINT }),
    );
    fc.assert(
      fc.property(print, print, (a, b) => {
        expect(Math.abs(compareFingerprints(a, b) - exact(a, b))).toBeLessThanOrEqual(0.2);
      }),
    );
  });

  it('property: never throws, stays in [0, 1], is symmetric and 1 for a text with itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        const s = similarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(similarity(b, a)).toBe(s);
        expect(similarity(a, a)).toBe(1);
        expect(compareFingerprints(fingerprint(a), fingerprint(b))).toBe(s);
        expect(Array.from(fingerprint(a)).length).toBeLessThanOrEqual(MAX_FINGERPRINT);
      }),
    );
  });
});
