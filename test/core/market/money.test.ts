import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPrice, minorDigits, parsePrice, readCurrency } from '../../../src/core/market/money.js';

describe('prices', () => {
  it('reads an amount and a currency into integer minor units', () => {
    expect(parsePrice('89.00 CNY')).toEqual({ ok: true, price: { minor: 8900, currency: 'CNY' } });
    expect(parsePrice('89 cny')).toEqual({ ok: true, price: { minor: 8900, currency: 'CNY' } });
    expect(parsePrice('0.5 USD')).toEqual({ ok: true, price: { minor: 50, currency: 'USD' } });
    expect(parsePrice('1,299.99 EUR')).toEqual({ ok: true, price: { minor: 129_999, currency: 'EUR' } });
    expect(parsePrice('12.5EUR')).toEqual({ ok: true, price: { minor: 1250, currency: 'EUR' } });
  });

  it('follows the currency’s minor unit: none for yen and Telegram Stars, three digits for dinars', () => {
    expect(parsePrice('890 JPY')).toEqual({ ok: true, price: { minor: 890, currency: 'JPY' } });
    expect(parsePrice('890.00 JPY')).toEqual({ ok: true, price: { minor: 890, currency: 'JPY' } });
    expect(parsePrice('50 XTR')).toEqual({ ok: true, price: { minor: 50, currency: 'XTR' } });
    expect(parsePrice('1.25 KWD')).toEqual({ ok: true, price: { minor: 1250, currency: 'KWD' } });
    expect(parsePrice('890.5 JPY')).toEqual({
      ok: false,
      error: { kind: 'decimals', currency: 'JPY', digits: 0 },
    });
    expect(parsePrice('1.5 XTR')).toMatchObject({ ok: false, error: { kind: 'decimals', digits: 0 } });
  });

  it('says which part is wrong', () => {
    expect(parsePrice('89.001 CNY')).toMatchObject({
      error: { kind: 'decimals', currency: 'CNY', digits: 2 },
    });
    expect(parsePrice('cheap CNY')).toMatchObject({ error: { kind: 'amount', value: 'cheap' } });
    expect(parsePrice('-5 CNY')).toMatchObject({ error: { kind: 'amount' } });
    expect(parsePrice('1e3 CNY')).toMatchObject({ error: { kind: 'amount' } });
    expect(parsePrice('89 RMB')).toMatchObject({ error: { kind: 'currency', value: 'RMB' } });
    expect(parsePrice('89 DOLLARS')).toMatchObject({ error: { kind: 'currency' } });
    expect(parsePrice('89')).toMatchObject({ error: { kind: 'format' } });
    expect(parsePrice('89 CNY please')).toMatchObject({ error: { kind: 'format' } });
    expect(parsePrice('1000000000 CNY')).toMatchObject({ error: { kind: 'too_big' } });
  });

  it('knows ISO codes and Telegram Stars, nothing else', () => {
    expect(readCurrency('usd')).toBe('USD');
    expect(readCurrency('XTR')).toBe('XTR');
    expect(readCurrency('ABC')).toBeNull();
    expect(readCurrency('US')).toBeNull();
    expect(minorDigits('CNY')).toBe(2);
  });

  it('formats minor units back', () => {
    expect(formatPrice({ minor: 8900, currency: 'CNY' })).toBe('89.00 CNY');
    expect(formatPrice({ minor: 5, currency: 'USD' })).toBe('0.05 USD');
    expect(formatPrice({ minor: 50, currency: 'XTR' })).toBe('50 XTR');
    expect(formatPrice({ minor: 1250, currency: 'KWD' })).toBe('1.250 KWD');
  });

  it('never throws, and what it reads formats back to the same amount', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (input) => {
        const result = parsePrice(input);
        if (result.ok) {
          expect(Number.isSafeInteger(result.price.minor)).toBe(true);
          expect(result.price.minor).toBeGreaterThanOrEqual(0);
        }
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('CNY', 'usd', 'EUR'),
        (whole, cents, currency) => {
          const text = `${whole}.${String(cents).padStart(2, '0')} ${currency}`;
          const result = parsePrice(text);
          expect(result.ok && formatPrice(result.price)).toBe(text.toUpperCase());
        },
      ),
    );
  });
});
