import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { CommandRateLimiter } from '../../../src/core/commands/rate-limit.js';

describe('command rate limit', () => {
  it('lets a burst through, warns once past it, drops quietly after, and refills with time', () => {
    const clock = new ManualClock();
    const limiter = new CommandRateLimiter(clock, { burst: 3, refillMs: 10_000 });
    expect([1, 2, 3].map(() => limiter.take('telegram:7').ok)).toEqual([true, true, true]);
    expect(limiter.take('telegram:7')).toEqual({ ok: false, warn: true, retryAfterMs: 10_000 });
    clock.advance(4_000);
    expect(limiter.take('telegram:7')).toEqual({ ok: false, warn: false, retryAfterMs: 6_000 });
    // Someone else is not slowed by it.
    expect(limiter.take('telegram:8').ok).toBe(true);
    clock.advance(6_000);
    expect(limiter.take('telegram:7').ok).toBe(true);
    // Dry again: warned again, once.
    expect(limiter.take('telegram:7')).toMatchObject({ ok: false, warn: true });
  });

  it('never holds more than the burst, however long the member was away', () => {
    const clock = new ManualClock();
    const limiter = new CommandRateLimiter(clock, { burst: 2, refillMs: 1_000 });
    clock.advance(3_600_000);
    expect([1, 2, 3].map(() => limiter.take('m').ok)).toEqual([true, true, false]);
  });
});
