import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleBot, startConsoleBot } from './console-harness.js';

const MINUTE = 60_000;

describe('points through the console', () => {
  const bots: ConsoleBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });
  const start = async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    return bot;
  };
  /** Members chat, a minute apart so each message counts. */
  async function chat(bot: ConsoleBot, ...lines: string[]) {
    for (const line of lines) {
      await bot.run(line);
      bot.clock.advance(MINUTE + 1);
    }
  }

  it('counts messages, and /rank and /top answer from the ledger', async () => {
    const bot = await start();
    await chat(
      bot,
      'bob: good morning everyone',
      'carol: who is bringing tea on friday?',
      'bob: I will bring oolong',
      'bob: and some biscuits too',
    );
    expect(await bot.run('bob: /rank')).toContain('@bob — level 0, 45 points, rank 1 of 2');
    expect(await bot.run('bob: /rank @carol')).toContain('@carol — level 0, 15 points, rank 2 of 2');
    const top = await bot.run('carol: /top');
    expect(top).toContain('Top members of all time:\n    1. @bob — 45\n    2. @carol — 15');
  });

  it('ignores farming: messages inside the cooldown, too short, or repeated', async () => {
    const bot = await start();
    await bot.run('bob: first message of the day');
    await bot.run('bob: a second one right away'); // cooldown
    bot.clock.advance(MINUTE + 1);
    await bot.run('bob: ok'); // too short
    bot.clock.advance(MINUTE + 1);
    await bot.run('bob: first message of the day!!'); // too similar
    expect(await bot.run('bob: /rank')).toContain('15 points');
  });

  it('announces a level-up in one line', async () => {
    const bot = await start();
    const lines = [
      'bob: good morning from Hangzhou',
      'bob: the rain finally stopped here',
      'bob: who wants to try the new oolong?',
      'bob: I brought biscuits for Friday',
      'bob: remember the meetup at seven',
      'bob: my cat knocked over the teapot again',
      'bob: anyone reading something good lately?',
    ];
    let out = '';
    for (const line of lines) {
      out += await bot.run(line);
      bot.clock.advance(MINUTE + 1);
    }
    expect(out).toContain('🎉 @bob reached level 1!');
    expect(out.match(/reached level/g)).toHaveLength(1);
  });

  it('deletes a link from a member below the level that unlocks links, and tells them why', async () => {
    const bot = await start();
    await bot.run('owner: /level links 2');
    const out = await bot.run('bob: buy cheap tea at https://spam.example/deal');
    expect(out).toContain('the bot deleted message');
    expect(out).toContain('@bob, links unlock at level 2 here. Keep chatting!');
    expect(await bot.run('bob: /rank')).toContain('has no points here yet');
    // An admin's link stays; the notice is cleaned up after a while.
    expect(await bot.run('owner: see https://tea.example/menu')).not.toContain('deleted');
    expect(await bot.advance(31_000)).toContain('the bot deleted message');
  });

  it('redeems an event check-in code once per member, up to its uses', async () => {
    const bot = await start();
    const created = await bot.run('owner: /event create Spring meetup 50 expires 3d uses 2');
    const code = /Check-in code for “Spring meetup”: ([A-Z0-9]{8})/.exec(created)?.[1];
    expect(code).toBeDefined();
    expect(await bot.run(`bob: /checkin ${code}`)).toContain(
      'Checked in at “Spring meetup”: +50 points (now 50).',
    );
    expect(await bot.run(`bob: /checkin ${code}`)).toContain('You already checked in with that code.');
    expect(await bot.run(`carol: /checkin ${code?.toLowerCase()}`)).toContain('+50 points');
    expect(await bot.run(`dave: /checkin ${code}`)).toContain('That check-in code has been used up.');
    expect(await bot.run('dave: /checkin NOPE1234')).toContain('That check-in code does not exist here.');
  });

  it('lets admins give and take points, audited, and never below zero', async () => {
    const bot = await start();
    await bot.run('bob: hello there');
    expect(await bot.run('owner: /points give @bob 100 helped at the meetup')).toContain(
      'Gave 100 points to @bob (now 115).',
    );
    expect(await bot.run('owner: /points take @bob 500 spam')).toContain(
      'Took 115 points from @bob (now 0).',
    );
    expect(await bot.run('bob: /points give @bob 100')).toContain(
      '/points is for the admins of this circle.',
    );
    const audit = await bot.app.store.audit.list(1, 10);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['points.given', 'points.taken']));
  });

  it('gives the author points when someone reacts to their message', async () => {
    const bot = await start();
    await bot.run('bob: the new tea shop opened today');
    await bot.run('carol reacts 👍', 'dave reacts ❤️', 'bob reacts 🎉');
    expect(await bot.run('bob: /rank')).toContain('19 points'); // 15 + 2 + 2; his own reaction earns nothing
  });

  it('decays the points of members inactive past the setting, weekly', async () => {
    const bot = await start();
    await bot.run('owner: /points give @owner 1000');
    await bot.run('bob: hello everyone, nice to be here');
    await bot.run('owner: /points give @bob 985');
    expect(await bot.run('owner: /points decay 10%/week after 30d')).toContain(
      'lose 10% of their points each week',
    );
    await bot.advance(35 * 86_400_000);
    expect(await bot.run('bob: /rank')).toContain('900 points');
  });
});
