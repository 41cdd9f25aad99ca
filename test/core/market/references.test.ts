import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  entryReference,
  offerReference,
  readReference,
  withReference,
} from '../../../src/core/market/references.js';

/** Stripe's rule for `client_reference_id`: letters, digits, `-` and `_`, at most 200 characters. */
const STRIPE_REFERENCE = /^[A-Za-z0-9_-]{1,200}$/;

describe('payment references', () => {
  it('an entry reference names its application and reads back to it', () => {
    expect(entryReference(12)).toBe('cb-a-12');
    expect(readReference('cb-a-12')).toEqual({ kind: 'entry', applicationId: 12 });
  });

  it('an offer reference names the offer and the buyer, or the offer alone when the buyer is unknown', () => {
    expect(offerReference(3, 7)).toBe('cb-o-3-m-7');
    expect(readReference('cb-o-3-m-7')).toEqual({ kind: 'offer', offerId: 3, memberId: 7 });
    expect(offerReference(3, null)).toBe('cb-o-3');
    expect(readReference('cb-o-3')).toEqual({ kind: 'offer', offerId: 3, memberId: null });
  });

  it('every id up to 15 digits round-trips, and fits Stripe and a Telegram invoice payload', () => {
    const id = fc.integer({ min: 1, max: 999_999_999_999_999 });
    fc.assert(
      fc.property(id, fc.option(id, { nil: null }), (a, m) => {
        const entry = entryReference(a);
        const offer = offerReference(a, m);
        for (const ref of [entry, offer]) {
          expect(ref).toMatch(STRIPE_REFERENCE);
          expect(Buffer.byteLength(ref)).toBeLessThanOrEqual(128);
        }
        expect(readReference(entry)).toEqual({ kind: 'entry', applicationId: a });
        expect(readReference(offer)).toEqual({ kind: 'offer', offerId: a, memberId: m });
      }),
    );
  });

  it('anything circlebot did not issue reads as nothing', () => {
    for (const junk of [
      null,
      '',
      'cb-a-',
      'cb-a-0',
      'cb-a-012',
      'cb-a-12x',
      ' cb-a-12',
      'cb-a-12\n',
      'cb-a--1',
      'cb-a-1.5',
      'CB-A-12',
      'cb-o-3-m-',
      'cb-o-3-m-0',
      'cb-o-3-x-7',
      'cb-o-3-m-7-m-8',
      'cb-x-3',
      'order_8271',
      'cs_test_a1b2c3',
    ]) {
      expect(readReference(junk), String(junk)).toBeNull();
    }
  });

  it('an id too long to be exact as a number is refused rather than rounded', () => {
    expect(readReference(`cb-a-${'9'.repeat(15)}`)).toEqual({
      kind: 'entry',
      applicationId: 999_999_999_999_999,
    });
    expect(readReference(`cb-a-${'9'.repeat(16)}`)).toBeNull();
    expect(readReference('cb-o-1-m-12345678901234567')).toBeNull();
    expect(readReference(`cb-a-${'1'.repeat(5000)}`)).toBeNull();
  });

  it('reading never throws, whatever the provider sent back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (raw) => {
        const read = readReference(raw);
        if (read !== null) expect(raw.startsWith('cb-')).toBe(true);
      }),
    );
  });
});

describe('payment links carrying the reference', () => {
  it('a Stripe Payment Link gets client_reference_id', () => {
    const url = withReference('https://buy.stripe.com/test_14k5mA', 'cb-o-3-m-7');
    expect(new URL(url).searchParams.get('client_reference_id')).toBe('cb-o-3-m-7');
    expect(url).toBe('https://buy.stripe.com/test_14k5mA?client_reference_id=cb-o-3-m-7');
  });

  it('keeps the query parameters the link already had, and replaces an old reference', () => {
    const url = new URL(
      withReference(
        'https://buy.stripe.com/test_14k5mA?prefilled_email=ann%40example.com&client_reference_id=old&locale=zh',
        'cb-a-12',
      ),
    );
    expect(url.searchParams.get('prefilled_email')).toBe('ann@example.com');
    expect(url.searchParams.get('locale')).toBe('zh');
    expect(url.searchParams.getAll('client_reference_id')).toEqual(['cb-a-12']);
    expect(url.pathname).toBe('/test_14k5mA');
  });

  it('any other merchant address is left exactly as it was', () => {
    for (const raw of [
      'https://shop.example/tea?utm_source=circle',
      'https://stripe.com/pricing',
      'https://buy.stripe.com.evil.example/x',
      'https://pay.example/checkout',
    ]) {
      expect(withReference(raw, 'cb-o-3-m-7')).toBe(raw);
    }
  });

  it('a page the owner declared a payment page gets the reference anyway (always)', () => {
    const url = new URL(withReference('https://pay.example/checkout?plan=gold', 'cb-a-12', true));
    expect(url.host).toBe('pay.example');
    expect(url.searchParams.get('plan')).toBe('gold');
    expect(url.searchParams.get('client_reference_id')).toBe('cb-a-12');
  });
});
