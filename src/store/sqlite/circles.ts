import type { Database } from 'better-sqlite3';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Circle, circleSettingsSchema, defaultCircleSettings, langSchema } from '../../core/circle.js';
import { CircleError } from '../../core/errors.js';
import type { CircleRepo } from '../../core/repos.js';
import { BoundedCache } from '../cache.js';
import { onGroupRollback } from '../group-commit.js';
import { circles } from '../schema.js';
import type { Db } from './codec.js';

type Row = typeof circles.$inferSelect;

function toCircle(row: Row): Circle {
  const lang = langSchema.safeParse(row.lang);
  return {
    id: row.id,
    chat: { platform: row.platform, id: row.chatId },
    title: row.title,
    lang: lang.success ? lang.data : 'en',
    // Old rows get the defaults of settings added since they were written.
    settings: circleSettingsSchema.parse(row.settings ?? {}),
    createdAt: row.createdAt,
  };
}

function found(row: Row | undefined, id: number): Circle {
  if (!row) throw new CircleError('CB_ERR_NOT_FOUND', `circle ${id} does not exist`);
  return toCircle(row);
}

/**
 * Circles in SQLite. `updateSettings` and `setLang` throw `CB_ERR_NOT_FOUND` for an unknown id. Circles
 * are cached (every event looks its circle up), so seeing a known chat again costs no query.
 */
export function sqliteCircles(db: Db & { readonly $client: Database }): CircleRepo {
  const byChat = new BoundedCache<string, Circle>(20_000);
  const chatOfId = new BoundedCache<number, string>(20_000);
  // A circle created or changed in a group commit that was rolled back: the cache must not outlive it.
  onGroupRollback(db.$client, () => {
    byChat.clear();
    chatOfId.clear();
  });
  const key = (chat: { platform: string; id: string }) => `${chat.platform}:${chat.id}`;
  const remember = (circle: Circle) => {
    chatOfId.set(circle.id, key(circle.chat));
    return byChat.set(key(circle.chat), circle);
  };
  const forget = (id: number) => {
    const chat = chatOfId.get(id);
    if (chat) byChat.delete(chat);
    chatOfId.delete(id);
  };

  return {
    async ensure(chat, title, at) {
      const known = byChat.get(key(chat));
      if (known && (title === null || title === known.title)) return known;
      const row = db
        .insert(circles)
        .values({
          platform: chat.platform,
          chatId: chat.id,
          title,
          lang: 'en',
          settings: defaultCircleSettings(),
          createdAt: at,
        })
        .onConflictDoUpdate({
          target: [circles.platform, circles.chatId],
          // A known title refreshes the stored one; a missing title keeps it.
          set: { title: sql`coalesce(excluded.title, ${circles.title})` },
        })
        .returning()
        .get();
      return remember(toCircle(row));
    },

    async find(chat) {
      const known = byChat.get(key(chat));
      if (known) return known;
      const row = db
        .select()
        .from(circles)
        .where(and(eq(circles.platform, chat.platform), eq(circles.chatId, chat.id)))
        .get();
      return row ? remember(toCircle(row)) : null;
    },

    async byId(id) {
      const chat = chatOfId.get(id);
      const known = chat ? byChat.get(chat) : undefined;
      if (known) return known;
      const row = db.select().from(circles).where(eq(circles.id, id)).get();
      return row ? remember(toCircle(row)) : null;
    },

    async list() {
      return db.select().from(circles).orderBy(asc(circles.id)).all().map(toCircle);
    },

    async updateSettings(id, settings) {
      const row = db
        .update(circles)
        .set({ settings: circleSettingsSchema.parse(settings) })
        .where(eq(circles.id, id))
        .returning()
        .get();
      return remember(found(row, id));
    },

    async moveChat(from, to) {
      const known = byChat.get(key(from));
      if (known) forget(known.id);
      return db.transaction(
        (tx) => {
          const taken = tx
            .select({ id: circles.id })
            .from(circles)
            .where(and(eq(circles.platform, to.platform), eq(circles.chatId, to.id)))
            .get();
          if (taken) return false;
          const moved = tx
            .update(circles)
            .set({ platform: to.platform, chatId: to.id })
            .where(and(eq(circles.platform, from.platform), eq(circles.chatId, from.id)))
            .returning({ id: circles.id })
            .all();
          return moved.length > 0;
        },
        { behavior: 'immediate' },
      );
    },

    async setLang(id, lang) {
      const row = db.update(circles).set({ lang }).where(eq(circles.id, id)).returning().get();
      return remember(found(row, id));
    },
  };
}
