import { and, eq, lt, sql } from 'drizzle-orm';
import type { UpdateLog } from '../../core/repos.js';
import { processedUpdates } from '../schema.js';
import type { Db } from './codec.js';

/** Processed platform update ids in SQLite; recording one twice is harmless. */
export function sqliteUpdates(db: Db): UpdateLog {
  const selectOne = db
    .select({ one: processedUpdates.updateId })
    .from(processedUpdates)
    .where(
      and(
        eq(processedUpdates.platform, sql.placeholder('platform')),
        eq(processedUpdates.updateId, sql.placeholder('updateId')),
      ),
    )
    .prepare();
  const insertOne = db
    .insert(processedUpdates)
    .values({
      platform: sql.placeholder('platform'),
      updateId: sql.placeholder('updateId'),
      processedAt: sql.placeholder('processedAt'),
    })
    .onConflictDoNothing()
    .prepare();

  return {
    async seen(platform, updateId) {
      return selectOne.get({ platform, updateId }) !== undefined;
    },

    async record(platform, updateId, at) {
      insertOne.run({ platform, updateId, processedAt: at });
    },

    async prune(before) {
      return db.delete(processedUpdates).where(lt(processedUpdates.processedAt, before)).run().changes;
    },
  };
}
