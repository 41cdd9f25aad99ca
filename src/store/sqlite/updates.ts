import { and, eq, lt } from 'drizzle-orm';
import type { UpdateLog } from '../../core/repos.js';
import { processedUpdates } from '../schema.js';
import type { Db } from './codec.js';

/** Processed platform update ids in SQLite; recording one twice is harmless. */
export function sqliteUpdates(db: Db): UpdateLog {
  return {
    async seen(platform, updateId) {
      const row = db
        .select({ one: processedUpdates.updateId })
        .from(processedUpdates)
        .where(and(eq(processedUpdates.platform, platform), eq(processedUpdates.updateId, updateId)))
        .get();
      return row !== undefined;
    },

    async record(platform, updateId, at) {
      db.insert(processedUpdates).values({ platform, updateId, processedAt: at }).onConflictDoNothing().run();
    },

    async prune(before) {
      return db.delete(processedUpdates).where(lt(processedUpdates.processedAt, before)).run().changes;
    },
  };
}
