import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_FOLDER, openSqliteStore } from '../../src/store/open.js';
import { describeStoreContract } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'circlebot-store-'));
let files = 0;
const freshFile = () => join(dir, `store-${++files}.db`);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('SQLite', () => openSqliteStore(freshFile()));

/** Reads the file behind a closed store directly, the way an operator would with the sqlite3 shell. */
function inspect<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const journal = JSON.parse(
  readFileSync(join(DEFAULT_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
) as {
  entries: unknown[];
};
const appliedMigrations = (file: string) =>
  inspect(file, (db) => db.prepare('select hash, created_at from __drizzle_migrations order by id').all());

describe('SQLite file', () => {
  it('a first start creates the data folder and applies every migration to the empty file', async () => {
    const file = join(dir, 'nested', 'data', 'circlebot.db');
    const store = openSqliteStore(file);
    await store.close();
    expect(appliedMigrations(file)).toHaveLength(journal.entries.length);
    const tables = inspect(file, (db) =>
      db.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all(),
    );
    expect(tables).toEqual(
      expect.arrayContaining([
        'applications',
        'audit_log',
        'circles',
        'credit_cache',
        'entry_questions',
        'jobs',
      ]),
    );
    expect(tables).toEqual(
      expect.arrayContaining(['members', 'memberships', 'processed_updates', 'vouches']),
    );
    expect(tables).toEqual(
      expect.arrayContaining(['checkin_codes', 'checkin_redemptions', 'point_ledger', 'point_standings']),
    );
  });

  it('a restart on an already-migrated file applies nothing and keeps the data', async () => {
    const file = freshFile();
    const first = openSqliteStore(file);
    const circle = await first.circles.ensure(
      { platform: 'telegram', id: '-1001' },
      'Book club',
      new Date(0),
    );
    await first.close();
    const before = appliedMigrations(file);

    const second = openSqliteStore(file);
    expect(await second.circles.byId(circle.id)).toEqual(circle);
    await second.close();
    expect(appliedMigrations(file)).toEqual(before);
  });

  it('the file is in WAL mode, so readers do not block the bot while it writes', async () => {
    const file = freshFile();
    const store = openSqliteStore(file);
    try {
      expect(inspect(file, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    } finally {
      await store.close();
    }
  });

  it('a health check round-trips the database and reports its latency', async () => {
    const store = openSqliteStore(freshFile());
    const ms = await store.ping();
    await store.close();
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(0);
    await expect(store.ping()).rejects.toThrow();
  });
});
