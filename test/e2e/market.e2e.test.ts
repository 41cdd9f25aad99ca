import { afterEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import { type ConsoleBot, startConsoleBot } from './console-harness.js';
import { startTelegramBot, type TelegramBot } from './telegram-harness.js';

const PUBLIC_URL = 'https://circle.example';
const TEA = 'Spring tea set | https://shop.example/tea | 89.00 CNY | Loose-leaf oolong, 200 g';
const TRACKED = /https:\/\/circle\.example\/l\/[0-9A-Za-z]{12}/;

describe('the market through the console', () => {
  const bots: ConsoleBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });
  const start = async (config: Record<string, unknown> = { publicUrl: PUBLIC_URL }) => {
    const bot = await startConsoleBot({ config: { http: { enabled: true, port: 0 }, ...config } });
    bots.push(bot);
    return bot;
  };
  /** The URL of link button `n` `who` sees, as the console reports it. */
  async function linkOf(bot: ConsoleBot, who: string, n = 1): Promise<string> {
    const out = await bot.run(`${who} presses ${n}`);
    const url = /button \d+ is a link: (\S+)/.exec(out)?.[1];
    if (!url) throw new Error(`no link button: ${out}`);
    return url;
  }
  /** Follows a tracked link the way a browser would, through the bot's own HTTP server. */
  async function follow(bot: ConsoleBot, link: string) {
    const url = new URL(link);
    return bot.app.http!.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
  }

  it('an owner posts an offer; its button goes through the tracked link, and the click shows in /revenue', async () => {
    const bot = await start();
    const added = await bot.run(`owner: /offer add ${TEA}`);
    expect(added).toContain('Offer #1 added: Spring tea set — 89.00 CNY. Post it with /offer post 1.');
    const tracked = TRACKED.exec(added)?.[0];
    expect(tracked).toBeDefined();

    const post = await bot.run('owner: /offer post 1');
    expect(post).toContain('[bot → #lobby] 🛍 Spring tea set — 89.00 CNY\n    Loose-leaf oolong, 200 g');
    expect(post).toContain('[1] Open the offer');
    const link = await linkOf(bot, 'owner');
    expect(link).toBe(tracked);

    const res = await follow(bot, link);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://shop.example/tea');

    const revenue = await bot.run('owner: /revenue');
    expect(revenue).toContain('I sent it to you in a private message.');
    expect(revenue).toContain('[bot → @owner] Revenue of lobby, last 7 days');
    expect(revenue).toContain('#1 Spring tea set: 1 click, 0 known members');
    expect(revenue).toContain('Total: 1 click');
    expect(revenue).toContain('No payments in this period.');
  });

  it('a member gets the offers privately, with links that credit their clicks to them', async () => {
    const bot = await start();
    await bot.run(`owner: /offer add ${TEA}`, 'owner: /offer sponsored 1 on');
    await bot.run('bob: hello everyone');
    const offers = await bot.run('bob: /offers');
    expect(offers).toContain(
      '[bot → @bob] What lobby offers:\n    1. Spring tea set — 89.00 CNY (sponsored)',
    );
    const personal = await linkOf(bot, 'bob');
    expect(personal).toMatch(new RegExp(`^${TRACKED.source}\\?m=\\d+\\.[\\w-]{22}$`));
    expect((await follow(bot, personal)).statusCode).toBe(302);
    // Someone who edits the token still reaches the shop, but the click is nobody's.
    expect((await follow(bot, personal.replace(/m=\d+/, 'm=1'))).statusCode).toBe(302);

    expect(await bot.run('owner: /revenue all')).toContain('#1 Spring tea set: 2 clicks, 1 known member');
    expect(await bot.run('owner: /offer post 1')).toContain('[bot → #lobby] Sponsored\n    🛍 Spring tea set');
  });

  it('refuses /offer add from a member, and a bad URL or price, storing nothing', async () => {
    const bot = await start();
    await bot.run('bob: hello');
    expect(await bot.run(`bob: /offer add ${TEA}`)).toContain('/offer is for the admins of this circle.');
    expect(await bot.run('owner: /offer add Tea | ftp://shop.example/tea | 89 CNY')).toContain(
      '“ftp://shop.example/tea” is not a web address: use a full http:// or https:// URL.',
    );
    expect(await bot.run('owner: /offer add Tea | javascript:alert(1) | 89 CNY')).toContain(
      'is not a web address',
    );
    expect(await bot.run('owner: /offer add Tea | https://shop.example/tea | 89.999 CNY')).toContain(
      'CNY prices take at most 2 decimals.',
    );
    expect(await bot.run('owner: /offer add Tea | https://shop.example/tea | 89 RMB')).toContain(
      '“RMB” is not a currency',
    );
    expect(await bot.run('owner: /offer add Tea https://shop.example/tea 89 CNY')).toContain(
      'Write it like: /offer add',
    );
    expect(await bot.run('owner: /offer list')).toContain('No offers yet.');
    const circle = await bot.app.store.circles.find({ platform: 'console', id: 'lobby' });
    expect(await bot.app.store.market.offers(circle!.id, { includeRemoved: true })).toEqual([]);
  });

  it('a removed offer leaves the list and its link answers 404, counting nothing', async () => {
    const bot = await start();
    const tracked = TRACKED.exec(await bot.run(`owner: /offer add ${TEA}`))![0];
    expect(await bot.run('owner: /offer remove #1')).toContain(
      'Offer #1 (Spring tea set) removed; its tracked link no longer works.',
    );
    expect((await follow(bot, tracked)).statusCode).toBe(404);
    expect(await bot.run('owner: /offer post 1')).toContain('There is no offer #1 here');
    expect(await bot.run('bob: /offers')).toContain('This circle offers nothing yet.');
    expect(await bot.run('owner: /revenue 30d')).toContain('No clicks on tracked links in this period.');
  });

  it('without a public URL, says so instead of posting a dead link', async () => {
    const bot = await start({});
    expect(await bot.run(`owner: /offer add ${TEA}`)).toContain('Tracked links are off: set publicUrl');
    const out = await bot.run('owner: /offer post 1');
    expect(out).toContain('Not posted: tracked links need a public address.');
    expect(out).not.toContain('[bot → #lobby] 🛍');
  });
});

