import pg from 'pg';
import { SerialQueues } from '../../core/serial.js';
import { prepareStatements } from './statements.js';

/** Turns of one chat in a row that keep the lock when more of that chat's updates wait here. */
const HAND_ON = 8;

/** A turn held: its connection, how many turns it served, whether the connection was lost. */
interface Held {
  readonly client: pg.PoolClient;
  served: number;
  broken: boolean;
  lost?: () => void;
}

/**
 * Chat turns across processes (`UpdateLog.turn` on PostgreSQL): a session-level advisory lock per chat,
 * taken on a connection of a pool of its own and held from before the update's dedupe check until after
 * its last commit.
 *
 * Why session-level and not transaction-scoped: an update's handling commits several times (every
 * platform call is preceded by a flush, and the update id is recorded in the last transaction), so a
 * transaction-scoped lock would let another process slip in between two of them — run a duplicate whose
 * first copy has committed its verdict but not yet its update id, or interleave two updates of one chat.
 * Why not a lease row: a lease needs a length, and a handling waiting out a 429 can outlast any length;
 * a session lock lasts exactly as long as its holder. When a process dies, the server drops its
 * connections and with them its locks (and rolls back its open transaction), so the redelivered update
 * gets the turn at once, finds its id unrecorded and is handled — not lost as "already seen".
 *
 * Why a pool of its own: a turn holds its connection while the work's transactions use the store's pool;
 * from one pool, turns waiting for connections held by other turns could starve the work they wait on.
 * Turns are taken before the work opens a transaction, so no transaction waits for a turn while holding
 * row locks. Turns of one chat in this process queue here first, so they reach the server in the order
 * asked and hold one connection per chat at most; while more of them wait, the lock is handed on to the
 * next (up to `HAND_ON` in a row) rather than unlocked and taken again.
 */
export class ChatTurns {
  readonly #pool: pg.Pool;
  readonly #queues = new SerialQueues();
  /** Turns held now, by lock key, with how many turns of that chat are asked for and not yet ended here. */
  readonly #held = new Map<string, Held>();
  readonly #asked = new Map<string, number>();

  constructor(url: string, maxConnections: number, onIdleError?: (err: Error) => void) {
    this.#pool = new pg.Pool({ connectionString: url, max: maxConnections });
    this.#pool.on('error', (err) => onIdleError?.(err));
    this.#pool.on('connect', prepareStatements);
  }

  /** Runs `work` holding the chat's turn; rejects with work's error, or when the server cannot be reached. */
  run<T>(chatKey: string, work: () => Promise<T>): Promise<T> {
    const key = `chat-turn:${chatKey}`;
    this.#asked.set(key, (this.#asked.get(key) ?? 0) + 1);
    return this.#queues.run(chatKey, async () => {
      let held: Held | undefined;
      try {
        held = this.#held.get(key) ?? (await this.#take(key));
        return await work();
      } finally {
        const asked = (this.#asked.get(key) ?? 1) - 1;
        if (asked === 0) this.#asked.delete(key);
        else this.#asked.set(key, asked);
        if (held) {
          // A busy chat's next update here keeps the turn (no unlock and lock again), a few times in a
          // row, so other processes waiting for the chat get it soon too.
          held.served++;
          if (asked === 0 || held.served >= HAND_ON || held.broken) await this.#give(key, held);
        }
      }
    });
  }

  async #take(key: string): Promise<Held> {
    const client = await this.#pool.connect();
    const held: Held = { client, served: 0, broken: false };
    // The connection sits idle while the work runs: losing it then (the server restarted) must not be an
    // uncaught error. The work's own transactions are lost with the server too, so its update is not
    // acknowledged and comes again.
    held.lost = () => {
      held.broken = true;
    };
    client.on('error', held.lost);
    try {
      // Two chats whose keys hash alike merely share turns.
      await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
    } catch (err) {
      client.off('error', held.lost);
      client.release(err as Error);
      throw err;
    }
    this.#held.set(key, held);
    return held;
  }

  async #give(key: string, held: Held): Promise<void> {
    this.#held.delete(key);
    const { client } = held;
    try {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      if (held.lost) client.off('error', held.lost);
      client.release();
    } catch (err) {
      // A connection that cannot unlock is closed: the server then drops the lock with it.
      if (held.lost) client.off('error', held.lost);
      client.release(err as Error);
    }
  }

  /** Closes the pool; a turn under way keeps its connection until it ends. */
  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}
