import { type MemorySnapshot, mib, round, type Summary, table } from './stats.js';

/** SQLite work one operation did; `varies` when it was not the same for every sample. */
export interface WorkPerOp {
  prepared: number;
  transactions: number;
  varies: boolean;
}

/** Everything one bench run found. Latencies in milliseconds, memory in bytes. */
export interface BenchResult {
  readonly n: number;
  readonly provider: string;
  readonly gate: Summary;
  readonly ping: Summary;
  readonly sqliteTx: Summary;
  readonly gateWork: WorkPerOp;
  readonly pingWork: WorkPerOp;
  readonly before: MemorySnapshot;
  readonly after: MemorySnapshot;
  readonly gc: { readonly pauses: number; readonly totalMs: number };
  /**
   * p50 over each tenth of the applicants, in order: does a decision slow down as rows pile up, and does
   * the baseline move the same way (then it is the store or the machine, not the gate)?
   */
  readonly trend: { readonly gate: readonly number[]; readonly ping: readonly number[] };
  /** Decisions at or above p99, and how many of them overlapped a GC pause. */
  readonly tail: { readonly slow: number; readonly duringGc: number };
  readonly warm: { readonly ms: number; readonly calls: number };
  readonly callsWhileMeasuring: number;
  readonly measuredWallMs: number;
  readonly totalMs: number;
}

const ms = (v: number) => round(v).toFixed(3);
const seconds = (v: number) => `${(v / 1000).toFixed(1)} s`;
const latencyRow = (label: string, s: Summary) => [
  label,
  String(s.count),
  ms(s.p50),
  ms(s.p90),
  ms(s.p99),
  ms(s.max),
  ms(s.mean),
  String(Math.round(s.perSecond)),
];
const workRow = (label: string, w: WorkPerOp) => [
  w.varies ? `${label} (varied; first shown)` : label,
  String(w.prepared),
  String(w.transactions),
];
const memoryRow = (label: string, m: MemorySnapshot) => [
  label,
  mib(m.rss).toFixed(1),
  mib(m.heapUsed).toFixed(1),
];

/** Prints the tables for people; returns the figures for the `BENCH_JSON {…}` line `run.ts` prints last. */
export function printReport(r: BenchResult): Record<string, unknown> {
  const ratios = {
    gateP50OverPingP50: r.gate.p50 / r.ping.p50,
    gateP99OverPingP99: r.gate.p99 / r.ping.p99,
    gateP50OverSqliteTxP50: r.gate.p50 / r.sqliteTx.p50,
    gateP99OverSqliteTxP99: r.gate.p99 / r.sqliteTx.p99,
  };
  const heapGrowth = r.after.heapUsed - r.before.heapUsed;
  const lines = [
    '',
    `circlebot gate bench — ${r.n} applications, 2 choice questions + minscore 500, credit cached`,
    `node ${process.version}, ${process.platform}/${process.arch}; every applicant approved`,
    '',
    table(
      ['latency (ms)', 'count', 'p50', 'p90', 'p99', 'max', 'mean', 'per s'],
      [
        latencyRow('gate decision (last answer → verdict stored, platform told)', r.gate),
        latencyRow('baseline: owner /ping through console + core + store', r.ping),
        latencyRow('baseline: raw SQLite write transaction (1 insert)', r.sqliteTx),
      ],
    ),
    `gate decisions per second, one at a time: ${Math.round(r.gate.perSecond)}`,
    '',
    'p50 (ms) by tenth of applicants, in order:',
    `  gate  ${r.trend.gate.map((v) => v.toFixed(2)).join('  ')}`,
    `  ping  ${r.trend.ping.map((v) => v.toFixed(2)).join('  ')}`,
    '',
    table(
      ['ratio', 'value'],
      [
        ['gate p50 / ping p50', ratios.gateP50OverPingP50.toFixed(2)],
        ['gate p99 / ping p99', ratios.gateP99OverPingP99.toFixed(2)],
        ['gate p50 / sqlite tx p50', ratios.gateP50OverSqliteTxP50.toFixed(1)],
        ['gate p99 / sqlite tx p99', ratios.gateP99OverSqliteTxP99.toFixed(1)],
      ],
    ),
    '',
    table(
      ['SQLite work per operation', 'statements prepared', 'transactions'],
      [workRow('gate decision', r.gateWork), workRow('/ping', r.pingWork)],
    ),
    '',
    table(
      ['memory (MiB)', 'rss', 'heap used'],
      [memoryRow('before measuring', r.before), memoryRow('after measuring', r.after)],
    ),
    `heap growth per application: ${Math.round(heapGrowth / r.n)} bytes` +
      (r.after.gcForced ? ' (after full GC)' : ' (no forced GC: includes garbage)'),
    '',
    `GC while measuring: ${r.gc.pauses} pauses, ${Math.round(r.gc.totalMs)} ms in all` +
      ` (${((100 * r.gc.totalMs) / r.measuredWallMs).toFixed(1)}% of the phase);` +
      ` ${r.tail.duringGc} of the ${r.tail.slow} decisions at or above p99 overlapped a GC pause`,
    `credit provider (fake, 127.0.0.1): ${r.warm.calls} calls while warming (${seconds(r.warm.ms)}),` +
      ` ${r.callsWhileMeasuring} calls while measuring — every decision used the cached report`,
    `measured phase ${seconds(r.measuredWallMs)} (join + 2 answers + ping + tx per applicant);` +
      ` total ${seconds(r.totalMs)}`,
    '',
  ];
  console.log(lines.join('\n'));

  return {
    n: r.n,
    node: process.version,
    unit: 'ms',
    gate: r.gate,
    p50ByTenth: r.trend,
    baseline: { ping: r.ping, sqliteTx: r.sqliteTx },
    ratios,
    sqlWork: { gate: r.gateWork, ping: r.pingWork },
    memory: {
      before: r.before,
      after: r.after,
      heapGrowthBytes: heapGrowth,
      heapGrowthPerApplicationBytes: heapGrowth / r.n,
    },
    gc: { ...r.gc, ...r.tail },
    credit: {
      provider: r.provider,
      callsWhileWarming: r.warm.calls,
      callsWhileMeasuring: r.callsWhileMeasuring,
      warmMs: r.warm.ms,
    },
    measuredWallMs: r.measuredWallMs,
    totalMs: r.totalMs,
  };
}
