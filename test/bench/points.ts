/**
 * Message points ingest (the `points` section of `npm run bench`): group messages per second through
 * `core.handle` with their points committed, beside the bare better-sqlite3 rate for the same rows, in the
 * same run; then peak RSS with a large database.
 *
 * - circlebot: the core wired as `src/app.ts` wires it (every feature, metrics observer) on a temp SQLite
 *   file, a ManualClock moved past the cooldown between batches, `random: () => 0` (15 points a message),
 *   and a no-op Telegram port. Events arrive as getUpdates batches do: 100 `message` events at a time,
 *   handed to `core.handle` together (`Promise.all`, as telegraf does), the next batch once all resolved
 *   (so committed). A warm-up first sends every (circle, member) pair once, so the timed part is the
 *   steady state: known members, memberships and standings.
 * - bare: the same events' rows on a fresh file with the same schema, written with prepared better-sqlite3
 *   statements: per event one ledger insert, one standing upsert, one processed-update insert; one IMMEDIATE
 *   transaction per batch of 100. Twice: with the pragmas `openSqliteStore` sets, and with SQLite's own WAL
 *   checkpoint interval (1 000 pages, where circlebot sets 10 000), as a program using better-sqlite3
 *   plainly has it — the ratio to each is printed.
 *
 * Only the handling (or writing) of a batch is timed, not making its events. The section fails if the
 * ledger, the standings or the processed updates differ from what was sent, or if redelivering a batch
 * changes anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { MessageEvent } from '../../src/core/events.js';
import { watchGc } from './gc.js';
import { bareWriter, openBareDb, seedPeople } from './points-bare.js';
import { startPointsBot } from './points-bot.js';
import { Chatter, circleIndexOf, memberIndexOf } from './points-events.js';
import { type LargeDb, measureRss, seedLargeDb } from './points-rss.js';
import { check, progress } from './progress.js';
import type { SqlWork } from './sqlite.js';
import { memorySnapshot, mib, table } from './stats.js';

export interface PointsSectionOptions {
  /** Events in the timed part (a multiple of `batch` is used). */
  readonly n: number;
  readonly batch: number;
  readonly circles: number;
  readonly members: number;
  readonly large: LargeDb;
  /** Batches of 100 the RSS child ingests. */
  readonly rssBatches: number;
}

export const POINTS_DEFAULTS: Omit<PointsSectionOptions, 'n'> = {
  batch: 100,
  circles: 10,
  members: 5000,
  large: { circles: 1000, members: 100_000, perMember: 10 },
  rssBatches: 300,
};

const TARGET_PER_SECOND = 50_000;
const TARGET_RATIO = 0.6;
const POINTS_PER_MESSAGE = 15;
/** Past the 60 s cooldown: every message of the next batch earns. */
const BETWEEN_BATCHES_MS = 61_000;

interface IngestRun {
  readonly events: number;
  readonly ms: number;
  readonly perSecond: number;
  readonly cpuUsPerEvent: number;
  readonly gc: { readonly pauses: number; readonly totalMs: number };
  readonly sqlPerEvent: { readonly prepared: number; readonly transactions: number };
}

/** Times `handle` over `batches` batches (only the handling), with CPU, GC and SQL work per event. */
async function timed(
  batches: number,
  next: () => MessageEvent[],
  handle: (batch: MessageEvent[]) => Promise<unknown> | unknown,
  work: SqlWork,
  phase: string,
): Promise<IngestRun> {
  memorySnapshot(); // a full collection first, so the run does not pay for the garbage before it
  const sql = { prepared: work.prepared, transactions: work.transactions };
  const gc = watchGc();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let ms = 0;
  let events = 0;
  for (let b = 0; b < batches; b++) {
    const batch = next();
    const t = performance.now();
    await handle(batch);
    ms += performance.now() - t;
    events += batch.length;
    progress(phase, b + 1, batches, started);
  }
  const cpuUs = process.cpuUsage(cpu);
  await gc.stop();
  return {
    events,
    ms,
    perSecond: (events * 1000) / ms,
    cpuUsPerEvent: (cpuUs.user + cpuUs.system) / events,
    gc: { pauses: gc.pauses.length, totalMs: gc.pauses.reduce((sum, p) => sum + p.duration, 0) },
    sqlPerEvent: {
      prepared: (work.prepared - sql.prepared) / events,
      transactions: (work.transactions - sql.transactions) / events,
    },
  };
}

