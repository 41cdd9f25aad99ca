import type { IngestedChatter } from './sqlite.js';
import { round, type Summary, table } from './stats.js';

/** One receiver at one concurrency. Latencies in ms (request written → response read). */
export interface TelegramRun {
  readonly receiver: string;
  readonly concurrency: number;
  readonly n: number;
  /** Updates answered per second of wall time. */
  readonly perSecond: number;
  readonly latency: Summary;
  /** CPU time of the whole process (client, receivers, fake) per update, in microseconds. */
  readonly cpuUsPerUpdate: number;
  readonly gc: { readonly pauses: number; readonly totalMs: number };
  /** better-sqlite3 statements prepared and transactions built per update, in this whole process. */
  readonly sqlPerUpdate: { readonly prepared: number; readonly transactions: number };
  readonly wallMs: number;
}

export interface TelegramResult {
  readonly n: number;
  readonly warm: number;
  readonly concurrencies: readonly number[];
  readonly chats: number;
  readonly users: number;
  readonly runs: readonly TelegramRun[];
  readonly stored: IngestedChatter;
  /** Requests sent to each receiver, warm-up included. */
  readonly sent: Readonly<Record<string, number>>;
  readonly totalMs: number;
}

const LABELS: Record<string, string> = {
  'http floor': 'http floor: fastify parses the body, answers 200',
  'bare telegraf': 'bare telegraf: handleUpdate, one no-op middleware',
  circlebot: 'circlebot: webhook route → telegraf → core → SQLite',
};

const ms = (v: number) => round(v).toFixed(3);

/**
 * At each concurrency (`c8`…): circlebot over the bare telegraf bot (updates/s, p50 and p99 latency), and
 * the bare bot's updates/s over the HTTP floor's (what telegraf itself costs).
 */
function ratiosOf(runs: readonly TelegramRun[], concurrencies: readonly number[]) {
  const find = (receiver: string, c: number) => {
    const run = runs.find((r) => r.receiver === receiver && r.concurrency === c);
    if (!run) throw new Error(`no ${receiver} run at concurrency ${c}`);
    return run;
  };
  const circlebotOverTelegraf: Record<string, { updatesPerSecond: number; p50: number; p99: number }> = {};
  const telegrafOverFloor: Record<string, { updatesPerSecond: number }> = {};
  for (const c of concurrencies) {
    const ours = find('circlebot', c);
    const bare = find('bare telegraf', c);
    circlebotOverTelegraf[`c${c}`] = {
      updatesPerSecond: ours.perSecond / bare.perSecond,
      p50: ours.latency.p50 / bare.latency.p50,
      p99: ours.latency.p99 / bare.latency.p99,
    };
    telegrafOverFloor[`c${c}`] = { updatesPerSecond: bare.perSecond / find('http floor', c).perSecond };
  }
  return { circlebotOverTelegraf, telegrafOverFloor };
}

/** Prints the tables for people; returns the figures for the `BENCH_JSON {…}` line. */
export function printTelegramReport(r: TelegramResult): Record<string, unknown> {
  const ratios = ratiosOf(r.runs, r.concurrencies);
  const circlebotRuns = r.runs.filter((run) => run.receiver === 'circlebot');
  const lines = [
    '',
    `circlebot Telegram webhook bench — ${r.n} updates per run: group text messages (no commands) from` +
      ` ${r.users} members in ${r.chats} groups, unique update_ids, ${r.warm} to warm up`,
    `node ${process.version}, ${process.platform}/${process.arch}; keep-alive node:http client, the three` +
      ' receivers and the fake Bot API share this process and thread (CPU per update includes the client)',
    '',
    table(
      ['receiver', 'conc', 'updates', 'updates/s', 'p50 ms', 'p99 ms', 'max ms', 'CPU µs/upd', 'GC ms'],
      r.runs.map((run) => [
        LABELS[run.receiver] ?? run.receiver,
        String(run.concurrency),
        String(run.n),
        String(Math.round(run.perSecond)),
        ms(run.latency.p50),
        ms(run.latency.p99),
        ms(run.latency.max),
        String(Math.round(run.cpuUsPerUpdate)),
        String(Math.round(run.gc.totalMs)),
      ]),
    ),
    '',
    table(
      ['circlebot / bare telegraf', 'updates/s', 'p50 latency', 'p99 latency'],
      r.concurrencies.map((c) => {
        const ratio = ratios.circlebotOverTelegraf[`c${c}`]!;
        return [
          `concurrency ${c}`,
          ratio.updatesPerSecond.toFixed(2),
          ratio.p50.toFixed(2),
          ratio.p99.toFixed(2),
        ];
      }),
    ),
    '',
    `circlebot SQLite work per update: ${circlebotRuns
      .map(
        (run) =>
          `${run.sqlPerUpdate.prepared.toFixed(2)} statements prepared and ` +
          `${run.sqlPerUpdate.transactions.toFixed(2)} transactions at concurrency ${run.concurrency}`,
      )
      .join('; ')}`,
    `verified: every response 200; bare telegraf acknowledged all ${r.sent['bare telegraf']} updates;` +
      ` circlebot's database holds ${r.stored.processedUpdates} processed updates (one per request),` +
      ` ${r.stored.members} members, ${r.stored.memberships} memberships in ${r.stored.circles} circles;` +
      ' no Bot API calls',
    `total ${(r.totalMs / 1000).toFixed(1)} s`,
    '',
  ];
  console.log(lines.join('\n'));

  return {
    n: r.n,
    warm: r.warm,
    chats: r.chats,
    users: r.users,
    unit: 'ms',
    runs: r.runs,
    ratios,
    stored: r.stored,
    sent: r.sent,
    totalMs: r.totalMs,
  };
}
