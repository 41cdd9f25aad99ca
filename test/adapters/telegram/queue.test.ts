import { describe, expect, it } from 'vitest';
import { OutboundQueue, type QueueClock } from '../../../adapters/telegram/queue.js';

/** Virtual time: sleeping moves the clock, so pacing is checked without waiting. */
function virtualClock(): QueueClock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

const group = { key: '-100', paced: true, group: true };

describe('the outbound queue', () => {
  it('spaces messages to one chat at least a second apart', async () => {
    const clock = virtualClock();
    const queue = new OutboundQueue({}, clock);
    const at: number[] = [];
    for (let i = 0; i < 3; i++) await queue.run(group, async () => at.push(clock.now()));
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1000);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(1000);
  });

  it('sends at most 20 messages a minute to a group', async () => {
    const clock = virtualClock();
    const queue = new OutboundQueue({ perChatGapMs: 0 }, clock);
    const at: number[] = [];
    for (let i = 0; i < 21; i++) await queue.run(group, async () => at.push(clock.now()));
    expect(at[20]! - at[0]!).toBeGreaterThanOrEqual(60_000);
    expect(at[19]! - at[0]!).toBeLessThan(60_000);
  });

  it('waits retry_after on a 429 and delivers the same call once', async () => {
    const clock = virtualClock();
    const queue = new OutboundQueue({}, clock);
    let calls = 0;
    const result = await queue.run(group, async () => {
      calls++;
      if (calls === 1)
        throw Object.assign(new Error('Too Many Requests'), { code: 429, parameters: { retry_after: 7 } });
      return 'sent';
    });
    expect(result).toBe('sent');
    expect(calls).toBe(2);
    expect(clock.now()).toBeGreaterThanOrEqual(7000);
  });

  it('gives up after the retry budget and passes other errors through at once', async () => {
    const clock = virtualClock();
    const queue = new OutboundQueue({ maxRetries: 2 }, clock);
    let calls = 0;
    const flood = Object.assign(new Error('Too Many Requests'), {
      code: 429,
      parameters: { retry_after: 1 },
    });
    await expect(
      queue.run(group, async () => {
        calls++;
        throw flood;
      }),
    ).rejects.toBe(flood);
    expect(calls).toBe(3);
    const forbidden = Object.assign(new Error('Forbidden'), { code: 403 });
    await expect(queue.run(group, () => Promise.reject(forbidden))).rejects.toBe(forbidden);
  });

  it('keeps one chat’s calls in order, even when an earlier one is slow', async () => {
    const queue = new OutboundQueue({ perChatGapMs: 0, globalPerSecond: 1e6 });
    const order: string[] = [];
    const slow = queue.run(group, () => new Promise((r) => setTimeout(() => r(order.push('first')), 30)));
    const fast = queue.run(group, async () => order.push('second'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['first', 'second']);
  });
});
