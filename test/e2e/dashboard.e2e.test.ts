import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleBot, startConsoleBot } from './console-harness.js';

const PUBLIC_URL = 'https://circle.example';
const LINK = /https:\/\/circle\.example\/dashboard\/login\?t=\S+/;

describe('/dashboard in the console group', () => {
  const bots: ConsoleBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });
  const start = async (config: Record<string, unknown>) => {
    const bot = await startConsoleBot({ config });
    bots.push(bot);
    return bot;
  };

  /** Opens a login link against the running server (its public URL is not this machine) and presses Log in. */
  async function logIn(bot: ConsoleBot, link: string) {
    const url = new URL(link);
    const page = await bot.app.http!.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    const nonce = /name="_login" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await bot.app.http!.inject({
      method: 'POST',
      url: '/dashboard/login',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ t: url.searchParams.get('t')!, _login: nonce }).toString(),
    });
    const session = res.cookies.find((c) => c.name === 'cb_session');
    return { page, res, session };
  }

  it('sends an admin a one-time link privately; it opens a Secure session behind https', async () => {
    const bot = await start({ http: { enabled: true, port: 0 }, publicUrl: PUBLIC_URL });
    const out = await bot.run('owner: /dashboard');
    expect(out).toContain(
      '[bot → @owner] Your login link to the dashboard of lobby. It works once, for 10 minutes:',
    );
    expect(out).toContain('[bot → #lobby] I sent it to you in a private message.');
    const link = LINK.exec(out)?.[0];
    expect(link).toBeDefined();

    const { res, session } = await logIn(bot, link!);
    expect(res.statusCode).toBe(303);
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    const again = await logIn(bot, link!);
    expect(again.page.statusCode).toBe(410);
    expect(again.session).toBeUndefined();
  });

  it('refuses members who are not admins, and sends them nothing', async () => {
    const bot = await start({ http: { enabled: true, port: 0 }, publicUrl: PUBLIC_URL });
    const out = await bot.run('bob: hello', 'bob: /dashboard');
    expect(out).toContain('/dashboard is for the admins of this circle.');
    expect(out).not.toMatch(LINK);
  });

  it('says what is missing when there is no public address or no HTTP server', async () => {
    for (const config of [
      { http: { enabled: true, port: 0 } },
      { http: { enabled: false }, publicUrl: PUBLIC_URL },
    ]) {
      const bot = await start(config);
      const out = await bot.run('owner: /dashboard');
      expect(out).toContain('The dashboard is off: set publicUrl (env PUBLIC_URL)');
      expect(out).not.toMatch(LINK);
    }
  });

  it('counts the group’s messages per day for the activity chart', async () => {
    const bot = await start({ http: { enabled: true, port: 0 }, publicUrl: PUBLIC_URL });
    const out = await bot.run('owner: hello', 'alice: hi', 'alice dm: a private word', 'owner: /dashboard');
    const { session } = await logIn(bot, LINK.exec(out)![0]);
    const circle = (await bot.app.store.circles.list())[0]!;
    const page = await bot.app.http!.inject({
      method: 'GET',
      url: `/dashboard/c/${circle.id}/activity?period=7d`,
      headers: { cookie: `cb_session=${session!.value}` },
    });
    expect(page.statusCode).toBe(200);
    // Two group messages; the private one and the command are not group messages.
    expect(page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain('Messages 2');
  });
});
