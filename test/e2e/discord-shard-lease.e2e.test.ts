import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import {
  createTestDatabase,
  postgresTitle,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/postgres.js';
import { type DiscordBot, startDiscordBot, until } from './discord-harness.js';

/** A pino logger whose JSON lines land in `lines`, as an operator's log collector would have them. */
function collectingLog(lines: Record<string, unknown>[]) {
  return pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Ends the sessions holding Discord shard locks in `url`'s database, as a database restart would. */
async function cutLeaseConnections(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'circlebot discord shards' and datname = current_database()`,
    );
  } finally {
    await admin.end();
  }
}

const WAITING = 'another process runs this Discord shard: waiting until it stops';
const TOOK = 'took the Discord shard: no other process runs it';

describe.skipIf(!TEST_DATABASE_URL)(
  postgresTitle('Discord: one shard runs in one process at a time (PostgreSQL)'),
  () => {
    let db: TestDatabase | undefined;
    const bots: DiscordBot[] = [];
    const fakes: FakeDiscord[] = [];
    afterEach(async () => {
      for (const bot of bots.splice(0)) await bot.stop();
      for (const fake of fakes.splice(0)) await fake.close();
      await db?.drop();
      db = undefined;
    });

    /** A fake Discord with Tea lovers on shard 0 of 2, and the settings of a process running shard 0. */
    async function shardZeroSetup() {
      db = await createTestDatabase('discord_shard_lease');
      const fake = await startFakeDiscord();
      fakes.push(fake);
      const owner = fake.world.addUser({ username: 'olivia' });
      fake.world.addGuild({ id: fake.world.ids.nextOnShard(0, 2), name: 'Tea lovers', owner: owner.id });
      const config = {
        db: { url: db.url },
        discord: { token: fake.token, apiRoot: fake.apiRoot, shardCount: 2, shardIds: [0] },
      };
      return { fake, config };
    }

    it('two processes started with the same shard (a rolling deploy): the second starts on standby without identifying; the moment the first stops, it takes the shard and identifies', async () => {
      const { fake, config } = await shardZeroSetup();
      const oldLines: Record<string, unknown>[] = [];
      const old = await startDiscordBot({ fake, config, log: collectingLog(oldLines) });
      bots.push(old);
      expect(oldLines.filter((l) => l.shard === 0).map((l) => l.msg)).toEqual([TOOK]);

      // The new process starts (its jobs and HTTP run) while another process holds its shard.
      const newLines: Record<string, unknown>[] = [];
      const next = await startDiscordBot({ fake, config, log: collectingLog(newLines) });
      bots.push(next);
      expect(newLines.find((l) => l.msg === WAITING)).toMatchObject({ level: 40, shard: 0, shardCount: 2 });
      expect(newLines.find((l) => l.msg === 'circlebot started')).toMatchObject({ discord: 'standby' });
      // Discord has one session for shard 0: a newcomer's join would reach one process only.
      expect(fake.gateway.identifies().map((i) => i.d.shard)).toEqual([[0, 2]]);

      await old.stop();
      bots.splice(bots.indexOf(old), 1);
      await until(() => fake.gateway.identifies().length === 2, 'the standby process to identify', 30_000);
      expect(fake.gateway.identifies().map((i) => i.d.shard)).toEqual([
        [0, 2],
        [0, 2],
      ]);
      await until(
        () =>
          next.app.discord?.client.guilds.cache.some((g) => g.available && g.name === 'Tea lovers') === true,
        'the standby process to receive its guild',
        30_000,
      );
      expect(next.app.discord?.client.guilds.cache.map((g) => g.name)).toEqual(['Tea lovers']);
      // Warned once while it waited, then said it took the shard.
      expect(newLines.filter((l) => l.shard === 0).map((l) => l.msg)).toEqual([WAITING, TOOK]);
    }, 60_000);

    it('a process whose lease connection is cut (a database restart) closes its gateway and reports that it cannot go on', async () => {
      const { fake, config } = await shardZeroSetup();
      const bot = await startDiscordBot({ fake, config });
      bots.push(bot);
      expect(fake.gateway.connections().map((c) => c.closeCode)).toEqual([undefined]);

      await cutLeaseConnections(db!.url);
      expect(await bot.app.failed).toMatchObject({ code: 'CB_ERR_DISCORD_SHARD_LEASE_LOST' });
      await until(
        () => fake.gateway.connections().every((c) => c.closeCode !== undefined),
        'the gateway connection to close',
      );
    }, 60_000);

    it('the circlebot process itself exits with status 1 and says why, for its supervisor to restart it', async () => {
      const { fake } = await shardZeroSetup();
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const name of Object.keys(env))
        if (/^(TELEGRAM_|DISCORD_|CIRCLEBOT_)/.test(name)) delete env[name];
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: {
          ...env,
          DISCORD_TOKEN: fake.token,
          DISCORD_API_ROOT: fake.apiRoot,
          DISCORD_SHARD_COUNT: '2',
          DISCORD_SHARD_IDS: '0',
          DATABASE_URL: db!.url,
          HTTP_PORT: '0',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      try {
        await until(() => out.includes('"circlebot started"'), 'circlebot to start', 30_000);
        await cutLeaseConnections(db!.url);
        expect(await exit).toBe(1);
        const lines = out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { msg: string; err?: { code?: string } });
        expect(lines.find((l) => l.err?.code === 'CB_ERR_DISCORD_SHARD_LEASE_LOST')?.msg).toMatch(
          /lost the database lease on Discord shards 0 of 2/,
        );
        expect(lines.map((l) => l.msg)).toContain('circlebot stopped');
      } finally {
        child.kill('SIGKILL');
      }
    }, 60_000);
  },
);
