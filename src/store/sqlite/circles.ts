import { and, asc, eq, sql } from 'drizzle-orm';
import { type Circle, circleSettingsSchema, defaultCircleSettings, langSchema } from '../../core/circle.js';
import { CircleError } from '../../core/errors.js';
import type { CircleRepo } from '../../core/repos.js';
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

/** Circles in SQLite. `updateSettings` and `setLang` throw `CB_ERR_NOT_FOUND` for an unknown id. */
export function sqliteCircles(db: Db): CircleRepo {
  return {
    async ensure(chat, title, at) {
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
      return toCircle(row);
    },

    async find(chat) {
      const row = db
        .select()
        .from(circles)
        .where(and(eq(circles.platform, chat.platform), eq(circles.chatId, chat.id)))
        .get();
      return row ? toCircle(row) : null;
    },

    async byId(id) {
      const row = db.select().from(circles).where(eq(circles.id, id)).get();
      return row ? toCircle(row) : null;
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
      return found(row, id);
    },

    async moveChat(from, to) {
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
      return found(row, id);
    },
  };
}
