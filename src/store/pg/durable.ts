import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { CircleError } from '../../core/errors.js';
import type { Conn, Pg, PoolDb } from './db.js';

/** One drizzle handle per pooled connection, made once: the pool reuses its connections. */
const handles = new WeakMap<pg.PoolClient, Conn>();

function handleOf(client: pg.PoolClient): Conn {
  let db = handles.get(client);
  if (!db) {
    db = drizzle({ client });
    handles.set(client, db);
  }
  return db;
}

/** A connection of the pool with a transaction begun on it. */
async function begin(pool: pg.Pool): Promise<{ client: pg.PoolClient; db: Conn }> {
  const client = await pool.connect();
  try {
    await client.query('begin');
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  return { client, db: handleOf(client) };
}

const lost = (cause: unknown) =>
  new CircleError('CB_ERR_ROLLED_BACK', 'the transaction was rolled back', { cause });

/**
 * One transaction holding the writes of one `durably` call, begun on its first query and committed when the
 * call ends or before a platform call (`flush`). Queries of the call go through `use` and writes through
 * `atomic`, so the transaction never ends under a query still running.
 *
 * A write must fail alone, as in SQLite: the writes around it stay. Until the transaction holds a write
 * that succeeded, nothing is there to keep, so a write runs without a savepoint (one round trip each less)
 * and, when it fails, the whole transaction is rolled back and begun again; meanwhile the window's other
 * queries wait, so none of them meets the failed transaction. After that, each write runs in a savepoint,
 * released only when the next one is set (in the same round trip) or by COMMIT.
 */
class Window {
  readonly #opened: Promise<{ client: pg.PoolClient; db: Conn }>;
  #active = 0;
  #idle: (() => void) | null = null;
  /** Writes of one transaction run one after another (their savepoints must not interleave). */
  #writes: Promise<unknown> = Promise.resolve();
  /** Set while a write runs without a savepoint: other queries wait for it. */
  #alone: Promise<void> | null = null;
  /** A write of this transaction succeeded: from now on each write needs a savepoint. */
  #written = false;
  /** A query outside a savepoint failed: the transaction may be aborted, and COMMIT will say so. */
  #failed = false;
  /** A savepoint is set and not yet released. */
  #savepoint = false;
  readonly #memo = new Map<string, unknown>();

  constructor(pool: pg.Pool) {
    this.#opened = begin(pool);
    this.#opened.catch(() => {}); // seen by the first query and by `end`
  }

  /** What this transaction knows while it lasts (cleared when it is begun again). */
  get memo(): Map<string, unknown> {
    return this.#memo;
  }

  async use<T>(query: (tx: Conn) => Promise<T>): Promise<T> {
    this.#active++;
    try {
      while (this.#alone) await this.#alone;
      const { db } = await this.#opened;
      return await query(db);
    } catch (err) {
      this.#failed = true;
      throw err;
    } finally {
      this.#done();
    }
  }

  atomic<T>(work: (tx: Conn) => Promise<T>): Promise<T> {
    this.#active++;
    const result = this.#writes.then(() => this.#write(work)).finally(() => this.#done());
    this.#writes = result.catch(() => {});
    return result;
  }

  async #write<T>(work: (tx: Conn) => Promise<T>): Promise<T> {
    const { client, db } = await this.#opened;
    if (!this.#written && !this.#failed && this.#active === 1) {
      let alone!: () => void;
      this.#alone = new Promise<void>((resolve) => {
        alone = resolve;
      });
      try {
        const result = await work(db);
        this.#written = true;
        return result;
      } catch (err) {
        await this.#restart(client);
        throw err;
      } finally {
        this.#alone = null;
        alone();
      }
    }
    try {
      await client.query(this.#savepoint ? 'release savepoint w; savepoint w' : 'savepoint w');
    } catch (err) {
      this.#failed = true;
      throw err;
    }
    this.#savepoint = true;
    try {
      const result = await work(db);
      this.#written = true;
      return result;
    } catch (err) {
      // Locks taken since the savepoint go with it: what the memo says they protect is no longer held.
      this.#memo.clear();
      await client.query('rollback to savepoint w').catch(() => {
        this.#failed = true;
      });
      throw err;
    }
  }

  /** Rolls the transaction back and begins it again: only while it holds no write. */
  async #restart(client: pg.PoolClient): Promise<void> {
    this.#memo.clear();
    this.#savepoint = false;
    try {
      await client.query('rollback; begin');
    } catch {
      this.#failed = true;
    }
  }

  #done(): void {
    if (--this.#active === 0) this.#idle?.();
  }

  /** Commits (or rolls back) once no query is under way; rejects when the commit fails. */
  async end(commit: boolean): Promise<void> {
    if (this.#active > 0) {
      await new Promise<void>((resolve) => {
        this.#idle = resolve;
      });
    }
    let client: pg.PoolClient;
    try {
      ({ client } = await this.#opened);
    } catch (err) {
      if (commit) throw lost(err);
      return;
    }
    let reply: pg.QueryResult;
    try {
      reply = await client.query(commit ? 'commit' : 'rollback');
    } catch (err) {
      client.release(err as Error);
      if (commit) throw lost(err);
      return;
    }
    client.release();
    // PostgreSQL answers COMMIT with ROLLBACK when a statement failed in the transaction (and was not
    // rolled back to a savepoint): the writes are lost, and the caller must know.
    if (commit && reply.command !== 'COMMIT') {
      throw lost(
        new Error(`COMMIT was answered ${reply.command}: a statement of the transaction had failed`),
      );
    }
  }
}

