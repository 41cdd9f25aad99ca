import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DiscordAdapter, type TakeShardLease } from '../../../adapters/discord/adapter.js';
import { channelRef, guildRef, userRef } from '../../../adapters/discord/refs.js';
import type { CircleError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/core/logger.js';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

let fake: FakeDiscord;
let adapter: DiscordAdapter | undefined;

beforeEach(async () => {
  fake = await startFakeDiscord();
});
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.close();
});

/**
 * Tea lovers on shard 0 of 2 and Ink club on shard 1, each with an Applicant and a Member role; carol waits
 * in Ink club's quarantine. The adapter runs shard 0 only, as one of two processes would.
 */
async function shardZeroOfTwo() {
  const owner = fake.world.addUser({ username: 'olivia' });
  const carol = fake.world.addUser({ username: 'carol' });
  const guild = (name: string, shard: number) =>
    fake.world.addGuild({
      id: fake.world.ids.nextOnShard(shard, 2),
      name,
      owner: owner.id,
      channels: [{ name: 'general' }, { name: 'apply' }],
      roles: [
        { name: 'Member', position: 'bottom' },
        { name: 'Applicant', position: 'bottom' },
      ],
    });
  const tea = guild('Tea lovers', 0);
  const ink = guild('Ink club', 1);
  const role = (guildId: string, name: string) =>
    [...fake.world.requireGuild(guildId).roles.values()].find((r) => r.name === name)!.id;
  fake.world.addMember(ink.id, carol.id, { roles: [role(ink.id, 'Applicant')] });
  adapter = new DiscordAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    messageContent: true,
    shards: { count: 2, ids: [0] },
    handle: async () => {},
    log: silentLog,
  });
  await adapter.start([]);
  return { tea, ink, carol, role, port: adapter.port };
}

