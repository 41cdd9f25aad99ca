import { describe, expect, it } from 'vitest';
import { telegramGroups } from './telegram-harness.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe('/autodelete on Telegram (real telegraf, fake Bot API, fake clock)', () => {
  const groups = telegramGroups();

  it('deletes a member’s /rank card and a refusal after the delay; the admin’s setting answer stays', async () => {
    const { fake, bot, group, say, texts } = await groups.start();
    const bob = fake.world.addUser({ username: 'bob', first_name: 'Bob' });
    fake.world.setMember(group.id, bob, 'member');
    /** The id of the bot's latest message in the group. */
    const lastSent = () => {
      const call = fake
        .calls('sendMessage')
        .filter((c) => Number(c.params.chat_id) === group.id)
        .at(-1);
      return (call?.response.result as { message_id: number } | undefined)?.message_id;
    };
    const deleted = () =>
      fake
        .calls('deleteMessage')
        .filter((c) => Number(c.params.chat_id) === group.id)
        .map((c) => Number(c.params.message_id));

    await say('/autodelete 2m');
    expect(texts(group.id).at(-1)).toBe(
      'My answers to commands here are deleted after 2m. Answers to admins’ setting commands stay.',
    );
    const setting = lastSent();

    await bot.deliver(fake.build.message(group.id, bob, 'good morning, tea people'));
    await bot.deliver(fake.build.message(group.id, bob, '/rank'));
    expect(texts(group.id).at(-1)).toMatch(/^@bob — level 0, 15 points, rank 1 of 1/);
    const rank = lastSent();
    await bot.deliver(fake.build.message(group.id, bob, '/gate on'));
    expect(texts(group.id).at(-1)).toBe('/gate is for the admins of this circle.');
    const refusal = lastSent();

    await bot.advance(2 * MINUTE - SECOND);
    expect(deleted()).toEqual([]);
    expect(fake.world.chatRecord(group.id)?.messages.has(rank!)).toBe(true);
    await bot.advance(SECOND);
    expect(deleted()).toEqual([rank, refusal]);
    await bot.advance(60 * MINUTE);
    expect(deleted()).not.toContain(setting);
    expect(fake.world.chatRecord(group.id)?.messages.has(rank!)).toBe(false);

    // Turned off, answers stay.
    await say('/autodelete off');
    await bot.deliver(fake.build.message(group.id, bob, '/rank'));
    await bot.advance(10 * MINUTE);
    expect(deleted()).toEqual([rank, refusal]);
  });

  it('refuses a delay out of bounds, tells the current one, and /setup lists the automation', async () => {
    const { group, say, texts } = await groups.start();
    await say('/autodelete 2s');
    expect(texts(group.id).at(-1)).toBe('“2s” is not a time from 5s to 1d (e.g. 2m), nor off.');
    await say('/autodelete soon');
    expect(texts(group.id).at(-1)).toBe('“soon” is not a time from 5s to 1d (e.g. 2m), nor off.');
    await say('/autodelete');
    expect(texts(group.id).at(-1)).toBe(
      'My answers to commands here stay. /autodelete 2m deletes them after 2 minutes.',
    );
    await say('/autodelete 90s');
    await say('/autodelete');
    expect(texts(group.id).at(-1)).toBe('My answers to commands here are deleted after 1m30s.');
    await say('/nudge 14d');
    await say('/setup');
    expect(texts(group.id).at(-1)).toContain(
      'Automation: welcome off; rules none; weekly digest off; nudges after 14d; command answers deleted after 1m30s',
    );
  });
});