/** What one `durably` call holds: whether it is under way, its open window, the first window of it lost. */
interface Scope {
  open: boolean;
  window: Window | null;
  lost: unknown;
}

/**
 * `durably`, `flush` and the `Pg` the repositories use, over one pool. Each `durably` call writes in a
 * transaction of its own (bound to the call by AsyncLocalStorage), committed before it resolves; `flush` —
 * called before any platform call — commits it early and the call's later writes go into a new one, so no
 * reply runs ahead of the state it reports. `durably` rejects when any of its transactions was lost, and
 * when the work throws (then its uncommitted writes are rolled back). A `durably` inside another joins it.
 */
export class Durable implements Pg {
  readonly #scopes = new AsyncLocalStorage<Scope>();

  constructor(
    private readonly db: PoolDb,
    private readonly pool: pg.Pool,
  ) {}

  run<T>(query: (db: Conn) => Promise<T>): Promise<T> {
    const window = this.#window();
    return window ? window.use(query) : query(this.db);
  }

  write<T>(query: (db: Conn) => Promise<T>): Promise<T> {
    const window = this.#window();
    return window ? window.atomic(query) : query(this.db);
  }

  atomic<T>(work: (tx: Conn) => Promise<T>): Promise<T> {
    const window = this.#window();
    return window ? window.atomic(work) : this.db.transaction(work);
  }

  memo(): Map<string, unknown> | null {
    return this.#window()?.memo ?? null;
  }

  async durably<T>(work: () => Promise<T>): Promise<T> {
    if (this.#scopes.getStore()?.open) return work();
    const scope: Scope = { open: true, window: null, lost: undefined };
    let outcome: { ok: true; result: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, result: await this.#scopes.run(scope, work) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // Anything still running in this context from now on (a callback the work left behind) uses the pool,
    // rather than opening a transaction nobody would end.
    scope.open = false;
    const window = scope.window;
    scope.window = null;
    if (!outcome.ok) {
      await window?.end(false).catch(() => {});
      throw outcome.error;
    }
    await window?.end(true);
    if (scope.lost !== undefined) throw scope.lost;
    return outcome.result;
  }

  async flush(): Promise<void> {
    const scope = this.#scopes.getStore();
    const window = scope?.open ? scope.window : null;
    if (!scope || !window) return;
    scope.window = null;
    try {
      await window.end(true);
    } catch (err) {
      scope.lost ??= err;
      throw err;
    }
  }

  /** The window of the `durably` call under way here, opened on first use; `null` outside one. */
  #window(): Window | null {
    const scope = this.#scopes.getStore();
    if (!scope?.open) return null;
    scope.window ??= new Window(this.pool);
    return scope.window;
  }
}
