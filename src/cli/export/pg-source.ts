import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { pgCircles } from '../../store/pg/circles.js';
import type { Pg } from '../../store/pg/db.js';
import type {
  ApplicationRow,
  ClickRow,
  ExportCounts,
  ExportSource,
  LedgerRow,
  MemberRow,
  OfferRow,
} from './source.js';

/** Rows fetched per query: a circle of 100k members is read a page at a time. */
const PAGE = 1_000;

/** node-postgres returns bigint as text (it may exceed 2^53); ids and points here are safe integers. */
const int = (v: string | number): number => Number(v);
const intOrNull = (v: string | number | null): number | null => (v === null ? null : Number(v));
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** The people of one circle: everyone with a membership or a standing there (imported points have no membership). */
const PEOPLE = `with people as (
    select member_id from memberships where circle_id = $1
    union
    select member_id from point_standings where circle_id = $1
  )`;

/**
 * Reads one circle for an export from PostgreSQL, through a client of its own inside one read-only
 * REPEATABLE READ transaction from open to close: every section comes from the same snapshot while the
 * bots keep writing. Rows are read by pages in id order (keyset), so memory stays flat.
 */
export async function pgExportSource(client: pg.Client): Promise<ExportSource> {
  await client.query('begin isolation level repeatable read read only');
  const db = drizzle({ client });
  const reader: Pg = {
    run: (query) => query(db),
    write: (query) => query(db),
    atomic: (work) => work(db),
  };
  const count = async (text: string, circle: number) =>
    int((await client.query<{ n: string }>(text, [circle])).rows[0]?.n ?? 0);

  /** Yields every row of `text` (which takes $1 the circle, $2 the last key seen, and orders by that key). */
  async function* pages<R extends pg.QueryResultRow>(text: string, circle: number, key: (row: R) => number) {
    let after = 0;
    for (;;) {
      const { rows } = await client.query<R>(`${text} limit ${PAGE}`, [circle, after]);
      yield* rows;
      if (rows.length < PAGE) return;
      after = key(rows[rows.length - 1]!);
    }
  }

  return {
    circles: pgCircles(reader),

    async counts(circle): Promise<ExportCounts> {
      return {
        members: await count(`${PEOPLE} select count(*) as n from people`, circle),
        ledger: await count('select count(*) as n from point_ledger where circle_id = $1', circle),
        applications: await count('select count(*) as n from applications where circle_id = $1', circle),
        offers: await count('select count(*) as n from offers where circle_id = $1', circle),
        clicks: await count(
          'select count(*) as n from offer_clicks c join offers o on o.id = c.offer_id where o.circle_id = $1',
          circle,
        ),
      };
    },

    async *members(circle): AsyncGenerator<MemberRow> {
      type Raw = {
        id: string;
        platform: MemberRow['platform'];
        user_id: string;
        username: string | null;
        display_name: string | null;
        status: MemberRow['status'];
        since: Date | null;
        joined_at: Date | null;
        points: string;
        level: number;
        last_active_at: Date | null;
      };
      const rows = pages<Raw>(
        `${PEOPLE}
        select m.id, m.platform, m.user_id, m.username, m.display_name,
               ms.status, ms.since, ms.joined_at,
               coalesce(ps.points, 0) as points, coalesce(ps.level, 0) as level, ps.last_active_at
          from people p
          join members m on m.id = p.member_id
          left join memberships ms on ms.circle_id = $1 and ms.member_id = m.id
          left join point_standings ps on ps.circle_id = $1 and ps.member_id = m.id
         where m.id > $2
         order by m.id`,
        circle,
        (r) => int(r.id),
      );
      for await (const r of rows) {
        yield {
          memberId: int(r.id),
          platform: r.platform,
          userId: r.user_id,
          username: r.username,
          displayName: r.display_name,
          status: r.status,
          since: iso(r.since),
          joinedAt: iso(r.joined_at),
          points: int(r.points),
          level: r.level,
          lastActiveAt: iso(r.last_active_at),
        };
      }
    },

    async *ledger(circle): AsyncGenerator<LedgerRow> {
      type Raw = {
        id: string;
        member_id: string;
        user_id: string;
        kind: LedgerRow['kind'];
        points: string;
        source_key: string | null;
        actor_id: string | null;
        note: string | null;
        at: Date;
      };
      const rows = pages<Raw>(
        `select l.id, l.member_id, m.user_id, l.kind, l.points, l.source_key, l.actor_id, l.note, l.at
           from point_ledger l join members m on m.id = l.member_id
          where l.circle_id = $1 and l.id > $2 order by l.id`,
        circle,
        (r) => int(r.id),
      );
      for await (const r of rows) {
        yield {
          id: int(r.id),
          memberId: int(r.member_id),
          userId: r.user_id,
          kind: r.kind,
          points: int(r.points),
          sourceKey: r.source_key,
          actorId: intOrNull(r.actor_id),
          note: r.note,
          at: r.at.toISOString(),
        };
      }
    },

    async *applications(circle): AsyncGenerator<ApplicationRow> {
      type Raw = {
        id: string;
        member_id: string;
        user_id: string;
        state: string;
        questions: unknown;
        answers: unknown;
        credit: unknown;
        reason: unknown;
        decided_by: string | null;
        created_at: Date;
        deadline: Date;
        decided_at: Date | null;
      };
      const rows = pages<Raw>(
        `select a.id, a.member_id, m.user_id, a.state, a.questions, a.answers, a.credit, a.reason,
                a.decided_by, a.created_at, a.deadline, a.decided_at
           from applications a join members m on m.id = a.member_id
          where a.circle_id = $1 and a.id > $2 order by a.id`,
        circle,
        (r) => int(r.id),
      );
      for await (const r of rows) {
        yield {
          id: int(r.id),
          memberId: int(r.member_id),
          userId: r.user_id,
          state: r.state,
          questions: r.questions,
          answers: r.answers,
          credit: r.credit,
          reason: r.reason,
          decidedBy: intOrNull(r.decided_by),
          createdAt: r.created_at.toISOString(),
          deadline: r.deadline.toISOString(),
          decidedAt: iso(r.decided_at),
        };
      }
    },

    async *offers(circle): AsyncGenerator<OfferRow> {
      type Raw = {
        id: string;
        title: string;
        url: string;
        price_minor: string;
        currency: string;
        description: string | null;
        sponsored: boolean;
        code: string;
        created_by: string;
        created_at: Date;
        removed_at: Date | null;
      };
      const rows = pages<Raw>(
        `select id, title, url, price_minor, currency, description, sponsored, code, created_by, created_at,
                removed_at
           from offers where circle_id = $1 and id > $2 order by id`,
        circle,
        (r) => int(r.id),
      );
      for await (const r of rows) {
        yield {
          id: int(r.id),
          title: r.title,
          url: r.url,
          priceMinor: int(r.price_minor),
          currency: r.currency,
          description: r.description,
          sponsored: r.sponsored,
          code: r.code,
          createdBy: int(r.created_by),
          createdAt: r.created_at.toISOString(),
          removedAt: iso(r.removed_at),
        };
      }
    },

    async *clicks(circle): AsyncGenerator<ClickRow> {
      type Raw = { id: string; offer_id: string; member_id: string | null; at: Date };
      const rows = pages<Raw>(
        `select c.id, c.offer_id, c.member_id, c.at from offer_clicks c join offers o on o.id = c.offer_id
          where o.circle_id = $1 and c.id > $2 order by c.id`,
        circle,
        (r) => int(r.id),
      );
      for await (const r of rows) {
        yield {
          id: int(r.id),
          offerId: int(r.offer_id),
          memberId: intOrNull(r.member_id),
          at: r.at.toISOString(),
        };
      }
    },

    async close() {
      await client.query('commit').catch(() => {});
      await client.end();
    },
  };
}
