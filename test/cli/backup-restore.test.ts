import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDbLock, type DbLock, lockHolder } from '../../src/store/lock.js';
import { openSqliteStore } from '../../src/store/open.js';
import { cli, cliProcess, dump, give, query, seedCircle, startBotProcess, tempDir } from './harness.js';

const count = (file: string, table: string) =>
  query<{ n: number }>(file, `select count(*) as n from ${table}`)[0]!.n;

/** Leaves `file` as a crashed bot would: committed writes still in its `-wal`, not checkpointed. */
function leaveUncheckpointedWal(file: string): void {
  const db = new Database(file);
  db.pragma('wal_autocheckpoint = 0');
  db.exec("update members set username = 'written-after-backup'");
  copyFileSync(`${file}-wal`, `${file}-wal.saved`);
  db.close();
  renameSync(`${file}-wal.saved`, `${file}-wal`);
}

/** Adds `rows` audit rows of about 1 kB each, straight into the file. */
function fillAuditLog(file: string, rows: number): void {
  const db = new Database(file);
  const insert = db.prepare(
    "insert into audit_log (circle_id, action, detail, at) values (1, 'test.filler', ?, 0)",
  );
  const detail = JSON.stringify({ text: 'x'.repeat(1000) });
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(detail);
  })();
  db.close();
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('circlebot backup and restore', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('an operator backs up, the database changes, and a restore brings back exactly the rows backed up', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    const backupFile = join(dir, 'backups', 'monday.db');
    const { circle, members } = await seedCircle(dbFile, [120, 45, 0, 300]);
    const env = { CIRCLEBOT_DB: dbFile };
    mkdirSync(join(dir, 'backups'));

    const backedUp = await cliProcess(['backup', backupFile], env);
    expect(backedUp.stderr).toMatch(/backup written: .*monday\.db \(.+, \d+ tables, \d+ rows\)/);
    expect(backedUp.code).toBe(0);
    const atBackup = dump(dbFile);
    expect(dump(backupFile)).toEqual(atBackup);

    // Later: more points, a new member — then the operator restores Monday's backup.
    const store = openSqliteStore(dbFile);
    await give(store, circle.id, members[1]!.id, 500, 'later:1');
    await store.members.upsert({ platform: 'telegram', id: '999' }, { username: 'late' }, new Date());
    await store.close();
    expect(dump(dbFile)).not.toEqual(atBackup);
    leaveUncheckpointedWal(dbFile);

    const restored = await cliProcess(['restore', backupFile], env);
    expect(restored.stderr).toMatch(/restored .*circlebot\.db from .*monday\.db \(.+ rows\)/);
    expect(restored.code).toBe(0);
    // Exactly the backup: the old file's write-ahead log was not replayed into it.
    expect(dump(dbFile)).toEqual(atBackup);
    expect(lockHolder(dbFile)).toBeNull();
    // And the bot's own store opens it as before.
    const reopened = openSqliteStore(dbFile);
    expect((await reopened.points.standing(circle.id, members[1]!.id)).points).toBe(45);
    await reopened.close();
  }, 60_000);

  it('backup refuses to replace an existing file unless --force is given', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    await seedCircle(dbFile, [10]);
    const target = join(dir, 'keep.db');
    writeFileSync(target, 'last week');

    const refused = await cli(['backup', target], { CIRCLEBOT_DB: dbFile });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${target} already exists`);
    expect(refused.stderr).toContain('--force');

    const forced = await cli(['backup', target, '--force'], { CIRCLEBOT_DB: dbFile });
    expect(forced.code).toBe(0);
    expect(dump(target)).toEqual(dump(dbFile));
  });

  it('a backup taken while the bot runs and keeps writing is a sound copy of what was committed', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    // Big enough (about 20 MB) that the copy takes many steps, each of which a commit could interrupt.
    await seedCircle(dbFile, [10]);
    fillAuditLog(dbFile, 20_000);
    const bot = await startBotProcess(dbFile);
    cleanups.push(() => bot.stop());
    let n = 0;
    const joinSome = () => {
      for (let i = 0; i < 20; i++) bot.say(`guest${n++} joins`);
    };
    joinSome();
    // Wait until the bot has committed some of them, then back up while it keeps taking more.
    while (count(dbFile, 'members') < 10) await new Promise((r) => setTimeout(r, 20));
    const before = count(dbFile, 'members');
    const writing = setInterval(joinSome, 5);
    cleanups.push(() => clearInterval(writing));

    const backupFile = join(dir, 'live.db');
    const run = await cli(['backup', backupFile], { CIRCLEBOT_DB: dbFile });
    clearInterval(writing);
    expect(run.stderr).toContain('backup written');
    expect(run.code).toBe(0);
    expect(integrity(backupFile)).toBe('ok');
    expect(count(backupFile, 'members')).toBeGreaterThanOrEqual(before);
    expect(query(backupFile, 'pragma foreign_key_check')).toEqual([]);

    // The bot was not disturbed: it still takes new members and stops cleanly.
    const last = n;
    bot.say(`guest${last} joins`);
    while (query(dbFile, 'select 1 from members where user_id = ?', `guest${last}`).length === 0) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await bot.stop()).toBe(0);
  }, 60_000);

  it('restore is refused while a bot runs on the database, and works once it has stopped', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    const backupFile = join(dir, 'backup.db');
    await seedCircle(dbFile, [70, 30]);
    expect((await cli(['backup', backupFile], { CIRCLEBOT_DB: dbFile })).code).toBe(0);

    const bot = await startBotProcess(dbFile);
    cleanups.push(() => bot.stop());
    bot.say('newcomer joins');
    while (query(dbFile, "select 1 from members where user_id = 'newcomer'").length === 0) {
      await new Promise((r) => setTimeout(r, 20));
    }

    const refused = await cli(['restore', backupFile], { CIRCLEBOT_DB: dbFile });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `circlebot (process ${bot.child.pid} on ${hostname()}) is running on ${dbFile}; stop it first`,
    );
    expect(query(dbFile, "select 1 from members where user_id = 'newcomer'")).toHaveLength(1);

    expect(await bot.stop()).toBe(0);
    const restored = await cli(['restore', backupFile], { CIRCLEBOT_DB: dbFile });
    expect(restored.code).toBe(0);
    expect(query(dbFile, "select 1 from members where user_id = 'newcomer'")).toHaveLength(0);
    expect(dump(dbFile)).toEqual(dump(backupFile));
  }, 60_000);

  it('restore is refused while another process holds the database lock (a restore or import under way)', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    const backupFile = join(dir, 'backup.db');
    await seedCircle(dbFile, [5]);
    expect((await cli(['backup', backupFile], { CIRCLEBOT_DB: dbFile })).code).toBe(0);
    const lock: DbLock = acquireDbLock(dbFile);
    cleanups.push(() => lock.release());

    const refused = await cli(['restore', backupFile], { CIRCLEBOT_DB: dbFile });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`circlebot (process ${process.pid} on ${hostname()}) is running`);
  });

  it('restore refuses a file that is not a circlebot database, naming the file and why', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    await seedCircle(dbFile, [5]);
    const before = dump(dbFile);

    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'not a database at all, just some words that are long enough to fill a header');
    const text = await cli(['restore', notes], { CIRCLEBOT_DB: dbFile });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(`the backup ${notes} cannot be read as an SQLite database`);

    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('create table recipes (name text)');
    db.close();
    const foreign = await cli(['restore', other], { CIRCLEBOT_DB: dbFile });
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain(`the backup ${other} is not a circlebot database`);

    const missing = await cli(['restore', join(dir, 'nope.db')], { CIRCLEBOT_DB: dbFile });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${join(dir, 'nope.db')} does not exist`);

    expect(dump(dbFile)).toEqual(before);
  });
});
