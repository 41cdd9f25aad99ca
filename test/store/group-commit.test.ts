import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/store/group-commit.js';

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
});