/** What a database holds after an ingest, read on a connection of its own. */
interface Stored {
  readonly ledgerRows: number;
  readonly ledgerPoints: number;
  readonly otherKinds: number;
  readonly processed: number;
  /** `circle:member` (indices) → standing points. */
  readonly standings: Map<string, number>;
}

function readStored(file: string): Stored {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => db.prepare(sql).get() as { n: number | null };
    const standings = new Map<string, number>();
    const rows = db
      .prepare(
        `select c.chat_id as chat, m.user_id as user, s.points as points from point_standings s
         join circles c on c.id = s.circle_id join members m on m.id = s.member_id`,
      )
      .all() as Array<{ chat: string; user: string; points: number }>;
    for (const row of rows)
      standings.set(`${circleIndexOf(row.chat)}:${memberIndexOf(row.user)}`, row.points);
    return {
      ledgerRows: one(`select count(*) as n from point_ledger where kind = 'message'`).n ?? 0,
      ledgerPoints: one(`select sum(points) as n from point_ledger where kind = 'message'`).n ?? 0,
      otherKinds: one(`select count(*) as n from point_ledger where kind <> 'message'`).n ?? 0,
      processed: one(`select count(*) as n from processed_updates`).n ?? 0,
      standings,
    };
  } finally {
    db.close();
  }
}

/** Checks the database holds exactly what `chatter` sent: one ledger row, 15 points, one update each. */
function checkStored(who: string, stored: Stored, chatter: Chatter): void {
  const sent = chatter.sent;
  check(stored.ledgerRows === sent, `${who}: ${sent} message ledger rows (found ${stored.ledgerRows})`);
  check(
    stored.ledgerPoints === sent * POINTS_PER_MESSAGE,
    `${who}: ledger holds ${sent * POINTS_PER_MESSAGE} points (holds ${stored.ledgerPoints})`,
  );
  check(stored.otherKinds === 0, `${who}: no other ledger kinds (found ${stored.otherKinds})`);
  check(stored.processed === sent, `${who}: ${sent} processed updates (found ${stored.processed})`);
  check(
    stored.standings.size === chatter.said.size,
    `${who}: one standing per pair that spoke (${chatter.said.size}, found ${stored.standings.size})`,
  );
  for (const [pair, count] of chatter.said) {
    const points = stored.standings.get(pair);
    check(
      points === count * POINTS_PER_MESSAGE,
      `${who}: standing ${pair} is ${count * POINTS_PER_MESSAGE} (is ${points})`,
    );
  }
}

/** circlebot: warm-up (every pair once), the timed batches, a redelivered batch; then the check. */
async function runCore(dir: string, opts: PointsSectionOptions, batches: number, work: SqlWork) {
  const file = join(dir, 'circlebot.db');
  const bot = startPointsBot(file);
  const chatter = new Chatter(opts.circles, opts.members);
  const handle = async (batch: MessageEvent[]) => {
    bot.clock.advance(BETWEEN_BATCHES_MS);
    await Promise.all(batch.map((event) => bot.core.handle(event)));
  };
  let last: MessageEvent[] = [];
  let stopped = false;
  try {
    const pairs = chatter.everyPair(opts.batch);
    const warmBatches = Math.ceil((opts.circles * opts.members) / opts.batch);
    const warm = await timed(warmBatches, () => pairs.next().value ?? [], handle, work, 'circlebot warm-up');
    const run = await timed(
      batches,
      () => {
        last = chatter.batch(opts.batch);
        return last;
      },
      handle,
      work,
      'circlebot',
    );
    await handle(last); // redelivered: must change nothing
    await bot.core.drain();
    const calls = Object.fromEntries(bot.port.calls);
    await bot.stop();
    stopped = true;
    checkStored('circlebot', readStored(file), chatter);
    return { warm, run, calls };
  } finally {
    if (!stopped) await bot.stop();
  }
}

