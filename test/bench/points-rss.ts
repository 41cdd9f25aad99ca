/**
 * Peak memory of the bot with a large database: `seedLargeDb` writes circles, members, memberships,
 * standings and ledger rows straight into a migrated SQLite file (batched transactions); `measureRss`
 * then starts a child process (`node --import tsx` this file) that opens the store on that file, wires the
 * core, ingests group messages from a random sample of the seeded (circle, member) pairs and reports its
 * peak RSS. A child of its own, so the figure is the bot's alone and not the bench's.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { levelOf } from '../../src/core/points/flow.js';
import { openBareDb, seedPeople } from './points-bare.js';
import { startPointsBot } from './points-bot.js';
import { Chatter, seeded } from './points-events.js';
import { memorySnapshot } from './stats.js';

export interface LargeDb {
  readonly circles: number;
  readonly members: number;
  /** Circles each member is in (a membership, a standing and one ledger row each). */
  readonly perMember: number;
}

/** The `j`-th circle of member `m`; distinct for `j < circles` when `circles` is 1000 (729 is prime to it). */
export const circleOfPair = (db: LargeDb, member: number, j: number) =>
  (member * 7919 + j * 104_729) % db.circles;

const STATE = JSON.stringify({
  lastEarnedAt: Date.UTC(2025, 11, 31, 12),
  recent: ['teacupleafpotbrewsteam1234'],
  streakDay: '2025-12-31',
  streakLength: 1,
  reactionDay: null,
  reactionPointsToday: 0,
  replyDay: null,
  replyPointsToday: 0,
});

/** Secondary indexes of the seeded tables, dropped while seeding and built again after (a sort each). */
function dropIndexes(db: Database.Database, tables: readonly string[]): string[] {
  const rows = db
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null
       and tbl_name in (${tables.map(() => '?').join(', ')})`,
    )
    .all(...tables) as Array<{ name: string; sql: string }>;
  for (const { name } of rows) db.exec(`drop index "${name}"`);
  return rows.map((r) => r.sql);
}

/**
 * Seeds the file (which must not exist yet): circles, members, and per member `perMember` memberships,
 * standings (levels from the real curve) and one ledger row each, written in (circle, member) order with
 * the secondary indexes built afterwards. Resolves with the rows written and the time it took.
 */
export function seedLargeDb(file: string, shape: LargeDb): { rows: number; ms: number } {
  const started = performance.now();
  const db = openBareDb(file);
  try {
    db.pragma('synchronous = OFF'); // a scratch file: a crash while seeding just fails the bench
    db.pragma('cache_size = -131072');
    const at = Date.UTC(2025, 11, 31, 12);
    seedPeople(db, shape.circles, shape.members, at);
    const indexes = dropIndexes(db, ['memberships', 'point_standings', 'point_ledger']);
    const pairs = new Float64Array(shape.members * shape.perMember);
    let n = 0;
    for (let m = 0; m < shape.members; m++)
      for (let j = 0; j < shape.perMember; j++) pairs[n++] = circleOfPair(shape, m, j) * shape.members + m;
    pairs.sort();
    const membership = db.prepare(
      `insert into memberships (circle_id, member_id, status, since, joined_at) values (?, ?, 'member', ?, ?)`,
    );
    const standing = db.prepare(
      `insert into point_standings (circle_id, member_id, points, level, last_active_at, state, updated_at)
       values (?, ?, ?, ?, ?, ?, ?)`,
    );
    const ledger = db.prepare(
      `insert into point_ledger (circle_id, member_id, kind, points, source_key, at)
       values (?, ?, 'import', ?, ?, ?)`,
    );
    const random = seeded(11);
    const chunk = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const c = Math.floor(pairs[i]! / shape.members);
        const m = pairs[i]! % shape.members;
        const points = 15 * (1 + Math.floor(random() * 40));
        membership.run(c + 1, m + 1, at, at);
        standing.run(c + 1, m + 1, points, levelOf(points), at, STATE, at);
        ledger.run(c + 1, m + 1, points, `import:${c}:${m}`, at);
      }
    });
    for (let i = 0; i < pairs.length; i += 50_000) chunk.immediate(i, Math.min(pairs.length, i + 50_000));
    for (const sql of indexes) db.exec(sql);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const pairs = shape.members * shape.perMember;
  return { rows: shape.circles + shape.members + 3 * pairs, ms: performance.now() - started };
}

/** What the child reports (bytes, and events per second of its ingest). */
export interface RssReport {
  readonly rssAfterOpen: number;
  readonly heapAfterOpen: number;
  readonly rssAfterIngest: number;
  readonly peakRss: number;
  readonly heapUsed: number;
  readonly events: number;
  readonly perSecond: number;
  readonly ledgerRows: number;
}

/** Runs the child on a seeded file; rejects when it fails or prints no report. */
export function measureRss(file: string, shape: LargeDb, batches: number): Promise<RssReport> {
  const self = fileURLToPath(import.meta.url);
  const args = ['--import', 'tsx', self, file, JSON.stringify(shape), String(batches)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RSS_JSON '));
      if (code !== 0 || !line) reject(new Error(`the RSS child exited ${code} and printed:\n${out}`));
      else resolve(JSON.parse(line.slice('RSS_JSON '.length)) as RssReport);
    });
  });
}

/** The child: open, ingest `batches` batches of 100 from random seeded pairs, report. */
async function child(file: string, shape: LargeDb, batches: number): Promise<void> {
  const bot = startPointsBot(file);
  const { rss: rssAfterOpen, heapUsed: heapAfterOpen } = memorySnapshot();
  const chatter = new Chatter(shape.circles, shape.members, 13);
  const random = seeded(17);
  let elapsed = 0;
  for (let b = 0; b < batches; b++) {
    const taken = new Set<string>();
    const batch = [];
    while (batch.length < 100) {
      const member = Math.floor(random() * shape.members);
      const circle = circleOfPair(shape, member, Math.floor(random() * shape.perMember));
      if (taken.has(`${circle}:${member}`)) continue;
      taken.add(`${circle}:${member}`);
      batch.push(chatter.event(circle, member));
    }
    bot.clock.advance(61_000);
    const t = performance.now();
    await Promise.all(batch.map((event) => bot.core.handle(event)));
    elapsed += performance.now() - t;
  }
  const { rss: rssAfterIngest, heapUsed } = memorySnapshot();
  await bot.stop();
  const db = new Database(file, { readonly: true });
  const ledgerRows = (db.prepare('select count(*) as n from point_ledger').get() as { n: number }).n;
  db.close();
  const report: RssReport = {
    rssAfterOpen,
    heapAfterOpen,
    rssAfterIngest,
    peakRss: process.resourceUsage().maxRSS * 1024,
    heapUsed,
    events: chatter.sent,
    perSecond: (chatter.sent * 1000) / elapsed,
    ledgerRows,
  };
  console.log(`RSS_JSON ${JSON.stringify(report)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, shape, batches] = process.argv.slice(2);
  child(file!, JSON.parse(shape!) as LargeDb, Number(batches)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
