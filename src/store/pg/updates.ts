import { and, eq, lt, sql } from 'drizzle-orm';
import type { UpdateLog } from '../../core/repos.js';
import { changed, type Pg, prepared } from './db.js';
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
        prepared(db, 'updates_seen', (d) =>
          d
            .select({ at: processedUpdates.processedAt })
            .from(processedUpdates)
            .where(
              and(
                eq(processedUpdates.platform, sql.placeholder('platform')),
                eq(processedUpdates.updateId, sql.placeholder('updateId')),
              ),
            )
            .limit(1)
            .prepare('updates_seen'),
        ).execute({ platform, updateId }),
      );
      return rows.length > 0;
    },

    async record(platform, updateId, at) {
      await pg.write((db) =>
        prepared(db, 'updates_record', (d) =>
          d
            .insert(processedUpdates)
            .values({
              platform: sql.placeholder('platform'),
              updateId: sql.placeholder('updateId'),
              processedAt: sql.placeholder('at'),
            })
            .onConflictDoNothing()
            .prepare('updates_record'),
        ).execute({ platform, updateId, at }),
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
