import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import { startTelegramBot, type TelegramBot } from './telegram-harness.js';

/** Debian's chromium, installed by `.ci/run`; playwright-core downloads no browser of its own. */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-output', 'dashboard');
const hasChromium = existsSync(CHROMIUM);
const title = hasChromium
  ? 'the owner dashboard in a real browser (chromium, Telegram fake)'
  : `the owner dashboard in a real browser — SKIPPED: ${CHROMIUM} is missing (install it: apt-get install -y chromium)`;

/** A port free right now, so the public URL in the login link can name it before the server listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.skipIf(!hasChromium)(title, () => {
  let fake: FakeTelegram;
  let bot: TelegramBot;
  let context: BrowserContext;
  let profile: string;
  let base: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    fake = await startFakeTelegram();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    bot = await startTelegramBot({
      fake,
      config: { http: { enabled: true, host: '127.0.0.1', port }, publicUrl: base },
    });
    profile = mkdtempSync(join(tmpdir(), 'circlebot-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 390, height: 844 }, // a phone
      locale: 'en-US',
    });
    context.setDefaultTimeout(15_000);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await bot?.stop();
    await fake?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('logs in by link, edits a question, approves an application the bot then admits, and keeps other circles closed', async () => {
    const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
    const group = fake.world.addChat({ title: 'Tea lovers', owner, join_by_request: true });
    const stranger = fake.world.addUser({ username: 'sam' });
    const chess = fake.world.addChat({ title: 'Chess club', owner: stranger });
    await bot.deliver(fake.build.message(chess.id, stranger, 'hello chess club'));
    for (const line of [
      '/question add Why do you want to join?',
      '/gate minscore 500',
      '/gate on',
      'hello tea lovers',
    ]) {
      await bot.deliver(fake.build.message(group.id, owner, line));
    }

    // /dashboard in the group: the link comes privately, as text and as a button.
    await bot.deliver(fake.build.message(group.id, owner, '/dashboard'));
    const dm = fake
      .calls('sendMessage')
      .filter((c) => Number(c.params.chat_id) === owner.id)
      .at(-1);
    const link = /http:\/\/127\.0\.0\.1:\d+\/dashboard\/login\?t=\S+/.exec(String(dm?.params.text))?.[0];
    expect(link).toBeDefined();
    const markup = dm?.params.reply_markup as {
      inline_keyboard: Array<Array<{ text: string; url?: string }>>;
    };
    expect(markup.inline_keyboard[0]?.[0]).toEqual({ text: 'Open the dashboard', url: link });
    const said = String(
      fake
        .calls('sendMessage')
        .filter((c) => Number(c.params.chat_id) === group.id)
        .at(-1)?.params.text,
    );
    expect(said).toBe('I sent it to you in a private message.');

    // Opening the link asks to confirm; Log in opens the circle.
    const page = await context.newPage();
    await page.goto(link!);
    expect(await page.getByRole('heading', { name: 'Log in to the dashboard' }).isVisible()).toBe(true);
    await shot(page, '01-login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/dashboard/c/*`);
    expect(await page.locator('h1').textContent()).toBe('Tea lovers');
    const tea = new URL(page.url()).pathname;
    const chessCircle = await bot.app.store.circles.find({ platform: 'telegram', id: String(chess.id) });
    await shot(page, '02-overview');
    const cookies = await context.cookies(`${base}/dashboard`);
    expect(cookies.find((c) => c.name === 'cb_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await page.goto(`${base}/dashboard`);
    expect(await page.locator('main').textContent()).toContain('Tea lovers');
    expect(await page.locator('main').textContent()).not.toContain('Chess club');
    await shot(page, '03-circles');

    // Edit the entry question on the gate page.
    await page.goto(`${base}${tea}/gate`);
    const first = page.locator('#q1');
    await first.getByText('Edit').click();
    await first.getByLabel('Question').fill('What brings you to Tea lovers?');
    await first.getByRole('button', { name: 'Save question' }).click();
    await page.waitForURL(`${base}${tea}/gate#q1`);
    expect(await page.getByRole('status').textContent()).toBe('Question 1 saved.');
    expect(await page.locator('#q1 strong').first().textContent()).toBe('1. What brings you to Tea lovers?');
    await shot(page, '04-gate');

    // An applicant answers the edited question; the application waits for review.
    const carol = fake.world.addUser({ username: 'carol', startedBot: true });
    await bot.deliver(fake.build.chatJoinRequest(group.id, carol));
    const asked = fake.calls('sendMessage').filter((c) => Number(c.params.chat_id) === carol.id);
    expect(String(asked.at(-1)?.params.text)).toContain('What brings you to Tea lovers?');
    await bot.deliver(fake.build.message(carol, carol, 'I run a tea house in Hangzhou'));

    await page.goto(`${base}${tea}/review`);
    const item = page.locator('article', { hasText: 'Application #1: @carol' });
    expect(await item.textContent()).toContain('I run a tea house in Hangzhou');
    expect(await item.textContent()).toContain('Credit 5');
    await shot(page, '05-review');
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(0);
    await item.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${base}${tea}/review`);
    expect(await page.getByRole('status').textContent()).toBe('@carol is approved.');

    // The bot acted on the platform exactly as the chat's Approve button would.
    const approvals = fake.calls('approveChatJoinRequest');
    expect(approvals).toHaveLength(1);
    expect([Number(approvals[0]?.params.chat_id), Number(approvals[0]?.params.user_id)]).toEqual([
      group.id,
      carol.id,
    ]);
    const told = fake.calls('sendMessage').filter((c) => Number(c.params.chat_id) === carol.id);
    expect(String(told.at(-1)?.params.text)).toBe('Welcome! You have been admitted to Tea lovers.');

    for (const [tab, name] of [
      ['members', '06-members'],
      ['activity', '07-activity'],
      ['leaderboard', '08-leaderboard'],
      ['offers', '09-offers'],
      ['audit', '10-audit'],
    ] as const) {
      const res = await page.goto(`${base}${tea}/${tab}`);
      expect(res?.status(), tab).toBe(200);
      await shot(page, name);
    }
    expect(await page.locator('main').textContent()).toContain('gate.approved');

    // Another circle's page: 403, even by typing its address.
    const chessPage = await page.goto(`${base}/dashboard/c/${chessCircle?.id}`);
    expect(chessPage?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Not one of your circles');
    await shot(page, '11-forbidden');

    // The spent link is refused when opened again.
    const again = await context.newPage();
    const reused = await again.goto(link!);
    expect(reused?.status()).toBe(410);
    expect(await again.locator('main').textContent()).toContain('This login link was already used');
    await shot(again, '12-link-spent');
    await again.close();

    // The same pages in Chinese, on a wide screen.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}${tea}/activity?lang=zh-CN`);
    expect(await page.locator('h1').textContent()).toBe('活跃度');
    await shot(page, '13-activity-zh-wide');
  }, 120_000);
});
