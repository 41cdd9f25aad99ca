import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DispatchEvent,
  type FakeDiscord,
  type GuildRecord,
  shardOf,
  startFakeDiscord,
} from '../fakes/discord/index.js';
import {
  createTestDatabase,
  postgresTitle,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/postgres.js';
import { type DiscordBot, startDiscordBot } from './discord-harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Generous: two bot processes start (tsx, migrations) and work on two cores other tests share. */
const STEP_MS = 30_000;

/** A server with an owner, `general` and `apply` channels, and the Member and Applicant roles, on `shard` of 2. */
function gatedGuild(fake: FakeDiscord, name: string, shard: number, owner: string): GuildRecord {
  return fake.world.addGuild({
    id: fake.world.ids.nextOnShard(shard, 2),
    name,
    owner,
    channels: [{ name: 'general' }, { name: 'apply' }],
    roles: [
      { name: 'Member', position: 'bottom' },
      { name: 'Applicant', position: 'bottom' },
    ],
  });
}

const roleId = (fake: FakeDiscord, guild: GuildRecord, name: string) =>
  [...fake.world.requireGuild(guild.id).roles.values()].find((r) => r.name === name)!.id;

/**
 * The story on the Discord side, whoever runs the bot: each step is sent through the gateway and waited for
 * on the REST calls the bot makes in answer (so it works across processes, with nothing shared but the fake).
 */
function story(fake: FakeDiscord) {
  const app = fake.world.application.id;
  const send = (event: DispatchEvent<unknown>) =>
    fake.dispatch(event) as DispatchEvent<{ id: string; token: string }>;
  return {
    /** A slash command in the guild's `general`; resolves with the text of the bot's answer. */
    async command(guild: GuildRecord, user: string, name: string, options: Record<string, string> = {}) {
      const { d } = send(fake.build.slashCommand(guild.channelIds[0]!, user, name, options));
      const reply = await fake.waitForCall(
        'PATCH',
        `/webhooks/${app}/${d.token}/messages/@original`,
        undefined,
        STEP_MS,
      );
      return (reply.body as { content?: string }).content ?? '';
    },
    /** The owner asks one entry question and turns the gate on. */
    async gate(guild: GuildRecord, owner: string) {
      expect(
        await this.command(guild, owner, 'question add', {
          question: 'Our meetup city? | Beijing | *Hangzhou',
        }),
      ).toBeTruthy();
      expect(await this.command(guild, owner, 'gate on')).toBeTruthy();
    },
    /** Joins, is held in quarantine, presses Apply, answers right and is let in. */
    async join(guild: GuildRecord, user: string) {
      const apply = guild.channelIds[1]!;
      send(fake.build.memberAdd(guild.id, user));
      const invite = await fake.waitForCall(
        'POST',
        `/channels/${apply}/messages`,
        (c) => JSON.stringify(c.body).includes(`<@${user}>`),
        STEP_MS,
      );
      const message = invite.response as { id: string; channel_id: string };
      const press = send(fake.build.button(user, message, 'gate:apply'));
      const asked = await fake.waitForCall(
        'POST',
        `/interactions/${press.d.id}/${press.d.token}/callback`,
        undefined,
        STEP_MS,
      );
      // The question comes as a select menu on an ephemeral reply, its custom id naming the application.
      const select = /"custom_id":"(gate:s:\d+:0)"/.exec(JSON.stringify(asked.body))?.[1];
      expect(select).toBeDefined();
      send(fake.build.stringSelect(user, message, select!, ['1']));
      await fake.waitForCall(
        'DELETE',
        `/guilds/${guild.id}/members/${user}/roles/${roleId(fake, guild, 'Applicant')}`,
        undefined,
        STEP_MS,
      );
    },
    /** Role changes made to `user` in `guild`, as `PUT Applicant` / `DELETE Applicant` / `PUT Member`. */
    roleCalls(guild: GuildRecord, user: string) {
      const names = new Map([
        [roleId(fake, guild, 'Applicant'), 'Applicant'],
        [roleId(fake, guild, 'Member'), 'Member'],
      ]);
      return fake
        .calls(`/guilds/${guild.id}/members/${user}/roles/:r`)
        .map((c) => `${c.method} ${names.get(c.path.split('/').at(-1)!) ?? '?'}`);
    },
    /** The shard each gateway dispatch of type `t` about `guild` was sent on. */
    shardsSent(t: string, guild: GuildRecord): number[] {
      const shardOfConnection = new Map(
        fake.gateway.identifies().map((i) => [i.connection, (i.d.shard as [number, number])[0]]),
      );
      return fake.gateway
        .frames()
        .filter((f) => f.dir === 'out' && f.t === t && (f.d as { guild_id?: string }).guild_id === guild.id)
        .map((f) => shardOfConnection.get(f.connection) ?? -1);
    },
  };
}

/** One circlebot process running `shardIds` of 2 shards, its JSON log lines kept. */
interface ShardProcess {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
}

function startShardProcess(fake: FakeDiscord, databaseUrl: string, shardIds: string): ShardProcess {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (/^(TELEGRAM_|DISCORD_|CIRCLEBOT_)/.test(name)) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...env,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_ROOT: fake.apiRoot,
      DISCORD_SHARD_COUNT: '2',
      DISCORD_SHARD_IDS: shardIds,
      DATABASE_URL: databaseUrl,
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let rest = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        process.stderr.write(`[shard ${shardIds}] ${part}\n`);
      }
    }
  });
  child.stderr?.on('data', (d) => process.stderr.write(`[shard ${shardIds}] ${d}`));
  return { child, lines };
}

