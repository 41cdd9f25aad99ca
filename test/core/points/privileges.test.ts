import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsLink, mayPost } from '../../../src/core/points/privileges.js';

describe('spotting links in a message', () => {
  it('finds links with or without a scheme, invites and shorteners included', () => {
    for (const text of [
      'see https://example.org/page',
      'HTTP://EXAMPLE.COM',
      'tg://resolve?domain=somebot',
      'www.some-shop.co',
      'join t.me/joinchat/AbCdEf',
      'free nitro discord.gg/xyz',
      'come to discord.gg',
      'look at example.com/x',
      'bit.ly/3abcd',
      'shop.example.com',
      'mail me: bob@example.com',
      '访问google.com看看',
      'пример.рф',
      'visit example.com.',
    ]) {
      expect(containsLink(text), text).toBe(true);
    }
  });

  it('leaves ordinary writing alone: decimals, versions, ellipses, abbreviations, file names', () => {
    for (const text of [
      'pi is 3.14159',
      'we shipped v1.2.3 today',
      'wait...what',
      'so...com on',
      'e.g. this, i.e. that',
      'the U.S.A team',
      'Mr.Smith said hi',
      'I love node.js',
      'file.txt is attached',
      'km/h and and/or',
      '1.5/2 rating',
      'a.b/c',
      'example. com',
      '://',
      '今天天气很好。明天呢？',
    ]) {
      expect(containsLink(text), text).toBe(false);
    }
  });

  it('property: never throws on any text, and finds a link wherever one is put', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        expect(typeof containsLink(text)).toBe('boolean');
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 100 }),
        fc.constantFrom('https://a.io', 'example.com', 't.me/x', 'www.x.y'),
        fc.string({ maxLength: 100 }),
        (before, link, after) => {
          expect(containsLink(`${before} ${link} ${after}`)).toBe(true);
        },
      ),
    );
  });

  it('reads a hostile 10 000-character message in one linear pass', () => {
    for (const text of ['a'.repeat(5000) + '.'.repeat(5000), 'a.'.repeat(5000), '字'.repeat(10_000)]) {
      expect(containsLink(text)).toBe(false);
    }
  });
});

describe('privileges: what a level unlocks', () => {
  const privileges = { links: 2, media: 1 };

  it('lets everyone post anything when the circle sets no levels', () => {
    expect(
      mayPost({ level: 0, hasLink: true, hasMedia: true, privileges: { links: null, media: null } }),
    ).toEqual({
      allowed: true,
    });
  });

  it('a level-1 member’s link is refused at `/level links 2`, saying what is needed', () => {
    expect(mayPost({ level: 1, hasLink: true, hasMedia: false, privileges })).toEqual({
      allowed: false,
      needs: 'links',
      level: 2,
    });
    expect(mayPost({ level: 2, hasLink: true, hasMedia: false, privileges })).toEqual({ allowed: true });
  });

  it('media needs its own level; links are reported first when both are missing', () => {
    expect(mayPost({ level: 0, hasLink: false, hasMedia: true, privileges })).toEqual({
      allowed: false,
      needs: 'media',
      level: 1,
    });
    expect(mayPost({ level: 0, hasLink: true, hasMedia: true, privileges })).toMatchObject({
      needs: 'links',
    });
    expect(mayPost({ level: 0, hasLink: false, hasMedia: false, privileges })).toEqual({ allowed: true });
  });
});
