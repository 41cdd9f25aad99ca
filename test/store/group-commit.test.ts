import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit, onGroupRollback } from '../../src/store/group-commit.js';

function open() {
  const file = join(mkdtempSync(join(tmpdir(), 'circlebot-gc-')), 'db.sqlite');
  const writer = new Database(file);
  writer.pragma('journal_mode = WAL');
  writer.exec('create table t (v integer)');
  const reader = new Database(file, { readonly: true });
  const visible = () => (reader.prepare('select count(*) as n from t').get() as { n: number }).n;
  const insert = (v: number) => writer.prepare('insert into t (v) values (?)').run(v);
  return { writer, reader, visible, insert };
}

/** Counts COMMITs on the connection; `failNext` makes the next COMMIT throw `err` (a full disk, say). */
function watchCommits(writer: Database.Database) {
  const prepare = writer.prepare.bind(writer);
  const state = { commits: 0, failure: null as Error | null };
  writer.prepare = ((sql: string) => {
    if (sql === 'COMMIT') {
      const failure = state.failure;
      state.failure = null;
      if (failure)
        return {
          run() {
            throw failure;
          },
        };
      state.commits++;
    }
    return prepare(sql);
  }) as typeof writer.prepare;
  return {
    get commits() {
      return state.commits;
    },
    failNext(err: Error) {
      state.failure = err;
    },
  };
}

