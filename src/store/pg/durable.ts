import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { CircleError } from '../../core/errors.js';
import type { Conn, Pg, PoolDb } from './db.js';

/** Thrown out of a window's transaction to roll it back when the work failed. */
class WorkFailed extends Error {}

/**
 * One transaction holding the writes of one `durably` call, opened on its first query and committed when the
 * call ends or before a platform call (`flush`). Queries and savepoints of the call go through `use`, so the
 * transaction never ends under a query still running.
 */
class Window {
  readonly #tx: Promise<Conn>;
  readonly #finish: (commit: boolean) => void;
  readonly #done: Promise<void>;
  #active = 0;
  #idle: (() => void) | null = null;
  /** Savepoints of one transaction must not interleave: they run one after another. */
  #savepoints: Promise<unknown> = Promise.resolve();

  constructor(db: PoolDb) {
    let finish!: (commit: boolean) => void;
    const finished = new Promise<boolean>((resolve) => {
      finish = resolve;
    });
    this.#finish = finish;
    let ready!: (tx: Conn) => void;
    const opened = new Promise<Conn>((resolve) => {
      ready = resolve;
    });
    this.#done = db.transaction(async (tx) => {
      ready(tx);
      if (!(await finished)) throw new WorkFailed();
      // PostgreSQL answers COMMIT with a silent ROLLBACK once a statement has failed in the transaction
      // (and was not rolled back to a savepoint): this query fails instead, so the loss is seen.
      await tx.execute(sql`select 1`);
    });
    this.#done.catch(() => {}); // seen by `end`; a window nobody ends must not crash the process
    this.#tx = Promise.race([
      opened,
      this.#done.then(() => {
        throw new CircleError('CB_ERR_ROLLED_BACK', 'the transaction ended before its first query');
      }),
    ]);
    this.#tx.catch(() => {});
  }

  async use<T>(query: (tx: Conn) => Promise<T>): Promise<T> {
    this.#active++;
    try {
      return await query(await this.#tx);
    } finally {
      if (--this.#active === 0) this.#idle?.();
    }
  }

  atomic<T>(work: (tx: Conn) => Promise<T>): Promise<T> {
    return this.use((tx) => {
      const result = this.#savepoints.then(() => tx.transaction(work));
      this.#savepoints = result.catch(() => {});
      return result;
    });
  }

  /** Commits (or rolls back) once no query is under way; rejects when the commit fails. */
  async end(commit: boolean): Promise<void> {
    if (this.#active > 0) {
      await new Promise<void>((resolve) => {
        this.#idle = resolve;
      });
    }
    this.#finish(commit);
    try {
      await this.#done;
    } catch (err) {
      if (err instanceof WorkFailed) return;
      throw new CircleError('CB_ERR_ROLLED_BACK', 'the transaction was rolled back', { cause: err });
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

  constructor(private readonly db: PoolDb) {}

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
    scope.window ??= new Window(this.db);
    return scope.window;
  }
}
