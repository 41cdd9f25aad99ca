import { describe, expect, it } from 'vitest';
import { circleSettingsSchema } from '../../../src/core/circle.js';
import { isTimeZone, marketSettingsSchema } from '../../../src/core/market/settings.js';

const defaults = { paidEntry: null, timezone: 'UTC', missedPosts: 'post', paymentPoints: 0 };

describe('market settings', () => {
  it('a circle that never set anything: free entry, UTC, missed posts posted, no payment points', () => {
    expect(marketSettingsSchema.parse({})).toEqual(defaults);
    // A row written before the market existed reads with the same defaults.
    expect(circleSettingsSchema.parse({ gate: {} }).market).toEqual(defaults);
  });

  it('keeps what an owner set', () => {
    const set = {
      paidEntry: { priceMinor: 3000, currency: 'CNY', method: 'stripe', url: 'https://buy.stripe.com/x' },
      timezone: 'Asia/Shanghai',
      missedPosts: 'skip',
      paymentPoints: 50,
    } as const;
    expect(marketSettingsSchema.parse(set)).toEqual(set);
    expect(marketSettingsSchema.parse(marketSettingsSchema.parse(set))).toEqual(set);
  });

  it('a stored time zone this Node does not know falls back to UTC, keeping the rest', () => {
    for (const timezone of ['Mars/Olympus_Mons', '', 'Asia/Shanghai ', 42, null]) {
      expect(marketSettingsSchema.parse({ timezone, paymentPoints: 5 }), String(timezone)).toEqual({
        ...defaults,
        paymentPoints: 5,
      });
    }
  });

  it('an entry fee must be a whole positive amount in a three-letter code, by a known method', () => {
    const fee = { priceMinor: 50, currency: 'XTR', method: 'stars', url: null };
    expect(marketSettingsSchema.parse({ paidEntry: fee }).paidEntry).toEqual(fee);
    for (const bad of [
      { ...fee, priceMinor: 0 },
      { ...fee, priceMinor: 1.5 },
      { ...fee, currency: 'xtr' },
      { ...fee, method: 'paypal' },
    ]) {
      expect(marketSettingsSchema.safeParse({ paidEntry: bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('payment points are a whole number from 0 to 100 000', () => {
    expect(marketSettingsSchema.parse({ paymentPoints: 100_000 }).paymentPoints).toBe(100_000);
    for (const bad of [-1, 100_001, 2.5]) {
      expect(marketSettingsSchema.safeParse({ paymentPoints: bad }).success, String(bad)).toBe(false);
    }
  });
});

describe('time zone names', () => {
  it('are the IANA zones this Node knows', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