/**
 * The bare floor over the same events (a Chatter with the same seed makes them again): with circlebot's
 * pragmas, or with `sqliteCheckpoints` SQLite's own checkpoint interval (plain better-sqlite3 use).
 */
async function runBare(
  dir: string,
  opts: PointsSectionOptions,
  batches: number,
  work: SqlWork,
  sqliteCheckpoints = false,
) {
  const file = join(dir, sqliteCheckpoints ? 'bare-plain.db' : 'bare.db');
  const db = openBareDb(file, { sqliteCheckpoints });
  const chatter = new Chatter(opts.circles, opts.members);
  let at = Date.UTC(2026, 0, 1, 12);
  let run: IngestRun;
  try {
    seedPeople(db, opts.circles, opts.members, at);
    const write = bareWriter(db);
    const handle = (batch: MessageEvent[]) => {
      at += BETWEEN_BATCHES_MS;
      write(
        batch.map((e) => ({
          circle: circleIndexOf(e.chat.id),
          member: memberIndexOf(e.member.id),
          chatId: e.chat.id,
          messageId: e.messageId,
          updateId: e.updateId!,
        })),
        at,
      );
    };
    const pairs = chatter.everyPair(opts.batch);
    const warmBatches = Math.ceil((opts.circles * opts.members) / opts.batch);
    await timed(warmBatches, () => pairs.next().value ?? [], handle, work, 'bare warm-up');
    run = await timed(batches, () => chatter.batch(opts.batch), handle, work, 'bare');
  } finally {
    db.close();
  }
  checkStored('bare', readStored(file), chatter);
  return run;
}

const perSecond = (v: number) => Math.round(v).toLocaleString('en-US');
const fixed = (v: number, digits = 2) => v.toFixed(digits);

function printReport(result: {
  readonly opts: PointsSectionOptions;
  readonly core: IngestRun;
  readonly bare: IngestRun;
  readonly plain: IngestRun;
  readonly warm: IngestRun;
  readonly calls: Record<string, number>;
  readonly seed: { rows: number; ms: number };
  readonly rss: Awaited<ReturnType<typeof measureRss>>;
}): void {
  const { opts, core, bare, plain, rss } = result;
  const ratio = core.perSecond / bare.perSecond;
  const plainRatio = core.perSecond / plain.perSecond;
  const row = (name: string, run: IngestRun) => [
    name,
    perSecond(run.perSecond),
    fixed(run.cpuUsPerEvent, 1),
    `${run.gc.pauses} / ${fixed(run.gc.totalMs, 0)}`,
    `${fixed(run.sqlPerEvent.prepared, 3)} / ${fixed(run.sqlPerEvent.transactions, 3)}`,
  ];
  const lines = [
    '',
    `Message points ingest: ${core.events} events in batches of ${opts.batch} (Promise.all each), ` +
      `${opts.circles} circles × ${opts.members} members, after a warm-up of ${result.warm.events}`,
    '',
    table(
      ['receiver', 'events/s', 'cpu µs/event', 'gc pauses / ms', 'prepared / tx per event'],
      [
        row('circlebot: core.handle → points committed', core),
        row('bare better-sqlite3, circlebot pragmas', bare),
        row('bare better-sqlite3, SQLite checkpoints', plain),
      ],
    ),
    '',
    table(
      ['figure', 'value', 'target', 'met'],
      [
        [
          'circlebot events/s',
          perSecond(core.perSecond),
          `≥ ${perSecond(TARGET_PER_SECOND)}`,
          core.perSecond >= TARGET_PER_SECOND ? 'yes' : 'no',
        ],
        [
          'circlebot / bare, circlebot pragmas',
          fixed(ratio),
          `≥ ${TARGET_RATIO}`,
          ratio >= TARGET_RATIO ? 'yes' : 'no',
        ],
        [
          'circlebot / bare, SQLite checkpoints',
          fixed(plainRatio),
          `≥ ${TARGET_RATIO}`,
          plainRatio >= TARGET_RATIO ? 'yes' : 'no',
        ],
      ],
    ),
    '  bare: per event one ledger insert, one standing upsert, one processed-update insert (prepared), one',
    "  IMMEDIATE transaction a batch; with circlebot's pragmas (WAL checkpoint every 10 000 pages) and with",
    "  SQLite's own checkpoint interval (1 000 pages), as a program using better-sqlite3 plainly has it",
    `  port calls during the run (level-ups announced): ${JSON.stringify(result.calls)}`,
    '',
    `Peak RSS with ${opts.large.circles} circles × ${opts.large.members} members in the database ` +
      `(${opts.large.perMember} circles per member: ${opts.large.members * opts.large.perMember} ` +
      'memberships, standings and ledger rows)',
    '',
    table(
      ['figure', 'value'],
      [
        ['seeding (rows, time)', `${result.seed.rows} rows in ${fixed(result.seed.ms / 1000, 1)} s`],
        [
          'RSS / heap after opening the store',
          `${fixed(mib(rss.rssAfterOpen), 1)} / ${fixed(mib(rss.heapAfterOpen), 1)} MiB`,
        ],
        [
          `RSS after ingesting ${rss.events} events from random seeded pairs`,
          `${fixed(mib(rss.rssAfterIngest), 1)} MiB`,
        ],
        ['peak RSS (maxRSS of the bot process)', `${fixed(mib(rss.peakRss), 1)} MiB`],
        ['heap used after ingest (after a full GC)', `${fixed(mib(rss.heapUsed), 1)} MiB`],
        ['ingest rate on the large database', `${perSecond(rss.perSecond)} events/s`],
      ],
    ),
    `  machine: ${process.platform} ${process.arch}, ${availableParallelism()} cores, node ${process.version}`,
    '',
  ];
  console.log(lines.join('\n'));
}

