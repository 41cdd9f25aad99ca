import { describe, expect, it } from 'vitest';
import { POST_JOB } from '../../src/core/market/posts.js';
import { startTelegramBot, type TelegramBot, telegramGroups } from './telegram-harness.js';

const TEA = 'Spring tea set | https://shop.example/tea | 89.00 CNY';
const HOUR = 3_600_000;
// 2026-01-01 was a Thursday.
const THURSDAY_NOON = Date.UTC(2026, 0, 1, 12);
const FRIDAY_8PM = Date.UTC(2026, 0, 2, 20);
const WEEK = 7 * 24 * HOUR;

describe('scheduled offer posts on Telegram (real telegraf, fake Bot API, fake clock)', () => {
  const groups = telegramGroups();

  async function setUp() {
    const config = { http: { enabled: true, port: 0 }, publicUrl: 'https://circle.example' };
    const { fake, bot, group, owner } = await groups.start({ config });
    bot.clock.set(new Date(THURSDAY_NOON));
    const say = (b: TelegramBot, text: string) => b.deliver(fake.build.message(group.id, owner, text));
    const lastText = () => String(fake.calls('sendMessage').at(-1)?.params.text);
    /** Offer posts in the group: messages with a link button. */
    const posts = () =>
      fake.calls('sendMessage').filter((c) => Number(c.params.chat_id) === group.id && c.params.reply_markup);
    /** Stops the bot as a restart would, and starts another on its database and clock. */
    const restart = async (b: TelegramBot, at: number) => {
      await b.stop();
      b.clock.set(new Date(at));
      const again = groups.track(await startTelegramBot({ fake, config, dbFile: b.dbFile, clock: b.clock }));
      await again.advance(0);
      return again;
    };
    return { fake, bot, say, lastText, posts, restart };
  }

  it('an admin schedules an offer for Friday 20:00: shown back in words, posted at its time, once', async () => {
    const { bot, say, lastText, posts } = await setUp();
    await say(bot, `/offer add ${TEA}`);
    await say(bot, '/offer schedule 1 0 20 * * FRI');
    expect(lastText()).toBe(
      [
        'Offer #1 (Spring tea set) will be posted here: At 20:00, only on Friday (UTC). Next:',
        '  • 2026-01-02 20:00 UTC',
        '  • 2026-01-09 20:00 UTC',
        '  • 2026-01-16 20:00 UTC',
      ].join('\n'),
    );
    await bot.advance(FRIDAY_8PM - 60_000 - THURSDAY_NOON);
    expect(posts()).toHaveLength(0);
    await bot.advance(60_000);
    expect(posts()).toHaveLength(1);
    expect(String(posts()[0]?.params.text)).toBe('🛍 Spring tea set — 89.00 CNY');
    const markup = posts()[0]?.params.reply_markup as { inline_keyboard: { url?: string }[][] };
    expect(markup.inline_keyboard[0]?.[0]?.url).toMatch(/^https:\/\/circle\.example\/l\/[0-9A-Za-z]{12}$/);
    await bot.advance(HOUR);
    expect(posts()).toHaveLength(1);
    // The next Friday posts again.
    await bot.advance(WEEK - HOUR);
    expect(posts()).toHaveLength(2);
  });

  it('a run whose job fires twice (a retry after a crash, a second process) is posted once', async () => {
    const { bot, say, posts } = await setUp();
    await say(bot, `/offer add ${TEA}`);
    await say(bot, '/offer schedule 1 0 20 * * FRI');
    const [job] = await bot.app.store.jobs.pending(POST_JOB);
    expect(job).toBeDefined();
    // The same run, planned a second time under another key: both jobs fall due together.
    await bot.app.store.jobs.schedule({
      kind: POST_JOB,
      key: 'copy',
      payload: job!.payload,
      runAt: job!.runAt,
    });
    await bot.advance(FRIDAY_8PM - THURSDAY_NOON);
    expect(posts()).toHaveLength(1);
    expect(await bot.app.store.market.runs(1)).toEqual([
      { slot: new Date(FRIDAY_8PM), outcome: 'posted', messageId: expect.any(String) },
    ]);
  });

  it('survives a restart before its time: posted at its time by the new process, not doubled', async () => {
    const { bot, say, posts, restart } = await setUp();
    await say(bot, `/offer add ${TEA}`);
    await say(bot, '/offer schedule 1 0 20 * * FRI');
    const again = await restart(bot, FRIDAY_8PM - HOUR);
    expect(posts()).toHaveLength(0);
    await again.advance(HOUR);
    expect(posts()).toHaveLength(1);
    await again.advance(HOUR);
    expect(posts()).toHaveLength(1);
  });

  it('a run missed while the bot was down is posted once at start, then the schedule goes on', async () => {
    const { bot, say, posts, restart } = await setUp();
    await say(bot, `/offer add ${TEA}`);
    await say(bot, '/offer schedule 1 0 20 * * FRI');
    // Down from Thursday until Friday 23:00: the 20:00 run was missed.
    const again = await restart(bot, FRIDAY_8PM + 3 * HOUR);
    expect(posts()).toHaveLength(1);
    await again.advance(HOUR);
    expect(posts()).toHaveLength(1);
    await again.advance(WEEK - 4 * HOUR);
    expect(posts()).toHaveLength(2);
  });

  it('with /offer missed skip, a missed run is skipped and the next one is posted', async () => {
    const { bot, say, lastText, posts, restart } = await setUp();
    await say(bot, `/offer add ${TEA}`);
    await say(bot, '/offer missed skip');
    expect(lastText()).toBe('A scheduled post missed while the bot was down is skipped (and logged).');
    await say(bot, '/offer schedule 1 0 20 * * FRI');
    const again = await restart(bot, FRIDAY_8PM + 3 * HOUR);
    expect(posts()).toHaveLength(0);
    expect((await again.app.store.market.runs(1)).map((r) => r.outcome)).toEqual(['skipped']);
    await again.advance(WEEK - 3 * HOUR);
    expect(posts()).toHaveLength(1);
  });

  it('reads patterns in the circle’s time zone; refuses bad patterns and zones, changing nothing', async () => {
    const { bot, say, lastText, posts } = await setUp();
    await say(bot, `/offer add ${TEA}`);
    await say(bot, '/offer timezone asia/shanghai');
    expect(lastText()).toBe('Schedules set from now on read their times in Asia/Shanghai.');
    await say(bot, '/offer schedule 1 0 20 * * FRI');
    expect(lastText()).toContain(
      'At 20:00, only on Friday (Asia/Shanghai). Next:\n  • 2026-01-02 20:00 Asia/Shanghai',
    );
    // 20:00 in Shanghai is 12:00 UTC.
    await bot.advance(Date.UTC(2026, 0, 2, 12) - THURSDAY_NOON);
    expect(posts()).toHaveLength(1);

    await say(bot, '/offer schedule 1 * * * * *');
    expect(lastText()).toBe(
      '“* * * * *” would post more than once every 10 minutes: choose a calmer schedule.',
    );
    await say(bot, '/offer schedule 1 0 25 * * *');
    expect(lastText()).toContain('is not a valid cron pattern');
    await say(bot, '/offer timezone Mars/Olympus');
    expect(lastText()).toBe(
      '“Mars/Olympus” is not a time zone: use a name like Asia/Shanghai, Europe/Berlin or UTC.',
    );
    expect((await bot.app.store.market.schedule(1))?.cron).toBe('0 20 * * FRI');

    await say(bot, '/offer unschedule 1');
    expect(lastText()).toBe('Offer #1 (Spring tea set) is no longer posted on a schedule.');
    await bot.advance(WEEK);
    expect(posts()).toHaveLength(1);
  });
});
