import type { Database } from 'better-sqlite3';

/**
 * Group commit for one SQLite connection: the writes of every event handled at about the same time go into
 * one transaction, committed when no event is left under way or after `maxDelayMs`, whichever is first.
 * `durably` resolves only after the transaction holding its writes is committed, so an adapter never
 * acknowledges an update whose effects could still be lost. `flush` commits at once (before the bot tells a
 * platform anything, so no reply ever runs ahead of the state it reports).
 */
export class GroupCommit {
  #active = 0;
  #window: { opened: number; done: Promise<void>; settle: (err?: unknown) => void } | null = null;
  #timer: NodeJS.Timeout | undefined;
  #pendingCommit = false;

  constructor(
    private readonly sqlite: Database,
    private readonly maxDelayMs = 100,
  ) {}

  async durably<T>(work: () => Promise<T>): Promise<T> {
    this.#open();
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
    return result;
  }

  /** Commits the open window now; resolves when it is durable. */
  async flush(): Promise<void> {
    this.#commit();
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
    this.#window = { opened: Date.now(), done, settle };
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
    try {
      if (this.sqlite.inTransaction) this.sqlite.prepare('COMMIT').run();
      window.settle();
    } catch (err) {
      if (this.sqlite.inTransaction) this.sqlite.prepare('ROLLBACK').run();
      window.settle(err);
    }
  }
}