describe('the market in a Telegram group (real telegraf, fake Bot API)', () => {
  const bots: TelegramBot[] = [];
  const fakes: FakeTelegram[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  it('posts an offer with a URL button whose URL is the tracked link; the click shows in /revenue', async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
    const group = fake.world.addChat({ title: 'Tea lovers', owner });
    const bot = await startTelegramBot({
      fake,
      config: { http: { enabled: true, port: 0 }, publicUrl: PUBLIC_URL },
    });
    bots.push(bot);

    await bot.deliver(fake.build.message(group.id, owner, `/offer add ${TEA}`));
    await bot.deliver(fake.build.message(group.id, owner, '/offer post 1'));
    const post = fake
      .calls('sendMessage')
      .filter((c) => Number(c.params.chat_id) === group.id && c.params.reply_markup)
      .at(-1);
    expect(post?.status).toBe(200);
    expect(String(post?.params.text)).toBe('🛍 Spring tea set — 89.00 CNY\nLoose-leaf oolong, 200 g');
    const markup = post?.params.reply_markup as { inline_keyboard: { text: string; url?: string }[][] };
    expect(markup.inline_keyboard).toHaveLength(1);
    const [button] = markup.inline_keyboard[0]!;
    expect(button?.text).toBe('Open the offer');
    expect(button?.url).toMatch(new RegExp(`^${TRACKED.source}$`));

    const res = await bot.app.http!.inject({ method: 'GET', url: new URL(button!.url!).pathname });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://shop.example/tea');

    await bot.deliver(fake.build.message(group.id, owner, '/revenue'));
    const report = fake
      .calls('sendMessage')
      .filter((c) => Number(c.params.chat_id) === owner.id)
      .map((c) => String(c.params.text))
      .at(-1);
    expect(report).toContain('Revenue of Tea lovers, last 7 days');
    expect(report).toContain('#1 Spring tea set: 1 click, 0 known members');
  });
});
