import type { Database } from 'better-sqlite3';
import { CircleError } from '../core/errors.js';

/** Per connection: what to tell when a group commit's transaction is lost. */
const lossListeners = new WeakMap<Database, Set<() => void>>();

/**
 * Runs `listener` whenever a group commit on `sqlite` loses its transaction (the COMMIT failed and was
 * rolled back, or SQLite had already rolled it back after an error), so a repository that caches rows it
 * wrote inside the transaction can drop them. Returns a function that unregisters it.
 */
export function onGroupRollback(sqlite: Database, listener: () => void): () => void {
  const listeners = lossListeners.get(sqlite) ?? new Set<() => void>();
  lossListeners.set(sqlite, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Per connection: what to write just before a group commit's COMMIT. */
const commitListeners = new WeakMap<Database, Set<() => void>>();

/**
 * Runs `listener` inside every group commit's transaction on `sqlite`, just before its COMMIT, so a
 * repository can coalesce many small writes of one window (counters) into one. If it throws, the window is
 * rolled back and lost like a failed COMMIT. Returns a function that unregisters it.
 */
export function beforeGroupCommit(sqlite: Database, listener: () => void): () => void {
  const listeners = commitListeners.get(sqlite) ?? new Set<() => void>();
  commitListeners.set(sqlite, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** One transaction shared by the events handled at about the same time. */
interface Window {
  /** Windows are numbered from 1 in the order they open. */
  readonly seq: number;
  readonly opened: number;
  /** Resolves once the transaction is committed; rejects when it is lost. */
  readonly done: Promise<void>;
  readonly settle: (err?: unknown) => void;
  /** The commit a `flush` asked for, shared by every flush until it runs. */
  flushed: Promise<void> | null;
}

/**
 * Group commit for one SQLite connection: the writes of every event handled at about the same time go into
 * one transaction, committed when no event is left under way or after `maxDelayMs`, whichever is first.
 * `durably` resolves only after the transactions holding its writes are committed (an event that outlives
 * a flush writes into two or more), and rejects if any window opened while it ran was lost, so an adapter
 * never acknowledges an update whose effects could still be lost. `flush` commits before the bot tells a
 * platform anything, so no reply ever runs ahead of the state it reports.
 */
export class GroupCommit {
  #active = 0;
  #window: Window | null = null;
  #timer: NodeJS.Timeout | undefined;
  #pendingCommit = false;
  /** Number of the last window opened. */
  #opened = 0;
  /** The last window lost (rolled back), by number, with why. */
  #lost: { readonly seq: number; readonly err: unknown } | null = null;

  constructor(
    private readonly sqlite: Database,
    private readonly maxDelayMs = 100,
  ) {}

  async durably<T>(work: () => Promise<T>): Promise<T> {
    this.#open();
    // The first window this work may write into: the open one, or else the next to open.
    const first = this.#window ? this.#window.seq : this.#opened + 1;
    this.#active++;
    let result: T;
    try {
      result = await work();
    } finally {
      this.#active--;
    }
    const window = this.#window;
    if (this.#active === 0) this.#scheduleCommit();
    if (window) await window.done;
    const lost = this.#lost;
    if (lost && lost.seq >= first) throw lost.err;
    return result;
  }

  /**
   * Commits the open window and resolves once it is durable; rejects when the commit fails (so the reply
   * waiting on it is never sent). The commit runs after the current turn of the event loop: every flush
   * asked for meanwhile (the level-ups of one getUpdates batch, say) shares it. When other events are still
   * under way, a new window opens at once for their later writes (and the caller's), so a reply in a batch
   * does not leave the rest of the batch committing statement by statement; with none, later writes
   * commit alone.
   */
  flush(): Promise<void> {
    const window = this.#window;
    if (!window) return Promise.resolve();
    window.flushed ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        if (this.#window === window) {
          this.#commit();
          if (this.#active > 1) this.#open();
        }
        resolve();
      }),
    ).then(() => window.done);
    return window.flushed;
  }

  /** Commits whatever is open; used at shutdown. */
  close(): void {
    this.#commit();
  }

  #open(): void {
    if (this.#window || !this.sqlite.open) return;
    if (this.sqlite.inTransaction) return; // someone else's transaction: writes commit with it
    this.sqlite.prepare('BEGIN IMMEDIATE').run();
    let settle!: (err?: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    done.catch(() => {}); // waiters see the error; an unawaited window must not crash the process
    this.#window = { seq: ++this.#opened, opened: Date.now(), done, settle, flushed: null };
    this.#timer = setTimeout(() => this.#commit(), this.maxDelayMs);
    this.#timer.unref();
  }

  #scheduleCommit(): void {
    if (this.#pendingCommit) return;
    this.#pendingCommit = true;
    // Let events arriving in the same turn of the event loop join this window.
    setImmediate(() => {
      this.#pendingCommit = false;
      if (this.#active === 0) this.#commit();
    });
  }

  #commit(): void {
    const window = this.#window;
    if (!window) return;
    this.#window = null;
    clearTimeout(this.#timer);
    if (!this.sqlite.inTransaction) {
      // SQLite ends a transaction on its own after some errors (SQLITE_FULL, SQLITE_IOERR, …): the window's
      // writes are gone, so nobody waiting on it may acknowledge its updates.
      this.#lose(window, new CircleError('CB_ERR_ROLLED_BACK', 'the group commit was rolled back by SQLite'));
      return;
    }
    try {
      for (const listener of commitListeners.get(this.sqlite) ?? []) listener();
      this.sqlite.prepare('COMMIT').run();
      window.settle();
    } catch (err) {
      if (this.sqlite.inTransaction) this.sqlite.prepare('ROLLBACK').run();
      this.#lose(window, err);
    }
  }

  #lose(window: Window, err: unknown): void {
    this.#lost = { seq: window.seq, err };
    for (const listener of lossListeners.get(this.sqlite) ?? []) listener();
    window.settle(err);
  }
}
