import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/core/errors.js';
import { readPaidEntry } from '../../../src/core/market/entry-commands.js';
import { paidEntrySchema } from '../../../src/core/market/settings.js';

/** What `/paidentry <text>` is refused with: the catalog key and its parameters. */
function refusal(text: string): { key: string; params: Record<string, string | number> } {
  try {
    readPaidEntry(text);
  } catch (err) {
    if (err instanceof InvalidInputError) return { key: err.messageKey, params: err.params };
    throw err;
  }
  throw new Error(`accepted: ${text}`);
}

describe('/paidentry: what an admin may type', () => {
  it('off, in any case, makes entry free', () => {
    expect(readPaidEntry('off')).toBeNull();
    expect(readPaidEntry('  OFF ')).toBeNull();
  });

  it('a price and stripe with the Payment Link', () => {
    expect(readPaidEntry('30 CNY stripe https://buy.stripe.com/test_14k5mA')).toEqual({
      priceMinor: 3000,
      currency: 'CNY',
      method: 'stripe',
      url: 'https://buy.stripe.com/test_14k5mA',
    });
  });

  it('a price and link with any payment page, the address normalised, its query kept', () => {
    expect(readPaidEntry('12.50 usd LINK HTTPS://Pay.Example/checkout?plan=gold')).toEqual({
      priceMinor: 1250,
      currency: 'USD',
      method: 'link',
      url: 'https://pay.example/checkout?plan=gold',
    });
    expect(readPaidEntry('1,299 CNY link https://pay.example/a')).toMatchObject({ priceMinor: 129_900 });
  });

  it('a price in XTR paid with Telegram Stars, no address', () => {
    expect(readPaidEntry('50 XTR stars')).toEqual({
      priceMinor: 50,
      currency: 'XTR',
      method: 'stars',
      url: null,
    });
    expect(readPaidEntry(' 50  xtr  Stars ')).toEqual(readPaidEntry('50 XTR stars'));
  });

  it('whatever it accepts is a setting the circle can store', () => {
    const price = fc.tuple(
      fc.integer({ min: 0, max: 999_999 }),
      fc.constantFrom('CNY', 'usd', 'JPY', 'EUR'),
      fc.constantFrom('', '.5', '.00', '.99'),
    );
    fc.assert(
      fc.property(price, fc.constantFrom('stripe', 'link'), ([whole, currency, cents], method) => {
        const text = `${whole}${currency === 'JPY' ? '' : cents} ${currency} ${method} https://buy.stripe.com/x`;
        let fee: ReturnType<typeof readPaidEntry>;
        try {
          fee = readPaidEntry(text);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidInputError);
          return;
        }
        expect(paidEntrySchema.safeParse(fee).success, text).toBe(true);
      }),
    );
  });
});

describe('/paidentry: what is refused, and with which message', () => {
  it('text that is not a fee, nor off, shows the forms', () => {
    for (const text of [
      '',
      'on',
      'off please',
      '30 CNY',
      'stripe https://buy.stripe.com/x',
      '50 XTR stars now',
      '30 CNY paypal https://pay.example/a',
    ]) {
      expect(refusal(text), text).toEqual({ key: 'market.entry.err.format', params: {} });
    }
  });

  it('a price that does not read as one is named', () => {
    expect(refusal('cheap stripe https://buy.stripe.com/x')).toEqual({
      key: 'market.err.price',
      params: { value: 'cheap' },
    });
    expect(refusal('30 RMB stripe https://buy.stripe.com/x')).toEqual({
      key: 'market.err.price',
      params: { value: '30 RMB' },
    });
    expect(refusal('30.123 CNY link https://pay.example/a')).toMatchObject({ key: 'market.err.price' });
  });

  it('a fee of nothing is refused (entry is free with off)', () => {
    expect(refusal('0 CNY stripe https://buy.stripe.com/x')).toEqual({
      key: 'market.err.price',
      params: { value: '0 CNY' },
    });
    expect(refusal('0.00 USD link https://pay.example/a')).toMatchObject({ key: 'market.err.price' });
    expect(refusal('0 XTR stars')).toMatchObject({ key: 'market.err.price' });
  });

  it('Stars take XTR, and XTR takes Stars', () => {
    expect(refusal('50 CNY stars')).toEqual({ key: 'market.entry.err.starsCurrency', params: {} });
    expect(refusal('50 XTR stripe https://buy.stripe.com/x')).toEqual({
      key: 'market.entry.err.starsMethod',
      params: {},
    });
    expect(refusal('50 XTR link https://pay.example/a')).toEqual({
      key: 'market.entry.err.starsMethod',
      params: {},
    });
  });

  it('stripe and link need exactly one web address', () => {
    for (const [text, method] of [
      ['30 CNY stripe', 'stripe'],
      ['30 CNY link ftp://pay.example/a', 'link'],
      ['30 CNY link pay.example/a', 'link'],
      ['30 CNY link https://pay.example/a https://pay.example/b', 'link'],
      ['30 CNY stripe https://ann:secret@buy.stripe.com/x', 'stripe'],
      ['30 CNY link javascript:alert(1)', 'link'],
    ] as const) {
      expect(refusal(text), text).toEqual({ key: 'market.entry.err.url', params: { method } });
    }
  });
});
