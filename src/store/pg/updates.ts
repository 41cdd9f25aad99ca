import { and, eq, lt } from 'drizzle-orm';
import type { UpdateLog } from '../../core/repos.js';
import { changed, type Pg } from './db.js';
import { processedUpdates } from './schema.js';
import type { ChatTurns } from './turns.js';

/**
 * Processed platform update ids in PostgreSQL; recording one twice is harmless. Turns are chat-wide
 * advisory locks held across processes (see `ChatTurns`).
 */
export function pgUpdates(pg: Pg, turns: ChatTurns): UpdateLog {
  return {
    async seen(platform, updateId) {
      const rows = await pg.run((db) =>
        db
          .select({ at: processedUpdates.processedAt })
          .from(processedUpdates)
          .where(and(eq(processedUpdates.platform, platform), eq(processedUpdates.updateId, updateId)))
          .limit(1),
      );
      return rows.length > 0;
    },

    async record(platform, updateId, at) {
      await pg.write((db) =>
        db.insert(processedUpdates).values({ platform, updateId, processedAt: at }).onConflictDoNothing(),
      );
    },

    async prune(before) {
      return changed(
        await pg.write((db) => db.delete(processedUpdates).where(lt(processedUpdates.processedAt, before))),
      );
    },

    turn: (chatKey, work) => turns.run(chatKey, work),
  };
}
