import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleBot, startConsoleBot } from './console-harness.js';

const MINUTE = 60_000;

describe('points pictures and reactions through the console', () => {
  const bots: ConsoleBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });

  it('/event create shows the code, then names its QR picture with the caption', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    const out = await bot.run('owner: /event create Tea tasting 30');
    const code = /: ([A-Z0-9]{8}) — worth 30 points/.exec(out)?.[1];
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(out).toMatch(
      new RegExp(
        `\\[bot → #[^\\]]+\\] \\[image checkin\\.png, \\d+ bytes\\] “Tea tasting” check-in: scan this code, or send /checkin ${code}`,
      ),
    );
  });

  it('with /level announce reaction, the level-up shows as the bot’s 🎉 on the message', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    expect(await bot.run('owner: /level announce reaction')).toContain('Level-ups are marked with a 🎉');
    const lines = [
      'bob: good morning everyone',
      'bob: the oolong from last week was lovely',
      'bob: who wants to try a smoky lapsang?',
      'bob: I found a shop selling aged pu-erh',
      'bob: matcha latte or plain matcha, which one?',
      'bob: my kettle finally broke today',
    ];
    for (const line of lines) {
      expect(await bot.run(line)).not.toContain('[bot reacts');
      bot.clock.advance(MINUTE + 1);
    }
    const out = await bot.run('bob: and now some assam with milk');
    expect(out).toMatch(/\[bot reacts 🎉 to message \S+\]/);
    expect(out).not.toContain('reached level');
  });
});
