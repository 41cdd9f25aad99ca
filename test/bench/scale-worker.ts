/**
 * One bot process of the `postgres` section (`node --import tsx` this file, forked with IPC): the core
 * wired over SQLite or PostgreSQL (`wireBot`), working on its own share of circles. The parent sends
 * `start` with the job; the worker prepares (ingest: a warm-up over every pair of its share; gate: its
 * circles set up) and says `ready`; on `go` it runs the timed part and says `done` with its figures; on
 * `stop` it drains, closes the store and exits. Between `done` and `stop` its connections stay open, so the
 * parent can read the database server's CPU before they close.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { MessageEvent } from '../../src/core/events.js';
import type { Store } from '../../src/core/store.js';
import { openSqliteStore } from '../../src/store/open.js';
import { openPostgresStore } from '../../src/store/pg/open.js';
import { recordingPort, type WiredBot, wireBot } from './points-bot.js';
import { Chatter } from './points-events.js';
import { type GatePort, gateChatOf, gatePort, screenOne, setUpGateCircles } from './scale-gate.js';

export type Backend =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'pg'; readonly url: string; readonly maxConnections: number };

interface JobBase {
  readonly backend: Backend;
  /** This process's number, from 0, and how many share the database. */
  readonly index: number;
  readonly of: number;
  /** Circles of this process: `firstCircle … firstCircle + circles - 1`. */
  readonly firstCircle: number;
  readonly circles: number;
}

export interface IngestJob extends JobBase {
  readonly task: 'ingest';
  readonly members: number;
  readonly batches: number;
  readonly batch: number;
}

export interface GateJob extends JobBase {
  readonly task: 'gate';
  /** Applicants of this process: `firstApplicant … firstApplicant + applicants - 1`. */
  readonly firstApplicant: number;
  readonly applicants: number;
  /** Applicants screened at once. */
  readonly concurrency: number;
  /** Applicants screened before the window (numbered apart from the timed ones). */
  readonly warmup: number;
}

export type Job = IngestJob | GateJob;

/** What a worker reports after its timed part. */
export interface WorkerDone {
  readonly events: number;
  /** Gate: applicants screened in the warm-up, before the window. */
  readonly prepared?: number;
  /** Own time from `go` to the last event committed. */
  readonly ms: number;
  readonly cpuUs: number;
  /** Queries sent to PostgreSQL (BEGIN, SAVEPOINT… included); `null` on SQLite, which runs in-process. */
  readonly statements: number | null;
  readonly calls: Record<string, number>;
  /** Ingest: messages per `circle:member`. */
  readonly said?: Array<[string, number]>;
  /** Gate: last press → verdict, per applicant (ms); how often each applicant was approved or declined. */
  readonly lastPressMs?: number[];
  readonly approvals?: number[];
  readonly declines?: number;
  readonly offeredAll?: boolean;
}

/** Counts every query a node-postgres client sends (the pool's clients are `pg.Client`s). */
function countPgQueries(): { queries: number } {
  const count = { queries: 0 };
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    count.queries++;
    return query.apply(this, args);
  };
  return count;
}

/** Warm-up applicants are numbered from here (process `i` from here + i × 100 000). */
const WARMUP_APPLICANTS = 5_000_000;

/** Past the 60 s cooldown: every message of the next batch earns. */
const BETWEEN_BATCHES_MS = 61_000;

function openStore(backend: Backend): Promise<Store> | Store {
  return backend.kind === 'sqlite'
    ? openSqliteStore(backend.file)
    : openPostgresStore(backend.url, { maxConnections: backend.maxConnections });
}

/** Ingest: warm-up over every pair, then `run` sends the timed batches. */
function ingest(bot: WiredBot, job: IngestJob) {
  const chatter = new Chatter(job.circles, job.members, 7 + job.index, job.firstCircle, job.index * 1e9);
  const handle = async (batch: MessageEvent[]) => {
    bot.clock.advance(BETWEEN_BATCHES_MS);
    await Promise.all(batch.map((event) => bot.core.handle(event)));
  };
  return {
    async prepare() {
      for (const batch of chatter.everyPair(job.batch)) await handle(batch);
    },
    async run(): Promise<Pick<WorkerDone, 'events' | 'said'>> {
      const before = chatter.sent;
      for (let b = 0; b < job.batches; b++) await handle(chatter.batch(job.batch));
      return { events: chatter.sent - before, said: [...chatter.said] };
    },
  };
}

/** Gate: circles set up first; `run` screens the applicants, `concurrency` at a time. */
function gate(bot: WiredBot<GatePort>, job: GateJob) {
  // Update ids of their own: the ingest's (index × 10⁹ onward) may be in the same database.
  let update = job.index * 1e9 + 5e8;
  const nextUpdate = () => String(++update);
  /** Screens `count` applicants numbered from `first`, `concurrency` at a time, spread over the circles. */
  const screen = async (first: number, count: number) => {
    const lastPressMs: number[] = [];
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const i = next++;
        const circle = job.firstCircle + (i % job.circles);
        const chat = { platform: 'telegram' as const, id: gateChatOf(circle) };
        lastPressMs.push(await screenOne(bot.core, bot.port, chat, first + i, nextUpdate));
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, lane));
    return lastPressMs;
  };
  return {
    async prepare() {
      await setUpGateCircles(bot.store, job.firstCircle, job.circles, bot.clock.now());
      // A warm-up, so the code is compiled before the window, as it is for a share of any size.
      await screen(WARMUP_APPLICANTS + job.index * 100_000, job.warmup);
    },
    async run(): Promise<Partial<WorkerDone>> {
      const lastPressMs = await screen(job.firstApplicant, job.applicants);
      const approvals = [...bot.port.approved.values()];
      const declines = [...bot.port.declined.values()].reduce((a, b) => a + b, 0);
      return { events: lastPressMs.length, prepared: job.warmup, lastPressMs, approvals, declines };
    },
  };
}

type Message = { type: 'start'; job: Job } | { type: 'go' } | { type: 'stop' };

function send(message: unknown): void {
  process.send?.(message);
}

function next(type: Message['type']): Promise<Message> {
  return new Promise((resolve) => {
    const on = (message: Message) => {
      if (message.type !== type) return;
      process.off('message', on);
      resolve(message);
    };
    process.on('message', on);
  });
}

async function main(): Promise<void> {
  const start = (await next('start')) as Extract<Message, { type: 'start' }>;
  const { job } = start;
  const pgCount = countPgQueries();
  const store = await openStore(job.backend);
  const bot =
    job.task === 'gate' ? wireBot(store, gatePort()) : (wireBot(store, recordingPort()) as WiredBot);
  try {
    const work = job.task === 'gate' ? gate(bot as WiredBot<GatePort>, job) : ingest(bot as WiredBot, job);
    await work.prepare();
    await bot.core.drain();
    send({ type: 'ready' });
    await next('go');
    const cpu = process.cpuUsage();
    const queries = pgCount.queries;
    const started = performance.now();
    const result = await work.run();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const done: WorkerDone = {
      events: 0,
      ...result,
      ms,
      cpuUs: used.user + used.system,
      statements: job.backend.kind === 'pg' ? pgCount.queries - queries : null,
      calls: Object.fromEntries(bot.port.calls),
    };
    send({ type: 'done', done });
    await next('stop');
  } finally {
    await bot.stop();
  }
}

main().then(
  () => process.disconnect?.(),
  (err: unknown) => {
    send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exitCode = 1;
    process.disconnect?.();
  },
);
