import type { Database } from 'better-sqlite3';
import { lt } from 'drizzle-orm';
import type { UpdateLog } from '../../core/repos.js';
import { processedUpdates } from '../schema.js';
import type { Db } from './codec.js';

/**
 * Processed platform update ids in SQLite; recording one twice is harmless. `seen` and `record` run for
 * every update, so they are better-sqlite3 statements prepared once (drizzle's prepared queries map their
 * placeholders and rows on every call).
 */
export function sqliteUpdates(db: Db & { readonly $client: Database }): UpdateLog {
  const selectOne = db.$client
    .prepare<[string, string], 1>('select 1 from processed_updates where platform = ? and update_id = ?')
    .pluck();
  const insertOne = db.$client.prepare<[string, string, number]>(
    `insert into processed_updates (platform, update_id, processed_at) values (?, ?, ?) on conflict do nothing`,
  );

  return {
    async seen(platform, updateId) {
      return selectOne.get(platform, updateId) !== undefined;
    },

    async record(platform, updateId, at) {
      insertOne.run(platform, updateId, at.getTime());
    },

    async prune(before) {
      return db.delete(processedUpdates).where(lt(processedUpdates.processedAt, before)).run().changes;
    },

    // One process owns a SQLite file (the database lock), and the core's per-chat queue already orders its
    // updates: the turn is the work itself, so nothing changes for SQLite.
    turn: (_chatKey, work) => work(),
  };
}