async function until(check: () => boolean, what: string, ms = STEP_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

/** The gate's log lines of one process: `application opened` and `verdict`, with the circle's title. */
const gateLines = (p: ShardProcess, circleTitles: Map<number, string>) =>
  p.lines
    .filter((l) => l.msg === 'application opened' || l.msg === 'verdict')
    .map(
      (l) =>
        `${circleTitles.get(l.circleId as number) ?? l.circleId}: ${l.msg}${l.state ? ` ${l.state}` : ''}`,
    );

describe('Discord shards: one process running every shard (SQLite)', () => {
  const bots: DiscordBot[] = [];
  const fakes: FakeDiscord[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  it('shardCount auto: the bot runs the two shards Discord recommends and screens a newcomer in a server on each', async () => {
    const fake = await startFakeDiscord({ recommendedShards: 2, maxConcurrency: 2 });
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia' }).id;
    const tea = gatedGuild(fake, 'Tea lovers', 0, owner);
    const ink = gatedGuild(fake, 'Ink club', 1, owner);
    const bot = await startDiscordBot({
      fake,
      config: { discord: { token: fake.token, apiRoot: fake.apiRoot, shardCount: 'auto' } },
    });
    bots.push(bot);
    expect(
      fake.gateway
        .sessions()
        .map((s) => s.shard.join('/'))
        .sort(),
    ).toEqual(['0/2', '1/2']);

    const s = story(fake);
    const carol = fake.world.addUser({ username: 'carol' }).id;
    for (const guild of [tea, ink]) {
      await s.gate(guild, owner);
      await s.join(guild, carol);
      expect(s.roleCalls(guild, carol)).toEqual(['PUT Applicant', 'PUT Member', 'DELETE Applicant']);
    }
    expect(s.shardsSent('GUILD_MEMBER_ADD', tea)).toEqual([0]);
    expect(s.shardsSent('GUILD_MEMBER_ADD', ink)).toEqual([1]);
  }, 60_000);
});

describe('Discord shards: two processes sharing one PostgreSQL database', () => {
  const children: ChildProcess[] = [];
  const fakes: FakeDiscord[] = [];
  let db: TestDatabase | undefined;
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGTERM');
      await exited(child);
    }
    for (const fake of fakes.splice(0)) await fake.close();
    await db?.drop();
    db = undefined;
  });

  it.skipIf(!TEST_DATABASE_URL)(
    postgresTitle(
      'a newcomer to a gated server on each shard is quarantined and admitted once, by the process that owns that server; what one process wrote the other reads',
    ),
    async () => {
      db = await createTestDatabase('discord_shards');
      // Discord's identify rate limit: one Identify per 5 s for the whole bot (max_concurrency 1).
      const fake = await startFakeDiscord({ identifyIntervalMs: 5000 });
      fakes.push(fake);
      const owner = fake.world.addUser({ username: 'olivia' }).id;
      const tea = gatedGuild(fake, 'Tea lovers', 0, owner);
      const ink = gatedGuild(fake, 'Ink club', 1, owner);
      expect([shardOf(tea.id, 2), shardOf(ink.id, 2)]).toEqual([0, 1]);

      const shards = [startShardProcess(fake, db.url, '0'), startShardProcess(fake, db.url, '1')];
      children.push(...shards.map((p) => p.child));
      for (const p of shards) {
        await until(
          () => p.lines.some((l) => l.msg === 'circlebot started'),
          'both processes to start',
          120_000,
        );
      }
      const started = shards.map((p) => p.lines.find((l) => l.msg === 'discord started'));
      expect(started.map((l) => [l?.shards, l?.shardCount, l?.guilds])).toEqual([
        [[0], 2, 1],
        [[1], 2, 1],
      ]);
      // Started together, they took turns to identify through the database: Discord refused neither.
      expect(fake.gateway.identifies().map((i) => i.outcome)).toEqual(['ready', 'ready']);

      const s = story(fake);
      const carol = fake.world.addUser({ username: 'carol' }).id;
      // Both servers at once: each process works on its own.
      await Promise.all([
        (async () => {
          await s.gate(tea, owner);
          await s.join(tea, carol);
        })(),
        (async () => {
          await s.gate(ink, owner);
          await s.join(ink, carol);
        })(),
      ]);

      // Once each: quarantined, let in, quarantine lifted; no second process acted too.
      expect(s.roleCalls(tea, carol)).toEqual(['PUT Applicant', 'PUT Member', 'DELETE Applicant']);
      expect(s.roleCalls(ink, carol)).toEqual(['PUT Applicant', 'PUT Member', 'DELETE Applicant']);
      expect(s.shardsSent('GUILD_MEMBER_ADD', tea)).toEqual([0]);
      expect(s.shardsSent('GUILD_MEMBER_ADD', ink)).toEqual([1]);
      expect(s.shardsSent('INTERACTION_CREATE', tea)).toEqual([0, 0, 0, 0]);
      expect(s.shardsSent('INTERACTION_CREATE', ink)).toEqual([1, 1, 1, 1]);

      // carol asks in Tea lovers (shard 0's process) for her data: Ink club's admission, which shard 1's
      // process wrote, is in it.
      expect(await s.command(tea, carol, 'mydata')).toBe('I sent it to you in a private message.');
      const dm = fake.world.dmChannel(carol).id;
      const file = fake
        .calls(`POST /channels/${dm}/messages`)
        .flatMap((c) => c.files)
        .find((f) => f.filename === 'circlebot-mydata.json');
      const data = JSON.parse(file!.bytes.toString('utf8')) as {
        memberships: { circleId: number; circle: string; status: string }[];
        applications: { circleId: number; state: string }[];
      };
      const titles = new Map(data.memberships.map((m) => [m.circleId, m.circle]));
      expect(data.memberships.map((m) => `${m.circle}: ${m.status}`).sort()).toEqual([
        'Ink club: member',
        'Tea lovers: member',
      ]);
      expect(data.applications.map((a) => `${titles.get(a.circleId)}: ${a.state}`).sort()).toEqual([
        'Ink club: approved',
        'Tea lovers: approved',
      ]);

      // And each application was opened and decided by the process whose shard owns the server.
      expect(gateLines(shards[0]!, titles)).toEqual([
        'Tea lovers: application opened',
        'Tea lovers: verdict approved',
      ]);
      expect(gateLines(shards[1]!, titles)).toEqual([
        'Ink club: application opened',
        'Ink club: verdict approved',
      ]);
    },
    240_000,
  );
});