/** A promise with its resolve, to hold an event under way until the test lets it go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('group commit', () => {
  const dbs: Database.Database[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
  });

  it('commits the writes of events handled together in one transaction, then resolves each', async () => {
    const { writer, reader, visible, insert } = open();
    dbs.push(writer, reader);
    const group = new GroupCommit(writer);
    let commits = 0;
    const begin = writer.prepare.bind(writer);
    writer.prepare = ((sql: string) => {
      if (sql === 'COMMIT') commits++;
      return begin(sql);
    }) as typeof writer.prepare;

    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        group.durably(async () => {
          insert(i);
          await Promise.resolve();
          insert(i + 100);
        }),
      ),
    );
    expect(visible()).toBe(100);
    expect(commits).toBe(1);
  });

  it('resolves only once its writes are durable, and a slow event does not hold others past the window', async () => {
    const { writer, reader, visible, insert } = open();
    dbs.push(writer, reader);
    const group = new GroupCommit(writer, 30);
    let release!: () => void;
    const slow = group.durably(async () => {
      insert(1);
      await new Promise<void>((r) => {
        release = r;
      });
    });
    await group.durably(async () => {
      insert(2);
    });
    // The window closed after at most 30 ms although the slow event is still under way.
    expect(visible()).toBe(2);
    release();
    await slow;
    expect(visible()).toBe(2);
  });

  it('commits at once on flush, before the bot tells a platform anything', async () => {
    const { writer, reader, visible, insert } = open();
    dbs.push(writer, reader);
    const group = new GroupCommit(writer, 10_000);
    await group.durably(async () => {
      insert(1);
      expect(visible()).toBe(0);
      await group.flush();
      expect(visible()).toBe(1);
      insert(2); // after a flush, writes commit on their own
      expect(visible()).toBe(2);
    });
  });

  it('the replies of one event-loop turn share one flush: one COMMIT, and both wait for it', async () => {
    const { writer, reader, visible, insert } = open();
    dbs.push(writer, reader);
    const watch = watchCommits(writer);
    const group = new GroupCommit(writer, 60_000);
    const seen: Array<{ commits: number; visible: number }> = [];
    await Promise.all(
      [1, 2, 3].map((v) =>
        group.durably(async () => {
          insert(v);
          await group.flush(); // each event's reply; all asked for in the same turn
          seen.push({ commits: watch.commits, visible: visible() });
        }),
      ),
    );
    // One COMMIT served the three replies, and none went out before all three writes were durable.
    expect(seen).toEqual([
      { commits: 1, visible: 3 },
      { commits: 1, visible: 3 },
      { commits: 1, visible: 3 },
    ]);
  });

  it('while other events are under way, a flush reopens the window at once for their later writes', async () => {
    const { writer, reader, visible, insert } = open();
    dbs.push(writer, reader);
    const watch = watchCommits(writer);
    const group = new GroupCommit(writer, 60_000);
    const slow = gate();
    const replied = gate();
    const other = group.durably(async () => {
      insert(10);
      await slow.opened;
      insert(11);
    });
    const replying = group.durably(async () => {
      insert(1);
      await group.flush();
      expect(visible()).toBe(2); // its own write and the other event's first one
      expect(writer.inTransaction).toBe(true); // a new window, not statement-by-statement commits
      insert(2);
      replied.open();
    });
    await replied.opened;
    expect(visible()).toBe(2); // the write after the flush waits in the new window
    slow.open();
    await Promise.all([other, replying]);
    expect(visible()).toBe(4);
    expect(watch.commits).toBe(2);
  });

  it('a lost window rejects every durably() under way in it, even one whose later writes committed', async () => {
    const { writer, reader, visible, insert } = open();
    dbs.push(writer, reader);
    const watch = watchCommits(writer);
    const group = new GroupCommit(writer, 60_000);
    const diskFull = new Error('SQLITE_FULL: database or disk is full');
    const slow = gate();
    const spanning = group.durably(async () => {
      insert(1); // in the window that will be lost
      await slow.opened;
      insert(2); // in the next window, which commits
    });
    let flushError: unknown;
    const replying = group.durably(async () => {
      insert(3);
      watch.failNext(diskFull);
      await group.flush().catch((err: unknown) => {
        flushError = err; // the reply waiting on the flush is never sent
      });
      slow.open(); // the other event goes on once the first window is gone
    });
    const outcomes = await Promise.allSettled([spanning, replying]);

    expect(flushError).toBe(diskFull);
    expect(outcomes).toEqual([
      { status: 'rejected', reason: diskFull },
      { status: 'rejected', reason: diskFull },
    ]);
    expect(visible()).toBe(1); // 1 and 3 were rolled back; 2 committed in the next window
    // Events that start after the loss are not blamed for it.
    await group.durably(async () => {
      insert(4);
    });
    expect(visible()).toBe(2);
    expect(writer.inTransaction).toBe(false);
  });

  it('a window SQLite rolled back on its own is lost too: nobody may acknowledge its updates', async () => {
    const { writer, reader, visible, insert } = open();
    dbs.push(writer, reader);
    const group = new GroupCommit(writer, 60_000);
    const outcomes = await Promise.allSettled([
      group.durably(async () => {
        insert(1);
      }),
      group.durably(async () => {
        insert(2);
        writer.exec('ROLLBACK'); // what SQLite does itself after SQLITE_IOERR and the like
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(outcomes[0]).toMatchObject({ reason: { code: 'CB_ERR_ROLLED_BACK' } });
    expect(visible()).toBe(0);
  });

  it('tells onGroupRollback listeners when a window is lost (caches drop what they wrote), and only then', async () => {
    const { writer, reader, insert } = open();
    dbs.push(writer, reader);
    const watch = watchCommits(writer);
    const group = new GroupCommit(writer, 60_000);
    // A repository caching what it wrote inside the transaction, as the store's standing cache does.
    const cache = new Map<string, number>();
    let drops = 0;
    const unregister = onGroupRollback(writer, () => {
      drops++;
      cache.clear();
    });
    const write = (key: string, v: number) =>
      group.durably(async () => {
        insert(v);
        cache.set(key, v);
      });

    await write('kept', 1);
    expect(drops).toBe(0);
    expect(cache.get('kept')).toBe(1);

    watch.failNext(new Error('SQLITE_FULL'));
    await expect(write('lost', 2)).rejects.toThrow('SQLITE_FULL');
    expect(drops).toBe(1);
    expect(cache.has('lost')).toBe(false);

    unregister();
    watch.failNext(new Error('SQLITE_FULL'));
    await expect(write('lost again', 3)).rejects.toThrow('SQLITE_FULL');
    expect(drops).toBe(1);
    // Listeners belong to their connection: another database's loss is not this cache's business.
    const other = open();
    dbs.push(other.writer, other.reader);
    watchCommits(other.writer).failNext(new Error('SQLITE_FULL'));
    const unregisterOther = onGroupRollback(other.writer, () => {});
    await expect(new GroupCommit(other.writer).durably(async () => other.insert(1))).rejects.toThrow();
    unregisterOther();
    expect(drops).toBe(1);
  });
});
