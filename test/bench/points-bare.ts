import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { defaultCircleSettings } from '../../src/core/circle.js';
import { DEFAULT_MIGRATIONS_FOLDER, WAL_CHECKPOINT_PAGES } from '../../src/store/open.js';
import { chatIdOf, userIdOf } from './points-events.js';

/**
 * A fresh SQLite file with circlebot's schema (the drizzle migrations) and the pragmas `openSqliteStore`
 * sets; with `sqliteCheckpoints`, SQLite's own WAL checkpoint interval (1 000 pages) instead of circlebot's,
 * as a program using better-sqlite3 plainly would have it. Throws when the migrations fail.
 */
export function openBareDb(file: string, opts: { sqliteCheckpoints?: boolean } = {}): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  if (!opts.sqliteCheckpoints) db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  migrate(drizzle({ client: db }), { migrationsFolder: DEFAULT_MIGRATIONS_FOLDER });
  return db;
}

/** Inserts circles `0..circles-1` and members `0..members-1` (ids = index + 1) in one transaction. */
export function seedPeople(db: Database.Database, circles: number, members: number, at: number): void {
  const settings = JSON.stringify(defaultCircleSettings());
  const circle = db.prepare(
    `insert into circles (id, platform, chat_id, title, lang, settings, created_at)
     values (?, 'telegram', ?, ?, 'en', ?, ?)`,
  );
  const member = db.prepare(
    `insert into members (id, platform, user_id, username, username_lc, display_name, first_seen_at)
     values (?, 'telegram', ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let c = 0; c < circles; c++) circle.run(c + 1, chatIdOf(c), `Tea circle ${c}`, settings, at);
    for (let m = 0; m < members; m++)
      member.run(m + 1, userIdOf(m), `member${m}`, `member${m}`, `Member ${m}`, at);
  }).immediate();
}

/** What the bare writer is given per event: the same keys and sizes circlebot writes. */
export interface BareRow {
  readonly circle: number;
  readonly member: number;
  readonly chatId: string;
  readonly messageId: string;
  readonly updateId: string;
}

/** A member's activity state as circlebot stores it after a few messages (only its size matters here). */
const STATE = JSON.stringify({
  lastEarnedAt: Date.UTC(2026, 0, 1, 12),
  recent: ['teacupleafpotbrewsteam1234', 'jadeoolonggreenblackwhite5678'],
  streakDay: '2026-01-01',
  streakLength: 1,
  reactionDay: null,
  reactionPointsToday: 0,
  replyDay: null,
  replyPointsToday: 0,
});

/**
 * The storage floor for message points: per event one ledger insert, one standing upsert and one
 * processed-update insert, with statements prepared once and one IMMEDIATE transaction per batch.
 */
export function bareWriter(db: Database.Database): (batch: readonly BareRow[], at: number) => void {
  const ledger = db.prepare(
    `insert into point_ledger (circle_id, member_id, kind, points, source_key, actor_id, note, at)
     values (?, ?, 'message', 15, ?, null, null, ?) on conflict (source_key) do nothing`,
  );
  const standing = db.prepare(
    `insert into point_standings (circle_id, member_id, points, level, last_active_at, state, updated_at)
     values (?, ?, 15, 0, ?, ?, ?)
     on conflict (circle_id, member_id) do update set points = point_standings.points + excluded.points,
       level = excluded.level, last_active_at = excluded.last_active_at, state = excluded.state,
       updated_at = excluded.updated_at`,
  );
  const processed = db.prepare(
    `insert into processed_updates (platform, update_id, processed_at) values ('telegram', ?, ?)
     on conflict do nothing`,
  );
  const write = db.transaction((batch: readonly BareRow[], at: number) => {
    for (const row of batch) {
      ledger.run(row.circle + 1, row.member + 1, `msg:telegram:${row.chatId}:${row.messageId}`, at);
      standing.run(row.circle + 1, row.member + 1, at, STATE, at);
      processed.run(row.updateId, at);
    }
  });
  return (batch, at) => write.immediate(batch, at);
}
