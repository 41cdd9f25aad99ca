import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type Message, Partials } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, type GatewayBot, shardOf, startFakeDiscord } from './discord/index.js';

const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

let fake: FakeDiscord;
const clients: Client[] = [];

beforeEach(async () => {
  fake = await startFakeDiscord({ now: () => Date.UTC(2026, 0, 1, 12), maxConcurrency: 2 });
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  await fake.close();
});

/** Two guilds on shard 0 of 2 and one on shard 1, each with alice as a member. */
function guilds() {
  const alice = fake.world.addUser({ username: 'alice' });
  const make = (name: string, shard: number) => {
    const guild = fake.world.addGuild({ id: fake.world.ids.nextOnShard(shard, 2), name });
    fake.world.addMember(guild.id, alice.id);
    return guild;
  };
  return { alice, readers: make('Readers', 0), writers: make('Writers', 0), painters: make('Painters', 1) };
}

/** A real discord.js client running the given shards of `shardCount` against the fake, once ready. */
async function login(shards: number[] | 'auto', shardCount = 2): Promise<Client<true>> {
  const c = new Client({
    intents: INTENTS,
    partials: [Partials.Channel],
    rest: { api: fake.apiRoot },
    ...(shards === 'auto' ? { shards } : { shards, shardCount }),
  });
  clients.push(c);
  const ready = once(c, Events.ClientReady);
  await c.login(fake.token);
  await ready;
  return c as Client<true>;
}

const gatewayBot = async () =>
  (await (
    await fetch(`${fake.apiRoot}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } })
  ).json()) as GatewayBot;

describe('fake Discord: sharding as Discord does it', () => {
  it('GET /gateway/bot recommends one shard per 1000 guilds and counts session starts', async () => {
    guilds();
    expect((await gatewayBot()).shards).toBe(1);
    expect((await gatewayBot()).session_start_limit).toEqual({
      total: 1000,
      remaining: 1000,
      reset_after: 14_400_000,
      max_concurrency: 2,
    });
    await login([0, 1]);
    expect((await gatewayBot()).session_start_limit.remaining).toBe(998);
    for (let i = 0; i < 1000; i++) fake.world.addGuild({ name: `g${i}` });
    expect((await gatewayBot()).shards).toBe(2);
  });

  it('each shard identifies with [id, count] and is sent only its guilds: (guild_id >> 22) % count', async () => {
    const { readers, writers, painters } = guilds();
    expect([readers, writers, painters].map((g) => shardOf(g.id, 2))).toEqual([0, 0, 1]);
    const zero = await login([0]);
    const one = await login([1]);

    expect(fake.gateway.identifies().map((i) => i.d.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.gateway.sessions().map((s) => s.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(zero.guilds.cache.map((g) => g.name).sort()).toEqual(['Readers', 'Writers']);
    expect(one.guilds.cache.map((g) => g.name)).toEqual(['Painters']);
    const ready = fake.gateway
      .frames()
      .filter((f) => f.t === 'READY')
      .map((f) => (f.d as { shard: number[] }).shard);
    expect(ready).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it("a guild's events reach only the shard that owns it; a DM reaches shard 0", async () => {
    const { alice, readers, painters } = guilds();
    const zero = await login([0]);
    const one = await login([1]);
    const seen: string[] = [];
    zero.on(Events.MessageCreate, (m) => seen.push(`0:${m.content}`));
    one.on(Events.MessageCreate, (m) => seen.push(`1:${m.content}`));

    const onOne = once(one, Events.MessageCreate);
    fake.dispatch(fake.build.message(painters.channelIds[0]!, alice, 'on painters'));
    await onOne;
    const onZero = once(zero, Events.MessageCreate);
    fake.dispatch(fake.build.message(readers.channelIds[0]!, alice, 'on readers'));
    await onZero;
    const dm = once(zero, Events.MessageCreate);
    fake.dispatch(fake.build.message(fake.world.dmChannel(alice.id).id, alice, 'a DM'));
    expect(((await dm)[0] as Message).content).toBe('a DM');

    expect(seen).toEqual(['1:on painters', '0:on readers', '0:a DM']);
    expect(fake.gateway.sessions().map((s) => s.seq)).toEqual([5, 3]);
  });

  it('one client with shards: auto runs as many shards as /gateway/bot recommends, all guilds among them', async () => {
    await fake.close();
    fake = await startFakeDiscord({ recommendedShards: 2, maxConcurrency: 2 });
    guilds();
    const c = await login('auto');
    expect(c.options.shardCount).toBe(2);
    expect(
      fake.gateway
        .sessions()
        .map((s) => s.shard[0])
        .sort(),
    ).toEqual([0, 1]);
    expect(c.guilds.cache.map((g) => `${g.name}@${g.shardId}`).sort()).toEqual([
      'Painters@1',
      'Readers@0',
      'Writers@0',
    ]);
  });

  it('an Identify sooner than 5 s after another of its bucket gets Invalid Session, and succeeds once its turn comes', async () => {
    await fake.close();
    let now = Date.UTC(2026, 0, 1, 12);
    fake = await startFakeDiscord({ now: () => now, identifyIntervalMs: 5000 });
    guilds();
    const zero = await login([0]);
    // Shard 1 of another process, which cannot know shard 0 just identified: max_concurrency 1 is one bucket.
    const one = new Client({
      intents: INTENTS,
      rest: { api: fake.apiRoot },
      shards: [1],
      shardCount: 2,
      ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) },
    });
    clients.push(one);
    const ready = once(one, Events.ClientReady);
    const loggingIn = one.login(fake.token);
    await fake.gateway.waitForFrame((f) => f.dir === 'out' && f.op === 9);
    expect(fake.gateway.identifies().map((i) => i.outcome)).toContain('rate_limited');
    now += 5000;
    await loggingIn;
    await ready;
    expect(fake.gateway.identifies().at(-1)?.outcome).toBe('ready');
    expect(zero.guilds.cache.size + one.guilds.cache.size).toBe(3);
  });

  it('a shard id out of range closes with 4010; too many guilds on one shard closes with 4011', async () => {
    guilds();
    const bad = new Client({ intents: INTENTS, rest: { api: fake.apiRoot }, shards: [2], shardCount: 2 });
    clients.push(bad);
    await expect(bad.login(fake.token)).rejects.toThrow();
    expect(fake.gateway.identifies().map((i) => i.outcome)).toEqual([4010]);

    await fake.close();
    fake = await startFakeDiscord({ maxGuildsPerShard: 2 });
    guilds();
    const unsharded = new Client({ intents: INTENTS, rest: { api: fake.apiRoot } });
    clients.push(unsharded);
    await expect(unsharded.login(fake.token)).rejects.toThrow();
    expect(fake.gateway.identifies().map((i) => [i.d.shard, i.outcome])).toEqual([[[0, 1], 4011]]);
  });
});