describe('Discord adapter running some of the shards', () => {
  it('identifies as shard 0 of 2 and sees, and publishes its commands in, only the guilds of shard 0', async () => {
    const { tea } = await shardZeroOfTwo();
    expect(fake.gateway.identifies().map((i) => i.d.shard)).toEqual([[0, 2]]);
    expect(adapter?.client.guilds.cache.map((g) => g.name)).toEqual(['Tea lovers']);
    expect(fake.calls('PUT /applications/:a/guilds/:g/commands').map((c) => c.path)).toEqual([
      `/applications/${fake.world.application.id}/guilds/${tea.id}/commands`,
    ]);
  });

  it("acts over REST on a guild another process's shard owns, as a job claimed here must", async () => {
    const { ink, carol, role, port } = await shardZeroOfTwo();
    const [general, apply] = ink.channelIds as [string, string];

    // A scheduled post into the circle and into a named channel of it.
    await port.send(guildRef(ink.id), { text: 'Weekly reading list' });
    await port.send(channelRef(ink.id, apply), { text: 'Applications are open' });
    const posts = fake
      .calls('POST /channels/:c/messages')
      .map((c) => [c.path, (c.body as { content: string }).content]);
    expect(posts).toEqual([
      [`/channels/${general}/messages`, 'Weekly reading list'],
      [`/channels/${apply}/messages`, 'Applications are open'],
    ]);

    // A verdict reached by a deadline: the applicant swaps quarantine for membership.
    expect(await port.approveJoin(guildRef(ink.id), userRef(carol.id))).toBe('done');
    expect(fake.world.requireGuild(ink.id).members.get(carol.id)?.roles).toEqual([role(ink.id, 'Member')]);
    expect(await port.isAdmin(guildRef(ink.id), userRef(carol.id))).toBe(false);

    // Nothing of the other shard's guild is left in this client's cache for the gateway to leave stale.
    expect(adapter?.client.guilds.cache.has(ink.id)).toBe(false);
  });

  it('with no shard at all it opens no gateway and still acts on any guild over REST, as jobs need', async () => {
    const owner = fake.world.addUser({ username: 'olivia' });
    const guild = fake.world.addGuild({
      name: 'Tea lovers',
      owner: owner.id,
      channels: [{ name: 'general' }, { name: 'apply' }],
      roles: [
        { name: 'Member', position: 'bottom' },
        { name: 'Applicant', position: 'bottom' },
      ],
    });
    adapter = new DiscordAdapter({
      token: fake.token,
      apiRoot: fake.apiRoot,
      messageContent: true,
      shards: { count: 2, ids: [] },
      handle: async () => {},
      log: silentLog,
    });
    await adapter.start([]);
    expect(fake.gateway.connections()).toEqual([]);
    expect(fake.calls('PUT /applications/:a/guilds/:g/commands')).toEqual([]);

    await adapter.port.send(guildRef(guild.id), { text: 'Weekly reading list' });
    expect(fake.calls('POST /channels/:c/messages').map((c) => c.path)).toEqual([
      `/channels/${guild.channelIds[0]}/messages`,
    ]);
    const checks = await adapter.port.checkSetup(guildRef(guild.id));
    expect(checks.find((c) => c.key === 'discordGateChannel')?.ok).toBe(true);
    expect(await adapter.port.isAdmin(guildRef(guild.id), userRef(owner.id))).toBe(true);
  });

  it('explains a gateway that requires sharding (4011) and how to set the shards', async () => {
    await fake.close();
    fake = await startFakeDiscord({ maxGuildsPerShard: 1 });
    fake.world.addGuild({ name: 'Tea lovers' });
    fake.world.addGuild({ name: 'Ink club' });
    adapter = new DiscordAdapter({
      token: fake.token,
      apiRoot: fake.apiRoot,
      messageContent: true,
      handle: async () => {},
      log: silentLog,
    });
    await expect(adapter.start([])).rejects.toMatchObject({
      code: 'CB_ERR_DISCORD_SHARDING',
      message: expect.stringMatching(/4011.*DISCORD_SHARD_COUNT\) to auto/),
    });
  });

  describe('holding its shards against other processes (a lease the composition provides)', () => {
    /** A lease another process holds until `free()`; records what was asked for, and can be lost. */
    function heldElsewhere() {
      let free = () => {};
      let lose: (err: Error) => void = () => {};
      const asked: { count: number; ids: readonly number[] }[] = [];
      const released: string[] = [];
      const take: TakeShardLease = (shards, signal) => {
        asked.push(shards);
        return new Promise((resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          free = () =>
            resolve({
              lost: new Promise<Error>((r) => {
                lose = r;
              }),
              release: async () => {
                released.push(
                  `released with ${fake.gateway.connections().filter((c) => c.closeCode === undefined).length} gateway connections open`,
                );
              },
            });
        });
      };
      return { take, asked, released, free: () => free(), lose: (err: Error) => lose(err) };
    }

    it('waits for the lease before opening the gateway, then runs its shards; stopping releases it after the gateway closes', async () => {
      fake.world.addGuild({ id: fake.world.ids.nextOnShard(1, 2), name: 'Ink club' });
      const lease = heldElsewhere();
      adapter = new DiscordAdapter({
        token: fake.token,
        apiRoot: fake.apiRoot,
        messageContent: true,
        shards: { count: 2, ids: [1] },
        shardLease: lease.take,
        handle: async () => {},
        log: silentLog,
      });
      const starting = adapter.start([]);
      await vi.waitFor(() => expect(lease.asked).toHaveLength(1));
      expect(lease.asked).toEqual([{ count: 2, ids: [1] }]);
      expect(fake.gateway.connections()).toEqual([]);

      lease.free();
      await starting;
      expect(fake.gateway.identifies().map((i) => i.d.shard)).toEqual([[1, 2]]);

      await adapter.stop();
      adapter = undefined;
      expect(lease.released).toEqual(['released with 0 gateway connections open']);
    });

    it('with shardCount auto it leases the shards Discord recommends, the ones it then runs', async () => {
      await fake.close();
      fake = await startFakeDiscord({ recommendedShards: 2, maxConcurrency: 2 });
      const lease = heldElsewhere();
      adapter = new DiscordAdapter({
        token: fake.token,
        apiRoot: fake.apiRoot,
        messageContent: true,
        shards: { count: 'auto' },
        shardLease: lease.take,
        handle: async () => {},
        log: silentLog,
      });
      const starting = adapter.start([]);
      await vi.waitFor(() => expect(lease.asked).toHaveLength(1));
      expect(lease.asked).toEqual([{ count: 2, ids: [0, 1] }]);
      lease.free();
      await starting;
      expect(
        fake.gateway
          .identifies()
          .map((i) => (i.d.shard as number[]).join('/'))
          .sort(),
      ).toEqual(['0/2', '1/2']);
    });

    it('stopping while it waits gives up the wait: start rejects and no gateway was opened', async () => {
      const lease = heldElsewhere();
      adapter = new DiscordAdapter({
        token: fake.token,
        apiRoot: fake.apiRoot,
        messageContent: true,
        shardLease: lease.take,
        handle: async () => {},
        log: silentLog,
      });
      const starting = adapter.start([]);
      await vi.waitFor(() => expect(lease.asked).toHaveLength(1));
      expect(lease.asked).toEqual([{ count: 1, ids: [0] }]);
      await adapter.stop();
      await expect(starting).rejects.toMatchObject({ code: 'CB_ERR_STOPPED' });
      expect(fake.gateway.connections()).toEqual([]);
    });

    it('losing the lease while running closes the gateway at once and tells the composition', async () => {
      fake.world.addGuild({ name: 'Tea lovers' });
      const lease = heldElsewhere();
      const lost: CircleError[] = [];
      adapter = new DiscordAdapter({
        token: fake.token,
        apiRoot: fake.apiRoot,
        messageContent: true,
        shardLease: lease.take,
        onShardsLost: (err) => lost.push(err),
        handle: async () => {},
        log: silentLog,
      });
      const starting = adapter.start([]);
      await vi.waitFor(() => expect(lease.asked).toHaveLength(1));
      lease.free();
      await starting;
      expect(fake.gateway.connections().map((c) => c.closeCode)).toEqual([undefined]);

      lease.lose(new Error('Connection terminated unexpectedly'));
      await vi.waitFor(() => expect(lost).toHaveLength(1));
      expect(lost[0]).toMatchObject({
        code: 'CB_ERR_DISCORD_SHARD_LEASE_LOST',
        message: expect.stringMatching(/shards 0 of 1.*gateway is closed/),
      });
      await vi.waitFor(() => expect(fake.gateway.connections()[0]?.closeCode).toBeDefined());
    });
  });
});
