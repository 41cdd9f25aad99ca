/**
 * What the `postgres` section's workers left in the database, read on a connection of the bench's own
 * (SQLite read-only, or a PostgreSQL client), and the checks that make a fast wrong run fail: the ledger
 * holds exactly what was sent, and every application was decided once.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { circleIndexOf, memberIndexOf } from './points-events.js';
import { check } from './progress.js';
import type { Backend, WorkerDone } from './scale-worker.js';

type Row = Record<string, unknown>;
type Reader = (sql: string) => Promise<Row[]>;

/** Runs `read` with a reader of `backend`'s database, closing it after. */
async function reading<T>(backend: Backend, read: (query: Reader) => Promise<T>): Promise<T> {
  if (backend.kind === 'sqlite') {
    const db = new Database(backend.file, { readonly: true, fileMustExist: true });
    try {
      return await read(async (sql) => db.prepare(sql).all() as Row[]);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: backend.url });
  await client.connect();
  try {
    return await read(async (sql) => (await client.query(sql)).rows as Row[]);
  } finally {
    await client.end();
  }
}

const POINTS_PER_MESSAGE = 15;

/** Ledger, standings and processed updates equal what the ingest workers sent (warm-up included). */
export async function checkIngest(
  who: string,
  backend: Backend,
  workers: readonly WorkerDone[],
): Promise<void> {
  const said = new Map<string, number>();
  for (const w of workers) for (const [pair, n] of w.said ?? []) said.set(pair, (said.get(pair) ?? 0) + n);
  const sent = [...said.values()].reduce((a, b) => a + b, 0);
  await reading(backend, async (query) => {
    const one = async (sql: string) => Number((await query(sql))[0]?.n ?? 0);
    const rows = await one(`select count(*) as n from point_ledger where kind = 'message'`);
    const points = await one(`select coalesce(sum(points), 0) as n from point_ledger where kind = 'message'`);
    const other = await one(`select count(*) as n from point_ledger where kind <> 'message'`);
    const processed = await one('select count(*) as n from processed_updates');
    check(rows === sent, `${who}: ${sent} message ledger rows (found ${rows})`);
    check(
      points === sent * POINTS_PER_MESSAGE,
      `${who}: ${sent * POINTS_PER_MESSAGE} points (found ${points})`,
    );
    check(other === 0, `${who}: no other ledger kinds (found ${other})`);
    check(processed === sent, `${who}: ${sent} processed updates (found ${processed})`);
    const standings = await query(
      `select c.chat_id as chat, m.user_id as member, s.points as points from point_standings s
       join circles c on c.id = s.circle_id join members m on m.id = s.member_id
       where c.chat_id like '-1%'`,
    );
    check(standings.length === said.size, `${who}: ${said.size} standings (found ${standings.length})`);
    for (const s of standings) {
      const pair = `${circleIndexOf(String(s.chat))}:${memberIndexOf(String(s.member))}`;
      const expected = (said.get(pair) ?? 0) * POINTS_PER_MESSAGE;
      check(Number(s.points) === expected, `${who}: standing ${pair} is ${expected} (is ${s.points})`);
    }
  });
}

/** Every applicant approved exactly once: in the store (state, audit) and on the platform (port calls). */
export async function checkGate(
  who: string,
  backend: Backend,
  workers: readonly WorkerDone[],
): Promise<void> {
  const applicants = workers.reduce((sum, w) => sum + w.events + (w.prepared ?? 0), 0);
  const approvals = workers.flatMap((w) => w.approvals ?? []);
  const declines = workers.reduce((sum, w) => sum + (w.declines ?? 0), 0);
  check(approvals.length === applicants, `${who}: ${applicants} applicants approved (${approvals.length})`);
  check(
    approvals.every((n) => n === 1),
    `${who}: each applicant approved once on the platform`,
  );
  check(declines === 0, `${who}: no join declined (${declines})`);
  await reading(backend, async (query) => {
    const states = await query('select state, count(*) as n from applications group by state');
    const tally = Object.fromEntries(states.map((r) => [String(r.state), Number(r.n)]));
    check(
      tally.approved === applicants && states.length === 1,
      `${who}: ${applicants} applications, all approved (found ${JSON.stringify(tally)})`,
    );
    const [audits] = await query(`select count(*) as n from audit_log where action = 'gate.approved'`);
    check(Number(audits?.n) === applicants, `${who}: ${applicants} gate.approved audit rows (${audits?.n})`);
  });
}
