/**
 * Telegram webhook throughput (the second section of `npm run bench`): updates per second through
 * circlebot's webhook route into the core, against a bare telegraf bot that only acknowledges, with the
 * same client, payloads and process, in the same run.
 *
 * The updates are group text messages from many members in several groups (see `chatter.ts`), so the bot
 * answers nothing: this measures ingestion — HTTP → secret check → zod → telegraf → map → core → store. A
 * warm-up goes to every receiver first; then, for each concurrency, the same `n` bodies go to the HTTP
 * floor, the bare telegraf bot and circlebot in turn (circlebot gets fresh update_ids every run, since it
 * drops duplicates). The section fails if any response is not 200, if the bare bot did not see every
 * update, or if circlebot's database does not hold exactly one processed update per request, one member
 * per speaker and one membership per (group, speaker).
 */
import { performance } from 'node:perf_hooks';
import { createChatter } from './chatter.js';
import { watchGc } from './gc.js';
import { postAll, statusCounts, type Target } from './load.js';
import { check } from './progress.js';
import { readIngested, type SqlWork } from './sqlite.js';
import { memorySnapshot, summarize } from './stats.js';
import { startTelegramBench } from './telegram-bots.js';
import { printTelegramReport, type TelegramRun } from './telegram-report.js';

export interface TelegramSectionOptions {
  /** Updates per measured run. */
  readonly n: number;
  readonly warm: number;
  /** Each is one run per receiver, in this order. */
  readonly concurrencies: readonly number[];
  readonly chats: number;
  readonly users: number;
}

export const TELEGRAM_DEFAULTS: Omit<TelegramSectionOptions, 'n'> = {
  warm: 2000,
  concurrencies: [8, 1],
  chats: 8,
  users: 2000,
};

/** POSTs `bodies` to `target` and checks every answer was 200; GC and SQL work are per run. */
async function measureRun(
  target: Target,
  bodies: readonly Buffer[],
  concurrency: number,
  work: SqlWork,
  phase: string,
): Promise<TelegramRun> {
  memorySnapshot(); // a full collection first, so no run pays for the garbage of the one before
  const sql = { prepared: work.prepared, transactions: work.transactions };
  const gc = watchGc();
  const cpu = process.cpuUsage();
  const run = await postAll(target, bodies, concurrency);
  const cpuUs = process.cpuUsage(cpu);
  await gc.stop();
  const statuses = statusCounts(run.statuses);
  check(statuses[200] === bodies.length, `${target.name} answered 200 to all: ${JSON.stringify(statuses)}`);
  const n = bodies.length;
  process.stderr.write(
    `  ${phase} ${target.name}, concurrency ${concurrency}: ${n} updates in ${(run.wallMs / 1000).toFixed(1)} s\n`,
  );
  return {
    receiver: target.name,
    concurrency,
    n,
    perSecond: run.perSecond,
    latency: summarize(run.latencies),
    cpuUsPerUpdate: (cpuUs.user + cpuUs.system) / n,
    gc: { pauses: gc.pauses.length, totalMs: gc.pauses.reduce((sum, p) => sum + p.duration, 0) },
    sqlPerUpdate: {
      prepared: (work.prepared - sql.prepared) / n,
      transactions: (work.transactions - sql.transactions) / n,
    },
    wallMs: run.wallMs,
  };
}

/** Runs the section, prints its tables and returns its figures for `BENCH_JSON`. */
export async function runTelegramSection(
  opts: TelegramSectionOptions,
  work: SqlWork,
): Promise<Record<string, unknown>> {
  const started = performance.now();
  const levels = opts.concurrencies.join(' and ');
  process.stderr.write(
    `circlebot Telegram webhook bench: ${opts.n} updates per run at concurrency ${levels}, ${opts.warm} to warm up\n`,
  );
  const bench = await startTelegramBench();
  try {
    const chatter = createChatter(bench.fake, opts);
    bench.fake.clearCalls();
    const receivers = [bench.floor, bench.telegraf, bench.circlebot];
    const sent = new Map<string, number>();
    const post = async (target: Target, bodies: readonly Buffer[], concurrency: number, phase: string) => {
      sent.set(target.name, (sent.get(target.name) ?? 0) + bodies.length);
      return measureRun(target, bodies, concurrency, work, phase);
    };

    const warmBodies = chatter.take(opts.warm);
    const maxConcurrency = Math.max(...opts.concurrencies);
    for (const target of receivers) await post(target, warmBodies, maxConcurrency, 'warming');
    const runs: TelegramRun[] = [];
    for (const concurrency of opts.concurrencies) {
      const bodies = chatter.take(opts.n);
      for (const target of receivers) runs.push(await post(target, bodies, concurrency, 'measuring'));
    }

    await bench.app.core.drain();
    const toTelegraf = sent.get(bench.telegraf.name) ?? 0;
    const toCirclebot = sent.get(bench.circlebot.name) ?? 0;
    check(
      bench.acknowledged() === toTelegraf,
      `bare telegraf acknowledged ${bench.acknowledged()}/${toTelegraf}`,
    );
    const stored = readIngested(bench.dbFile);
    const expected = {
      processedUpdates: toCirclebot,
      circles: chatter.chats.length,
      members: chatter.speakers.size,
      memberships: chatter.pairs.size,
    };
    for (const [key, value] of Object.entries(expected)) {
      const found = stored[key as keyof typeof expected];
      check(found === value, `circlebot's database holds ${value} ${key} (holds ${found})`);
    }
    const botCalls = bench.fake.calls().map((c) => c.method);
    check(
      botCalls.length === 0,
      `circlebot called no Bot API method for chatter (called ${botCalls.join(', ')})`,
    );

    return printTelegramReport({
      ...opts,
      runs,
      stored,
      sent: Object.fromEntries(sent),
      totalMs: performance.now() - started,
    });
  } finally {
    await bench.stop();
  }
}
