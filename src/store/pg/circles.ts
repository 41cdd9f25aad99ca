import { and, asc, eq, sql } from 'drizzle-orm';
import { type Circle, circleSettingsSchema, defaultCircleSettings, langSchema } from '../../core/circle.js';
import { CircleError } from '../../core/errors.js';
import type { ChatRef } from '../../core/refs.js';
import type { CircleRepo } from '../../core/repos.js';
import { type Conn, isUniqueViolation, type Pg, prepared } from './db.js';
import { circles } from './schema.js';

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

const atChat = (chat: ChatRef) => and(eq(circles.platform, chat.platform), eq(circles.chatId, chat.id));

async function byChat(db: Conn, chat: ChatRef): Promise<Row | undefined> {
  const [row] = await prepared(db, 'circles_by_chat', (d) =>
    d
      .select()
      .from(circles)
      .where(
        and(eq(circles.platform, sql.placeholder('platform')), eq(circles.chatId, sql.placeholder('id'))),
      )
      .limit(1)
      .prepare('circles_by_chat'),
  ).execute({ platform: chat.platform, id: chat.id });
  return row;
}

/**
 * Circles in PostgreSQL. `updateSettings` and `setLang` throw `CB_ERR_NOT_FOUND` for an unknown id. Nothing
 * is cached (other processes write too); seeing a known chat again with no new title is one read, no write.
 */
export function pgCircles(pg: Pg): CircleRepo {
  return {
    async ensure(chat, title, at) {
      const known = await pg.run((db) => byChat(db, chat));
      if (known && (title === null || title === known.title)) return toCircle(known);
      const [row] = await pg.write((db) =>
        db
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
          .returning(),
      );
      return toCircle(row!);
    },

    async find(chat) {
      const row = await pg.run((db) => byChat(db, chat));
      return row ? toCircle(row) : null;
    },

    async byId(id) {
      const [row] = await pg.run((db) => db.select().from(circles).where(eq(circles.id, id)).limit(1));
      return row ? toCircle(row) : null;
    },

    async list() {
      const rows = await pg.run((db) => db.select().from(circles).orderBy(asc(circles.id)));
      return rows.map(toCircle);
    },

    async updateSettings(id, settings) {
      const [row] = await pg.write((db) =>
        db
          .update(circles)
          .set({ settings: circleSettingsSchema.parse(settings) })
          .where(eq(circles.id, id))
          .returning(),
      );
      return found(row, id);
    },

    async moveChat(from, to) {
      try {
        return await pg.atomic(async (tx) => {
          if (await byChat(tx, to)) return false;
          const moved = await tx
            .update(circles)
            .set({ platform: to.platform, chatId: to.id })
            .where(atChat(from))
            .returning({ id: circles.id });
          return moved.length > 0;
        });
      } catch (err) {
        // A circle created at `to` meanwhile (by another event or process): nothing moves.
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },

    async setLang(id, lang) {
      const [row] = await pg.write((db) =>
        db.update(circles).set({ lang }).where(eq(circles.id, id)).returning(),
      );
      return found(row, id);
    },
  };
}
