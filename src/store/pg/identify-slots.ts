import pg from 'pg';
import { unlessAborted } from './abortable.js';

/**
 * How long one Identify keeps its rate-limit bucket: Discord allows `max_concurrency` Identifies per 5 s,
 * one per bucket (`shard_id % max_concurrency`), counted for the whole bot whatever process sends them.
 * A quarter second more absorbs clock drift between this host and Discord's.
 */
export const IDENTIFY_SPACING_MS = 5_250;

/**
 * Resolves when a Discord shard of `bucket` may identify, across every process of the bot on this database:
 * it takes a session-level advisory lock for the bucket on a connection of its own and ends that connection
 * `IDENTIFY_SPACING_MS` later, so the next shard of the bucket (here or in another process) waits until then.
 * A process that dies holding it lets go with its connection. Rejects when `signal` aborts while waiting, or
 * the database cannot be reached.
 */
export async function takeIdentifySlot(url: string, bucket: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  const client = new pg.Client({ connectionString: url });
  const end = () => void client.end().catch(() => {});
  // An idle connection's error (the server restarting) ends the slot early rather than crashing the process.
  client.on('error', end);
  const taken = (async () => {
    await client.connect();
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [
      `circlebot:discord-identify:${bucket}`,
    ]);
  })();
  try {
    await unlessAborted(taken, signal);
  } catch (err) {
    // pg may leave a connect ended half-way pending: whenever it settles, the connection goes, lock and all.
    taken.then(end, end);
    end();
    throw err;
  }
  setTimeout(end, IDENTIFY_SPACING_MS).unref();
}
