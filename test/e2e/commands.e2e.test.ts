import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleBot, startConsoleBot } from './console-harness.js';

describe('commands through the console', () => {
  const bots: ConsoleBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });
  const start = async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    return bot;
  };
  const lobby = { platform: 'console', id: 'lobby' } as const;

  it('answers an unknown command with a short hint', async () => {
    const bot = await start();
    expect(await bot.run('bob: /dance')).toBe(
      '[bot → #lobby] Unknown command /dance. Send /help to see what I can do.\n',
    );
  });

  it('shows members only member commands, and admins everything', async () => {
    const bot = await start();
    const member = await bot.run('bob: /help');
    expect(member).toContain('/credit');
    expect(member).not.toContain('For admins:');
    const admin = await bot.run('owner: /help');
    expect(admin).toContain('For admins:');
    expect(admin).toContain('/gate <on|off|mode');
    expect(await bot.run('owner: /help gate')).toContain(
      '/gate minscore <score> — Minimum credit score (350–950), or off',
    );
  });

  it('switches the circle to Chinese with /lang zh, and only for admins', async () => {
    const bot = await start();
    expect(await bot.run('bob: /lang zh')).toContain('/lang is for the admins of this circle.');
    expect(await bot.run('owner: /lang zh')).toContain('语言已设置为简体中文。');
    expect(await bot.run('bob: /ping')).toMatch(/pong（[\d.]+ 毫秒）/);
    expect(await bot.run('bob: /nope')).toContain('没有 /nope 这个命令');
    const circle = await bot.app.store.circles.find(lobby);
    expect(circle?.lang).toBe('zh-CN');
  });

  it('shows the circle’s settings with /setup', async () => {
    const bot = await start();
    await bot.run('owner: /gate minscore 620');
    const out = await bot.run('owner: /setup');
    expect(out).toContain('Setup of lobby:');
    expect(out).toContain('min score 620');
  });

  it.each([
    ['/gate minscore 2000', '“2000” is not a score: use a number from 350 to 950, or off.'],
    ['/gate timeout 10x', '<duration> must be a duration like 30s, 10m, 2h or 7d, not “10x”.'],
    ['/gate mode sometimes', '<mode> must be one of auto, review, not “sometimes”.'],
    ['/gate fly', '/gate has no “fly”.'],
    ['/question add Which city? | *Hangzhou', 'A choice question needs at least two options'],
    ['/question add Which city? | Beijing | Hangzhou', 'Mark the right option(s) with *'],
    ['/question remove 3', 'There is no question 3.'],
    ['/approve @nobody', 'I don’t know @nobody.'],
    ['/decline bob', 'bob has no open application here.'],
  ])('refuses bad input “%s” with one clear message and changes nothing', async (line, message) => {
    const bot = await start();
    await bot.run('bob: hi');
    const before = await bot.app.store.circles.find(lobby);
    const out = await bot.run(`owner: ${line}`);
    expect(out).toContain(message);
    expect(out.trim().split('\n')).toHaveLength(1);
    const after = await bot.app.store.circles.find(lobby);
    expect(after?.settings).toEqual(before?.settings);
    expect(await bot.app.store.gate.questions(after!.id)).toHaveLength(0);
  });
});