/** circlebot and the bare floor over the same events, bare first. */
export async function measureIngest(dir: string, opts: PointsSectionOptions, work: SqlWork) {
  const batches = Math.max(1, Math.floor(opts.n / opts.batch));
  const bare = await runBare(dir, opts, batches, work);
  const plain = await runBare(dir, opts, batches, work, true);
  const { warm, run: core, calls } = await runCore(dir, opts, batches, work);
  return { bare, plain, warm, core, calls };
}

/** Seeds the large database, then measures the bot's RSS on it in a child process. */
export async function measureLarge(dir: string, opts: PointsSectionOptions) {
  const { large } = opts;
  process.stderr.write(
    `  seeding ${large.circles} circles × ${large.members} members (${large.perMember} circles each)\n`,
  );
  const file = join(dir, 'large.db');
  const seed = seedLargeDb(file, large);
  process.stderr.write(`  seeded ${seed.rows} rows in ${(seed.ms / 1000).toFixed(1)} s; measuring RSS\n`);
  const rss = await measureRss(file, large, opts.rssBatches);
  const expectedRows = large.members * large.perMember + rss.events;
  check(rss.ledgerRows === expectedRows, `large db: ${expectedRows} ledger rows (${rss.ledgerRows})`);
  return { seed, rss };
}

/** Runs the section, prints its tables and returns its figures for `BENCH_JSON`. */
export async function runPointsSection(
  opts: PointsSectionOptions,
  work: SqlWork,
): Promise<Record<string, unknown>> {
  const started = performance.now();
  const batches = Math.max(1, Math.floor(opts.n / opts.batch));
  process.stderr.write(
    `circlebot points bench: ${batches * opts.batch} message events in batches of ${opts.batch}\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'circlebot-points-'));
  try {
    const { bare, plain, warm, core, calls } = await measureIngest(dir, opts, work);
    const { seed, rss } = await measureLarge(dir, opts);
    printReport({ opts, core, bare, plain, warm, calls, seed, rss });
    return {
      n: core.events,
      batch: opts.batch,
      circles: opts.circles,
      members: opts.members,
      circlebot: core,
      bare,
      plain,
      ratio: core.perSecond / bare.perSecond,
      plainRatio: core.perSecond / plain.perSecond,
      warm,
      calls,
      large: { ...opts.large, seedRows: seed.rows, seedMs: seed.ms, ...rss },
      totalMs: performance.now() - started,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
