import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleBot, captureLogs, startConsoleBot } from './console-harness.js';

describe('abuse limits and what the logs keep (console)', () => {
  const bots: ConsoleBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });

  it('a member flooding commands is told once to slow down, then ignored until the limit refills', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    await bot.run('bob: hello everyone');
    const answers: string[] = [];
    for (let i = 0; i < 12; i++) answers.push(await bot.run('bob: /ping'));
    expect(answers.slice(0, 10).every((out) => out.includes('pong'))).toBe(true);
    expect(answers[10]).toContain('Easy there: that is a lot of commands at once. Try again in 6 s.');
    expect(answers[11]).not.toContain('[bot'); // dropped, not queued
    await bot.advance(6_000);
    expect(await bot.run('bob: /ping')).toContain('pong');
  });

  it('the circle’s admins are not limited', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    for (let i = 0; i < 15; i++) expect(await bot.run('owner: /ping')).toContain('pong');
  });

  it('an overlong command is refused politely and stores nothing', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    const out = await bot.run(`owner: /question add ${'Why? '.repeat(1000)}`);
    expect(out).toContain('That is too long for a command: at most 4000 characters.');
    const circle = (await bot.app.store.circles.list())[0]!;
    expect(await bot.app.store.gate.questions(circle.id)).toEqual([]);
    expect(
      await bot.run(`owner: /offer add Tea | https://shop.example/tea | 1 CNY | ${'x'.repeat(600)}`),
    ).toContain('The description must be at most 500 characters.');
    expect(await bot.app.store.market.offers(circle.id)).toEqual([]);
  });

  it('a whole gate story leaves ids in the logs, never answers, message texts or names', async () => {
    const logs = captureLogs();
    const bot = await startConsoleBot({ logTo: logs.logTo });
    bots.push(bot);
    await bot.run(
      'owner: /question add What is your favourite tea? ',
      'owner: /gate on',
      'zhangwei joins',
      'zhangwei dm: Tieguanyin from Anxi, brewed gongfu style',
      'owner: /approve @zhangwei',
      'zhangwei: Secret family oolong recipe inside',
      'zhangwei: /rank',
    );
    expect(logs.text()).toContain('"msg":"verdict"');
    expect(logs.text()).toContain('"memberId"');
    for (const secret of ['Tieguanyin', 'Anxi', 'Secret family oolong', 'favourite tea', 'zhangwei']) {
      expect(logs.text(), secret).not.toContain(secret);
    }
  });
});
