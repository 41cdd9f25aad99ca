import { type Client, type ClientOptions, type RESTGetAPIGatewayBotResult, Routes } from 'discord.js';

/**
 * Gateway sharding through discord.js's own client options. `count: 'auto'` takes Discord's recommendation
 * (`GET /gateway/bot`) and runs every shard here; a number with no `ids` runs shards 0…count-1 here; `ids`
 * runs only those, the other processes (sharing the database) running the rest with the same `count`.
 * Empty `ids`: no gateway at all; the port acts over REST (for jobs this process claims), owning no guild.
 */
export interface DiscordShards {
  readonly count: number | 'auto';
  readonly ids?: readonly number[];
}

/** This process's hold on its shards (against other processes of the bot), as the composition provides it. */
export interface DiscordShardLease {
  /** Resolves when the hold is gone without `release` (another process may be taking the shards now). */
  readonly lost: Promise<Error>;
  release(): Promise<void>;
}

/**
 * Resolves once no other process of the bot runs any of `shards.ids` (of `shards.count`), and keeps it so
 * until released or lost; rejects when `signal` aborts while waiting.
 */
export type TakeShardLease = (
  shards: { readonly count: number; readonly ids: readonly number[] },
  signal: AbortSignal,
) => Promise<DiscordShardLease>;

/** Identify through `slot`, bucketed by the `max_concurrency` Discord gives in `GET /gateway/bot`. */
export function identifyOptions(
  slot: ((bucket: number, signal: AbortSignal) => Promise<void>) | undefined,
): Partial<ClientOptions> {
  if (!slot) return {};
  return {
    ws: {
      async buildIdentifyThrottler(manager) {
        const { session_start_limit: limit } = await manager.fetchGatewayInformation();
        const buckets = Math.max(1, limit.max_concurrency);
        return { waitForIdentify: (shardId, signal) => slot(shardId % buckets, signal) };
      },
    },
  };
}

export function shardOptions(shards: DiscordShards | undefined): Partial<ClientOptions> {
  if (shards === undefined || shards.ids?.length === 0) return {};
  if (shards.count === 'auto') return { shards: 'auto' };
  return {
    shardCount: shards.count,
    shards: [...(shards.ids ?? Array.from({ length: shards.count }, (_, i) => i))],
  };
}

/**
 * The shard ids and count `client` is about to log in with. `auto` is settled here, from `GET /gateway/bot`,
 * and written into the client's options, so the shards leased are the shards discord.js then runs.
 */
export async function settleShards(client: Client): Promise<{ count: number; ids: number[] }> {
  if (client.options.shards === 'auto') {
    const { shards: count } = (await client.rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    client.options.shardCount = count;
    client.options.shards = Array.from({ length: count }, (_, i) => i);
  }
  // The client's constructor made any other setting a list (0…shardCount-1 when there was none).
  const ids = client.options.shards as readonly number[];
  return { count: client.options.shardCount ?? 1, ids: [...ids] };
}
