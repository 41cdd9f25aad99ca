import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { sqliteCircles } from '../../store/sqlite/circles.js';
import type {
  ApplicationRow,
  ClickRow,
  ExportCounts,
  ExportSource,
  LedgerRow,
  MemberRow,
  OfferRow,
} from './source.js';

/** Named parameters of every query here. */
type ByCircle = { circle: number };

/** Rows as SQLite returns them: times in milliseconds, JSON as text, booleans as 0/1. */
interface RawMember {
  id: number;
  platform: MemberRow['platform'];
  user_id: string;
  username: string | null;
  display_name: string | null;
  status: MemberRow['status'];
  since: number | null;
  joined_at: number | null;
  points: number;
  level: number;
  last_active_at: number | null;
}
interface RawLedger {
  id: number;
  member_id: number;
  user_id: string;
  kind: LedgerRow['kind'];
  points: number;
  source_key: string | null;
  actor_id: number | null;
  note: string | null;
  at: number;
}
interface RawApplication {
  id: number;
  member_id: number;
  user_id: string;
  state: string;
  questions: string;
  answers: string;
  credit: string | null;
  reason: string | null;
  decided_by: number | null;
  created_at: number;
  deadline: number;
  decided_at: number | null;
}
interface RawOffer {
  id: number;
  title: string;
  url: string;
  price_minor: number;
  currency: string;
  description: string | null;
  sponsored: number;
  code: string;
  created_by: number;
  created_at: number;
  removed_at: number | null;
}
interface RawClick {
  id: number;
  offer_id: number;
  member_id: number | null;
  at: number;
}

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** A JSON column as stored; a value that does not parse is exported as the text it is. */
function json(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The people of one circle: everyone with a membership or a standing there (imported points have no membership). */
const PEOPLE = `with people as (
    select member_id from memberships where circle_id = :circle
    union
    select member_id from point_standings where circle_id = :circle
  )`;

/**
 * Reads one circle for an export straight from the SQLite file, through a connection of its own that holds
 * one read transaction from open to close: every section comes from the same snapshot while the bot keeps
 * writing (WAL). Rows are yielded by better-sqlite3's `iterate`, one at a time; consume one section fully
 * before asking for the next (a connection runs one statement at a time).
 */
export function sqliteExportSource(sqlite: Database.Database): ExportSource {
  sqlite.exec('BEGIN');
  sqlite.prepare('select count(*) from sqlite_master').get();
  const circles = sqliteCircles(drizzle({ client: sqlite }));
  const count = (query: string, circle: number) =>
    sqlite.prepare<ByCircle, number>(query).pluck().get({ circle }) ?? 0;

  return {
    circles,

    async counts(circle): Promise<ExportCounts> {
      return {
        members: count(`${PEOPLE} select count(*) from people`, circle),
        ledger: count('select count(*) from point_ledger where circle_id = :circle', circle),
        applications: count('select count(*) from applications where circle_id = :circle', circle),
        offers: count('select count(*) from offers where circle_id = :circle', circle),
        clicks: count(
          'select count(*) from offer_clicks c join offers o on o.id = c.offer_id where o.circle_id = :circle',
          circle,
        ),
      };
    },

    *members(circle): Generator<MemberRow> {
      const rows = sqlite
        .prepare<ByCircle, RawMember>(
          `${PEOPLE}
          select m.id, m.platform, m.user_id, m.username, m.display_name,
                 ms.status, ms.since, ms.joined_at,
                 coalesce(ps.points, 0) as points, coalesce(ps.level, 0) as level, ps.last_active_at
            from people p
            join members m on m.id = p.member_id
            left join memberships ms on ms.circle_id = :circle and ms.member_id = m.id
            left join point_standings ps on ps.circle_id = :circle and ps.member_id = m.id
           order by m.id`,
        )
        .iterate({ circle });
      for (const r of rows) {
        yield {
          memberId: r.id,
          platform: r.platform,
          userId: r.user_id,
          username: r.username,
          displayName: r.display_name,
          status: r.status,
          since: iso(r.since),
          joinedAt: iso(r.joined_at),
          points: r.points,
          level: r.level,
          lastActiveAt: iso(r.last_active_at),
        };
      }
    },

    *ledger(circle): Generator<LedgerRow> {
      const rows = sqlite
        .prepare<ByCircle, RawLedger>(
          `select l.id, l.member_id, m.user_id, l.kind, l.points, l.source_key, l.actor_id, l.note, l.at
             from point_ledger l join members m on m.id = l.member_id
            where l.circle_id = :circle order by l.id`,
        )
        .iterate({ circle });
      for (const r of rows) {
        yield {
          id: r.id,
          memberId: r.member_id,
          userId: r.user_id,
          kind: r.kind,
          points: r.points,
          sourceKey: r.source_key,
          actorId: r.actor_id,
          note: r.note,
          at: iso(r.at),
        };
      }
    },

    *applications(circle): Generator<ApplicationRow> {
      const rows = sqlite
        .prepare<ByCircle, RawApplication>(
          `select a.id, a.member_id, m.user_id, a.state, a.questions, a.answers, a.credit, a.reason,
                  a.decided_by, a.created_at, a.deadline, a.decided_at
             from applications a join members m on m.id = a.member_id
            where a.circle_id = :circle order by a.id`,
        )
        .iterate({ circle });
      for (const r of rows) {
        yield {
          id: r.id,
          memberId: r.member_id,
          userId: r.user_id,
          state: r.state,
          questions: json(r.questions),
          answers: json(r.answers),
          credit: json(r.credit),
          reason: json(r.reason),
          decidedBy: r.decided_by,
          createdAt: iso(r.created_at),
          deadline: iso(r.deadline),
          decidedAt: iso(r.decided_at),
        };
      }
    },

    *offers(circle): Generator<OfferRow> {
      const rows = sqlite
        .prepare<ByCircle, RawOffer>(
          `select id, title, url, price_minor, currency, description, sponsored, code, created_by, created_at,
                  removed_at
             from offers where circle_id = :circle order by id`,
        )
        .iterate({ circle });
      for (const r of rows) {
        yield {
          id: r.id,
          title: r.title,
          url: r.url,
          priceMinor: r.price_minor,
          currency: r.currency,
          description: r.description,
          sponsored: r.sponsored === 1,
          code: r.code,
          createdBy: r.created_by,
          createdAt: iso(r.created_at),
          removedAt: iso(r.removed_at),
        };
      }
    },

    *clicks(circle): Generator<ClickRow> {
      const rows = sqlite
        .prepare<ByCircle, RawClick>(
          `select c.id, c.offer_id, c.member_id, c.at from offer_clicks c join offers o on o.id = c.offer_id
            where o.circle_id = :circle order by c.id`,
        )
        .iterate({ circle });
      for (const r of rows) yield { id: r.id, offerId: r.offer_id, memberId: r.member_id, at: iso(r.at) };
    },

    close() {
      if (!sqlite.open) return;
      if (sqlite.inTransaction) sqlite.exec('COMMIT');
      sqlite.close();
    },
  };
}
