/** Discord's epoch, the first millisecond of 2015, in ms. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/** The earliest time the fake stamps into ids (2016), so even a clock at 0 yields ids above 2^53. */
const FLOOR_MS = 1_451_606_400_000n;

/**
 * Snowflakes as Discord makes them — `(ms since 2015) << 22 | worker | process | increment` — built with
 * bigints and handed out as strings, so no id ever passes through a `number`.
 */
export class Snowflakes {
  private last = 0n;

  constructor(private readonly now: () => number) {}

  /** A new id: from the clock, and always above the previous one (a stopped test clock still gets unique ids). */
  next(): string {
    const ms = BigInt(Math.trunc(this.now()));
    const stamp = (ms < FLOOR_MS ? FLOOR_MS : ms) - DISCORD_EPOCH;
    const candidate = (stamp << 22n) | (1n << 17n) | (1n << 12n);
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return this.last.toString();
  }

  /** A new id whose guild would be on `shard` of `shardCount` (its timestamp moved on as far as needed). */
  nextOnShard(shard: number, shardCount: number): string {
    let id = BigInt(this.next());
    while (shardOf(id.toString(), shardCount) !== shard) id += 1n << 22n;
    this.last = id;
    return id.toString();
  }
}

/** The shard that gets a guild's events: `(guild_id >> 22) % shard_count`, Discord's sharding formula. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The ms timestamp a snowflake carries. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** A token-like string of url-safe characters. */
export function randomToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}
