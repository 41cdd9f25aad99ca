import { describe, expect, it } from 'vitest';
import { NUDGE_JOB } from '../../src/core/automation/nudge.js';
import type { TgUser } from '../fakes/telegram/index.js';
import { startTelegramBot, type TelegramBot, telegramGroups } from './telegram-harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The harness clock's start: 2026-01-01 12:00 UTC. */
const T0 = Date.UTC(2026, 0, 1, 12);

describe('nudges to quiet members on Telegram (real telegraf, fake Bot API, fake clock)', () => {
  const groups = telegramGroups();

  async function setUp() {
    const ctx = await groups.start();
    const { fake, group } = ctx;
    const member = (username: string, first_name: string, startedBot = true) => {
      const user = fake.world.addUser({ username, first_name, startedBot });
      fake.world.setMember(group.id, user, 'member');
      return user;
    };
    const speak = (bot: TelegramBot, user: TgUser, text: string) =>
      bot.deliver(fake.build.message(group.id, user, text));
    /** Nudges a person got privately. */
    const nudges = (user: TgUser) => ctx.texts(user.id).filter((text) => text.startsWith('Hi '));
    /** Runs each daily pass up to `day` days after the start. */
    const untilDay = async (bot: TelegramBot, day: number) => {
      while (bot.clock.now().getTime() < T0 + day * DAY) await bot.advance(HOUR);
    };
    const restart = async (b: TelegramBot, at: number) => {
      await b.stop();
      b.clock.set(new Date(at));
      const again = groups.track(await startTelegramBot({ fake, dbFile: b.dbFile, clock: b.clock }));
      await again.advance(0);
      return again;
    };
    return { ...ctx, member, speak, nudges, untilDay, restart };
  }

  it('a member quiet for 14 days gets one friendly note; not again while still quiet, nor the active or the opted-out', async () => {
    const { fake, bot, owner, say, texts, member, speak, nudges, untilDay } = await setUp();
    await say('/nudge 14d');
    const ann = member('ann', 'Ann');
    const bob = member('bob', 'Bob');
    const cid = member('cid', 'Cid');
    await speak(bot, ann, 'good morning, tea people');
    await speak(bot, bob, 'hello from Bob');
    await speak(bot, cid, 'hi all');
    await bot.deliver(fake.build.message(cid, cid, '/quiet'));
    expect(texts(cid.id).at(-1)).toBe(
      'Done: I will not remind you when you have been quiet, in any circle. /quiet off allows it again.',
    );

    await untilDay(bot, 10);
    await speak(bot, bob, 'back from holidays with a new teapot');
    await untilDay(bot, 14);
    expect(nudges(ann)).toEqual([]);
    await untilDay(bot, 15);
    expect(nudges(ann)).toEqual([
      [
        'Hi Ann! We have not seen you in Tea lovers for a while. You have 15 points there (level 0).',
        'Since you were last there: 1 message and 0 new members.',
        '',
        'Drop by and say hello! (Send /quiet to me to stop these reminders.)',
      ].join('\n'),
    ]);
    expect(nudges(bob)).toEqual([]);

    await untilDay(bot, 30);
    expect(nudges(ann)).toHaveLength(1);
    expect(nudges(bob)).toHaveLength(1);
    expect(nudges(cid)).toEqual([]);
    // The owner is an admin, and quiet too: never nudged.
    expect(nudges(owner)).toEqual([]);

    // Ann comes back, then goes quiet again: a new stretch, a new note.
    await speak(bot, ann, 'sorry, I was travelling in Yunnan');
    await untilDay(bot, 44);
    expect(nudges(ann)).toHaveLength(1);
    await untilDay(bot, 45);
    expect(nudges(ann)).toHaveLength(2);

    // /quiet off lets the notes come again.
    await bot.deliver(fake.build.message(cid, cid, '/quiet off'));
    await untilDay(bot, 46);
    expect(nudges(cid)).toHaveLength(1);
  });

  it('a member the bot cannot write to is skipped and not tried again every day', async () => {
    const { fake, bot, group, say, member, speak, untilDay } = await setUp();
    await say('/nudge 14d');
    const dan = member('dan', 'Dan', false);
    await speak(bot, dan, 'lurking mostly');
    const attempts = () => fake.calls('sendMessage').filter((c) => Number(c.params.chat_id) === dan.id);
    await untilDay(bot, 15);
    expect(attempts()).toHaveLength(1);
    expect(attempts()[0]?.status).toBe(403);
    await untilDay(bot, 40);
    expect(attempts()).toHaveLength(1);
    // The bot still answers in the group.
    await say('/ping');
    expect(Number(fake.calls('sendMessage').at(-1)?.params.chat_id)).toBe(group.id);
  });

  it('is restart-safe: a pass due while the bot was down runs once at start, and a pass run twice nudges once', async () => {
    const { bot, group, say, member, speak, nudges, restart } = await setUp();
    await say('/nudge 14d');
    const ann = member('ann', 'Ann');
    await speak(bot, ann, 'good morning, tea people');
    await bot.advance(2 * DAY);
    // Down from day 2 to day 20.
    const again = await restart(bot, T0 + 20 * DAY);
    expect(nudges(ann)).toHaveLength(1);
    const third = await restart(again, T0 + 20 * DAY + HOUR);
    expect(nudges(ann)).toHaveLength(1);
    // The same pass run a second time (a crash before the job was marked done).
    const circle = await third.app.store.circles.find({ platform: 'telegram', id: String(group.id) });
    await third.app.store.jobs.schedule({
      kind: NUDGE_JOB,
      payload: { circleId: circle!.id },
      runAt: third.clock.now(),
    });
    await third.advance(0);
    await third.advance(3 * DAY);
    expect(nudges(ann)).toHaveLength(1);
  });

  it('is set, shown and turned off by admins; a time out of bounds is refused', async () => {
    const { bot, group, say, texts, member, speak, nudges, untilDay } = await setUp();
    await say('/nudge');
    expect(texts(group.id).at(-1)).toBe('Nudges: off. /nudge 14d writes to members quiet for 14 days.');
    await say('/nudge 2h');
    expect(texts(group.id).at(-1)).toBe('“2h” is not a time from 1d to 365d (e.g. 14d), nor off.');
    await say('/nudge 14d');
    expect(texts(group.id).at(-1)).toBe(
      'Members quiet for 14d get one friendly private message (never those who sent /quiet). I look once a day.',
    );
    await say('/nudge');
    expect(texts(group.id).at(-1)).toBe('Nudges: members quiet for 14d get one friendly private message.');
    const ann = member('ann', 'Ann');
    await speak(bot, ann, 'good morning, tea people');
    await say('/nudge off');
    expect(texts(group.id).at(-1)).toBe('Nudges off: quiet members are left alone.');
    await untilDay(bot, 30);
    expect(nudges(ann)).toEqual([]);
  });
});
