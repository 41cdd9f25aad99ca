import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_URL, parseOfferInput, readOfferUrl } from '../../../src/core/market/offer-input.js';

describe('/offer add text', () => {
  it('reads title | URL | price currency, and an optional description that may hold |', () => {
    expect(parseOfferInput('Spring tea set | https://shop.example/tea | 89.00 CNY')).toEqual({
      ok: true,
      offer: {
        title: 'Spring tea set',
        url: 'https://shop.example/tea',
        priceMinor: 8900,
        currency: 'CNY',
        description: null,
      },
    });
    const withDescription = parseOfferInput(
      'Tea cups | http://shop.example/cups?id=3 | 25 usd | Set of 4 | hand-made',
    );
    expect(withDescription).toMatchObject({
      ok: true,
      offer: { url: 'http://shop.example/cups?id=3', currency: 'USD', description: 'Set of 4 | hand-made' },
    });
  });

  it('names the bad part with its own message', () => {
    const key = (text: string) => {
      const result = parseOfferInput(text);
      return result.ok ? 'ok' : result.key;
    };
    expect(key('Spring tea set https://shop.example/tea 89 CNY')).toBe('market.err.format');
    expect(key(' | https://shop.example/tea | 89 CNY')).toBe('market.err.title');
    expect(key(`${'x'.repeat(101)} | https://shop.example/tea | 89 CNY`)).toBe('market.err.title');
    expect(key('Tea | ftp://shop.example/tea | 89 CNY')).toBe('market.err.url');
    expect(key('Tea | javascript:alert(1) | 89 CNY')).toBe('market.err.url');
    expect(key('Tea | shop.example/tea | 89 CNY')).toBe('market.err.url');
    expect(key('Tea | https://user:pw@shop.example/ | 89 CNY')).toBe('market.err.url');
    expect(key(`Tea | https://shop.example/${'a'.repeat(MAX_URL)} | 89 CNY`)).toBe('market.err.urlLength');
    expect(key('Tea | https://shop.example/tea | 89.999 CNY')).toBe('market.err.decimals');
    expect(key('Tea | https://shop.example/tea | 89.5 XTR')).toBe('market.err.wholeOnly');
    expect(key('Tea | https://shop.example/tea | free CNY')).toBe('market.err.amount');
    expect(key('Tea | https://shop.example/tea | 89 RMB')).toBe('market.err.currency');
    expect(key('Tea | https://shop.example/tea | 89')).toBe('market.err.price');
    expect(key('Tea | https://shop.example/tea | 1000000000 CNY')).toBe('market.err.tooBig');
    expect(key(`Tea | https://shop.example/tea | 89 CNY | ${'d'.repeat(501)}`)).toBe(
      'market.err.description',
    );
  });

  it('accepts only absolute http(s) URLs', () => {
    expect(readOfferUrl('HTTPS://Shop.Example/tea')).toBe('https://shop.example/tea');
    expect(readOfferUrl('https://shop.example/a b')).toBeNull();
    expect(readOfferUrl('data:text/html,hi')).toBeNull();
    expect(readOfferUrl('https://')).toBeNull();
  });

  it('never throws, and whatever it accepts is a short http(s) URL with a title', () => {
    const part = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.webUrl(),
      fc.constantFrom('89.00 CNY', '5 XTR', '1.234 KWD', 'ftp://x', ''),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.string({ maxLength: 300 }), (parts, raw) => {
        for (const text of [parts.join(' | '), raw]) {
          const result = parseOfferInput(text);
          if (!result.ok) continue;
          expect(result.offer.url).toMatch(/^https?:\/\//);
          expect(result.offer.url.length).toBeLessThanOrEqual(MAX_URL);
          expect(result.offer.title.length).toBeGreaterThan(0);
          expect(Number.isSafeInteger(result.offer.priceMinor)).toBe(true);
        }
      }),
    );
  });
});
