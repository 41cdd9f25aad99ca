import { z } from 'zod';
import { flag, httpUrl, numberIfDigits, optionalText, unsetIfEmpty } from './fields.js';

/** The `discord` section: token, REST root, Message Content, and the shards this process runs. */

const SHARD_LIMIT = 100_000;
const shardCountError = `expected auto or a whole number from 1 to ${SHARD_LIMIT}`;
const shardIdsError = 'expected shard ids: whole numbers from 0, as a list or comma-separated (0,1), or none';
/** `"0,1"` (as the environment gives it) or a single number → a list of numbers; `none` → []; else as it is. */
const listIfCommas = (v: unknown) => {
  if (typeof v === 'number') return [v];
  if (typeof v !== 'string') return v;
  if (v.trim().toLowerCase() === 'none') return [];
  const parts = v.split(',').map((part) => part.trim());
  return parts.every((part) => /^\d+$/.test(part)) ? parts.map(Number) : v;
};

export const discordSchema = z
  .strictObject({
    token: optionalText(),
    apiRoot: httpUrl().default('https://discord.com/api'),
    messageContent: flag().default(true),
    // Unset: one shard, as a bot in fewer than 2500 servers needs. `auto`: as many as Discord recommends.
    shardCount: z.preprocess(
      (v) =>
        typeof v === 'string' && v.trim().toLowerCase() === 'auto' ? 'auto' : numberIfDigits(unsetIfEmpty(v)),
      z
        .union(
          [
            z.literal('auto'),
            z.int().min(1, { error: shardCountError }).max(SHARD_LIMIT, { error: shardCountError }),
          ],
          { error: shardCountError },
        )
        .optional(),
    ),
    // Unset: every shard of shardCount in this process. Set: only these (other processes run the rest);
    // `none`: no gateway here, Discord over REST only, for the jobs this process claims.
    shardIds: z.preprocess(
      (v) => listIfCommas(unsetIfEmpty(v)),
      z
        .array(z.int({ error: shardIdsError }).min(0, { error: shardIdsError }), { error: shardIdsError })
        .optional(),
    ),
  })
  .superRefine((discord, ctx) => {
    const { shardIds, shardCount } = discord;
    // None: this process acts on Discord over REST only (for the jobs it claims); the count is not needed.
    if (shardIds === undefined || shardIds.length === 0) return;
    if (typeof shardCount !== 'number') {
      ctx.addIssue({
        code: 'custom',
        path: ['shardIds'],
        message:
          "expected discord.shardCount (DISCORD_SHARD_COUNT) to be set to the total number of shards, the same in every process, when shardIds names this process's shards",
      });
    } else if (shardIds.some((id) => id >= shardCount)) {
      ctx.addIssue({
        code: 'custom',
        path: ['shardIds'],
        message: `expected shard ids from 0 to ${shardCount - 1} (discord.shardCount is ${shardCount})`,
      });
    } else if (new Set(shardIds).size !== shardIds.length) {
      ctx.addIssue({ code: 'custom', path: ['shardIds'], message: 'expected each shard id once' });
    }
  });

/**
 * Whether this process runs only some of the bot's Discord shards, or none (the others run in other
 * processes).
 */
export function runsSomeShards(discord: z.output<typeof discordSchema>): boolean {
  const { shardIds, shardCount } = discord;
  if (shardIds === undefined) return false;
  return shardIds.length === 0 || (typeof shardCount === 'number' && shardIds.length < shardCount);
}
