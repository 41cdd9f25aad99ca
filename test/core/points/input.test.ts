import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT, newCheckinCode, parseDecay, parseEvent } from '../../../src/core/points/input.js';

describe('what admins type for events and decay', () => {
  it('an event is a title, its points, and optionally when it expires and how many may check in', () => {
    expect(parseEvent('Spring meetup 50')).toEqual({
      title: 'Spring meetup',
      points: 50,
      expiresMs: null,
      uses: null,
    });
    expect(parseEvent('Spring meetup 50 expires 3d uses 100')).toEqual({
      title: 'Spring meetup',
      points: 50,
      expiresMs: 3 * 86_400_000,
      uses: 100,
    });
    // In either order, and a title may itself end in a number.
    expect(parseEvent('Meetup 2026 50 uses 10 expires 2h')).toEqual({
      title: 'Meetup 2026',
      points: 50,
      expiresMs: 2 * 3_600_000,
      uses: 10,
    });
  });

  it('an event without a title, with no points, zero or too many points, or a bad limit does not fit', () => {
    for (const text of ['50', 'Spring meetup', 'Meetup 0', `Meetup ${MAX_AMOUNT + 1}`, 'Meetup 50 uses 0']) {
      expect(parseEvent(text), text).toBeNull();
    }
    // An unknown duration is not taken as a limit: the words stay in the title, and "3x" is no number.
    expect(parseEvent('Meetup 50 expires 3x')).toBeNull();
    expect(parseEvent(`${'a'.repeat(101)} 50`)).toBeNull();
  });

  it('decay is a weekly percentage after a quiet period, or off', () => {
    expect(parseDecay('2%/week after 30d')).toEqual({ percentPerWeek: 2, afterDays: 30 });
    expect(parseDecay(' 2.5% / week after 7d ')).toEqual({ percentPerWeek: 2.5, afterDays: 7 });
    expect(parseDecay('OFF')).toBeNull();
    for (const text of [
      '2%/day after 30d',
      '0%/week after 30d',
      '101%/week after 30d',
      '2%/week after 0d',
      '',
    ]) {
      expect(parseDecay(text), text).toBe('invalid');
    }
  });

  it('property: neither parser throws on any text, and what they accept is in range', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const event = parseEvent(text);
        if (event) {
          expect(event.points).toBeGreaterThanOrEqual(1);
          expect(event.points).toBeLessThanOrEqual(MAX_AMOUNT);
          expect(event.title.length).toBeGreaterThan(0);
        }
        const decay = parseDecay(text);
        if (decay && decay !== 'invalid') expect(decay.percentPerWeek).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('check-in codes are 8 characters people can type without mixing up look-alikes', () => {
    const codes = Array.from({ length: 200 }, newCheckinCode);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
