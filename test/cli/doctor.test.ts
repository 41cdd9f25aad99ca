import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_FOLDER, openSqliteStore } from '../../src/store/open.js';
import { type FakeDiscord, Perm, startFakeDiscord } from '../fakes/discord/index.js';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import { cli, T, tempDir } from './harness.js';

/** How many SQLite migrations the project has (drizzle's journal), so a new one does not break the story. */
const MIGRATIONS = (
  JSON.parse(readFileSync(join(DEFAULT_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

/** A tiny stand-in for the bot's HTTP server behind the public URL: `/healthz` answers 200. */
async function healthServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.writeHead(req.url === '/healthz' ? 200 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A database with one circle per chat given, as the bot would have made them. */
async function circlesDb(
  chats: ReadonlyArray<{ platform: 'telegram' | 'discord'; id: string; title: string }>,
) {
  const dbFile = join(tempDir(), 'circlebot.db');
  const store = openSqliteStore(dbFile);
  for (const chat of chats)
    await store.circles.ensure({ platform: chat.platform, id: chat.id }, chat.title, T);
  await store.close();
  return dbFile;
}

const lines = (out: string) => out.trim().split('\n');

describe('circlebot doctor', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function fakes(opts: { readMessages?: boolean } = {}) {
    const telegram: FakeTelegram = await startFakeTelegram({
      bot: { can_read_all_group_messages: opts.readMessages ?? true },
    });
    const discord: FakeDiscord = await startFakeDiscord();
    cleanups.push(
      () => telegram.close(),
      () => discord.close(),
    );
    return { telegram, discord };
  }

  it('everything in order: a ✓ per check, exit code 0', async () => {
    const { telegram, discord } = await fakes();
    const owner = telegram.world.addUser({ username: 'olivia' });
    const group = telegram.world.addChat({ title: 'Tea lovers', owner });
    const guild = discord.world.addGuild({ name: 'Tea House' });
    const dbFile = await circlesDb([
      { platform: 'telegram', id: String(group.id), title: 'Tea lovers' },
      { platform: 'discord', id: guild.id, title: 'Tea House' },
    ]);
    const health = await healthServer();
    cleanups.push(() => health.close());

    const run = await cli(['doctor'], {
      CIRCLEBOT_DB: dbFile,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_ROOT: discord.apiRoot,
      PUBLIC_URL: health.url,
    });
    expect(run.stdout).not.toContain('✗');
    expect(lines(run.stdout)).toEqual([
      expect.stringMatching(/^✓ settings: loaded from .*circlebot\.yaml and the environment$/),
      expect.stringMatching(/^✓ database: .*circlebot\.db \(.+; SQLite's quick check passed\)$/),
      `✓ migrations: all ${MIGRATIONS} applied`,
      '– bot process: not running on this database',
      `✓ Telegram token: @circle_test_bot (id ${telegram.bot.id}) at ${telegram.apiRoot}`,
      '✓ Telegram privacy mode: off: the bot sees group messages, so they earn points',
      `✓ Telegram circle "Tea lovers" (telegram:${group.id}): administrator with every right circlebot needs`,
      expect.stringMatching(/^✓ Discord token: circle_bot \(id \d+\) at http/),
      `✓ Discord circle "Tea House" (discord:${guild.id}): in "Tea House" with every permission circlebot needs`,
      `✓ public URL: ${health.url}/healthz answers 200`,
      'doctor: no problems found',
    ]);
    expect(run.code).toBe(0);
    // It asked about the bot itself in the group.
    expect(telegram.calls('getChatMember').map((c) => c.params.user_id)).toEqual([telegram.bot.id]);
  });

  it('bad tokens: each is ✗ with what to do, exit code 1, and no token is ever printed', async () => {
    const { telegram, discord } = await fakes();
    const dbFile = await circlesDb([{ platform: 'telegram', id: '-100123', title: 'Tea lovers' }]);
    const badTelegram = '7000000001:AAF-this-token-is-wrong';
    const badDiscord = 'MTIzNDU2.Gabcde.this-discord-token-is-wrong';
    const run = await cli(['doctor'], {
      CIRCLEBOT_DB: dbFile,
      TELEGRAM_BOT_TOKEN: badTelegram,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: badDiscord,
      DISCORD_API_ROOT: discord.apiRoot,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ Telegram token: rejected by ${telegram.apiRoot}: 401: Unauthorized`);
    expect(run.stdout).toContain(
      'fix: set TELEGRAM_BOT_TOKEN (telegram.token) to the token @BotFather gave you',
    );
    expect(run.stdout).toContain(`✗ Discord token: rejected by ${discord.apiRoot}: 401: Unauthorized`);
    expect(run.stdout).toContain('fix: set DISCORD_TOKEN (discord.token)');
    // With the token refused, the circles are not asked about.
    expect(telegram.calls('getChatMember')).toHaveLength(0);
    expect(run.stdout).toContain('– public URL: not set');
    expect(run.stdout).toContain('doctor: 2 problems to fix');
    expect(run.stdout + run.stderr).not.toContain(badTelegram);
    expect(run.stdout + run.stderr).not.toContain(badDiscord);
  });

  it('missing rights in a circle are named, with where to turn them on', async () => {
    const { telegram, discord } = await fakes({ readMessages: false });
    const owner = telegram.world.addUser({ username: 'olivia' });
    const noInvite = telegram.world.addChat({
      title: 'Tea lovers',
      owner,
      bot: { status: 'administrator', rights: { can_invite_users: false, can_restrict_members: false } },
    });
    const notAdmin = telegram.world.addChat({ title: 'Book club', owner, bot: 'member' });
    const weak = discord.world.addGuild({
      name: 'Tea House',
      botPermissions: Perm.ViewChannel | Perm.SendMessages,
    });
    const absent = discord.world.addGuild({ name: 'Old server', botMember: false });
    const dbFile = await circlesDb([
      { platform: 'telegram', id: String(noInvite.id), title: 'Tea lovers' },
      { platform: 'telegram', id: String(notAdmin.id), title: 'Book club' },
      { platform: 'discord', id: weak.id, title: 'Tea House' },
      { platform: 'discord', id: absent.id, title: 'Old server' },
    ]);

    const run = await cli(['doctor'], {
      CIRCLEBOT_DB: dbFile,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_ROOT: discord.apiRoot,
    });
    expect(run.code).toBe(1);
    const out = run.stdout;
    expect(out).toContain('✗ Telegram privacy mode: on');
    expect(out).toContain('Group Privacy → Turn off');
    expect(out).toContain(
      `✗ Telegram circle "Tea lovers" (telegram:${noInvite.id}): the bot lacks: Invite users via link (to approve join requests), Ban users`,
    );
    expect(out).toContain(
      `✗ Telegram circle "Book club" (telegram:${notAdmin.id}): the bot is not an administrator (member)`,
    );
    expect(out).toContain(
      `✗ Discord circle "Tea House" (discord:${weak.id}): the bot lacks: Manage Roles, Kick Members, Manage Messages`,
    );
    expect(out).toMatch(
      new RegExp(`✗ Discord circle "Old server" \\(discord:${absent.id}\\): the bot is not in this server`),
    );
    expect(out).toContain('doctor: 5 problems to fix');
  });

  it('migrations behind, an unreachable public URL and an unreachable Telegram API are failures', async () => {
    const dbFile = await circlesDb([]);
    const db = new Database(dbFile);
    db.exec(
      'delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)',
    );
    db.close();
    const closed = await healthServer();
    await closed.close();
    const token = '7000000001:AAF-a-token-that-must-not-show';

    const run = await cli(['doctor'], {
      CIRCLEBOT_DB: dbFile,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: closed.url,
      PUBLIC_URL: closed.url,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ migrations: 1 of ${MIGRATIONS} not applied yet`);
    expect(run.stdout).toContain('fix: back up (circlebot backup <file>), then start circlebot');
    expect(run.stdout).toContain(`✗ Telegram token: could not be checked by ${closed.url}`);
    expect(run.stdout).toContain(`✗ public URL: ${closed.url}/healthz cannot be reached`);
    expect(run.stdout).toContain('– Discord: no token set');
    expect(run.stdout).not.toContain(token);
  });

  it('a bad setting is reported as the first failure, naming the key', async () => {
    const run = await cli(['doctor'], { HTTP_PORT: 'abc' });
    expect(run.code).toBe(1);
    expect(lines(run.stdout)[0]).toMatch(/^✗ settings: http\.port \(from HTTP_PORT\) = "abc": expected/);
  });

  it('a database not created yet is only a note', async () => {
    const run = await cli(['doctor'], { CIRCLEBOT_DB: join(tempDir(), 'new.db') });
    expect(run.stdout).toMatch(/– database: .*new\.db does not exist yet/);
    expect(run.code).toBe(0);
  });
});
