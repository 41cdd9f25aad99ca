/**
 * `npm run bench [-- --n 2000]`: gate decision latency with the outside credit report cached.
 *
 * circlebot runs in this process as the console e2e harness starts it (temp SQLite file, ManualClock, HTTP
 * off, silent logs) with one HTTP credit provider pointed at the fake. Every applicant's report is fetched
 * once first (`/credit` in a DM fills `credit_cache`); then each applicant joins and answers two choice
 * questions, and the time from the last answer's console line to the verdict being stored and the platform
 * told is one sample. A `/ping` round trip and a raw SQLite write transaction, interleaved with the
 * decisions, are the same-run baselines the ratios use.
 */
import { performance } from 'node:perf_hooks';
import { type BenchBot, PROVIDER, startBenchBot } from './bot.js';
import { type GcWatch, slowSamplesInGc, watchGc } from './gc.js';
import { countSqlWork, rawWriteTransaction, readOutcome, type SqlWork } from './sqlite.js';
import { type MemorySnapshot, memorySnapshot, mib, round, type Summary, summarize, table } from './stats.js';

const DEFAULT_N = 10_000;
const CITY = '/question add Which city hosts our meetups? | Beijing | *Hangzhou | Shanghai';
const TEA = '/question add Which tea is green? | *Longjing | Pu-erh';

function parseN(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  let raw: string | undefined = env.npm_config_n; // `npm run bench --n 2000` (without `--`) lands here
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--n') raw = argv[++i];
    else if (arg.startsWith('--n=')) raw = arg.slice(4);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; usage: npm run bench -- [--n 10000]`);
  }
  if (raw === undefined) return DEFAULT_N;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error(`--n expects 1..1000000, got ${raw}`);
  return n;
}

const nameOf = (i: number) => `applicant${String(i).padStart(6, '0')}`;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench precondition failed: ${what}`);
}

function progress(phase: string, done: number, n: number, since: number): void {
  const step = Math.max(1, Math.floor(n / 10));
  if (done % step === 0 || done === n) {
    process.stderr.write(`  ${phase} ${done}/${n} (${((performance.now() - since) / 1000).toFixed(1)} s)\n`);
  }
}

async function setUpCircle(bot: BenchBot): Promise<void> {
  const out = await bot.sink.capture(async () => {
    for (const line of [`owner: ${CITY}`, `owner: ${TEA}`, 'owner: /gate minscore 500', 'owner: /gate on'])
      await bot.console.feed(line);
  });
  for (const expected of ['Question 1 added', 'Question 2 added', 'at least 500', 'The gate is on'])
    check(out.includes(expected), `circle set-up printed "${expected}"; it printed:\n${out}`);
}

/** Fetches every applicant's outside report once, through the bot (`/credit` in a DM). */
async function warmCreditCache(bot: BenchBot, n: number): Promise<{ ms: number; calls: number }> {
  const started = performance.now();
  for (let i = 1; i <= n; i++) {
    await bot.console.feed(`${nameOf(i)} dm: /credit`);
    progress('warming credit cache', i, n, started);
  }
  const ms = performance.now() - started;
  const calls = bot.fake.calls.length;
  check(calls === n, `the fake provider saw one call per applicant while warming (saw ${calls} for ${n})`);
  check(
    bot.fake.calls.every((c) => c.signatureValid),
    'every request to the fake was signed correctly',
  );
  const cached = readOutcome(bot.dbFile, PROVIDER).cachedReports;
  check(cached === n, `credit_cache holds one ${PROVIDER} report per applicant (holds ${cached})`);
  bot.fake.calls.length = 0; // from here on, any call means the cache was missed
  return { ms, calls };
}

/** SQLite work one operation did; `varies` when it was not the same for every sample. */
interface WorkPerOp {
  prepared: number;
  transactions: number;
  varies: boolean;
}

/** Runs `step` and notes the SQLite work it did into `into` (the first call sets it). */
async function counted(
  work: SqlWork,
  into: WorkPerOp | null,
  step: () => Promise<unknown>,
): Promise<WorkPerOp> {
  const { prepared, transactions } = work;
  await step();
  const now = {
    prepared: work.prepared - prepared,
    transactions: work.transactions - transactions,
    varies: false,
  };
  if (!into) return now;
  if (into.prepared !== now.prepared || into.transactions !== now.transactions) into.varies = true;
  return into;
}

interface Samples {
  readonly gate: Float64Array;
  /** When each gate sample started, to line slow ones up with GC pauses. */
  readonly gateStarts: Float64Array;
  readonly ping: Float64Array;
  readonly sqliteTx: Float64Array;
  readonly gateWork: WorkPerOp;
  readonly pingWork: WorkPerOp;
  readonly gc: GcWatch['pauses'];
  readonly wallMs: number;
}

/**
 * Per applicant: joins, answers question 1 (untimed), answers question 2 (the timed decision); then one
 * `/ping` and one raw write transaction, so the baselines see the same moments of machine noise.
 */
async function measure(bot: BenchBot, n: number, work: SqlWork): Promise<Samples> {
  const gate = new Float64Array(n);
  const gateStarts = new Float64Array(n);
  const ping = new Float64Array(n);
  const sqliteTx = new Float64Array(n);
  let gateWork: WorkPerOp | null = null;
  let pingWork: WorkPerOp | null = null;
  const raw = rawWriteTransaction(bot.dir);
  const feed = (line: string) => bot.console.feed(line);
  const gc = watchGc();
  const started = performance.now();
  try {
    for (let i = 0; i < n; i++) {
      const name = nameOf(i + 1);
      await feed(`${name} joins`);
      await feed(`${name} presses 2`); // Hangzhou: right; question 2 is asked
      const last = `${name} presses 1`; // Longjing: right; this answer completes the application

      gateWork = await counted(work, gateWork, async () => {
        const t = performance.now();
        await feed(last);
        gate[i] = performance.now() - t;
        gateStarts[i] = t;
      });
      check(bot.console.port.isInGroup(name), `${name} was admitted`);

      pingWork = await counted(work, pingWork, async () => {
        const t = performance.now();
        await feed('owner: /ping');
        ping[i] = performance.now() - t;
      });

      const t = performance.now();
      raw.run(i);
      sqliteTx[i] = performance.now() - t;

      progress('measuring', i + 1, n, started);
      // Lines reach a real adapter as I/O events; let timers (the job poller) and GC reports run between
      // applicants, never inside a timed step.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    await gc.stop();
    raw.close();
  }
  check(gateWork !== null && pingWork !== null, 'at least one decision was measured');
  return {
    gate,
    gateStarts,
    ping,
    sqliteTx,
    gateWork: gateWork!,
    pingWork: pingWork!,
    gc: gc.pauses,
    wallMs: performance.now() - started,
  };
}

const ms = (v: number) => round(v).toFixed(3);
const row = (label: string, s: Summary) => [
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

async function main(): Promise<void> {
  const n = parseN(process.argv.slice(2), process.env);
  const started = performance.now();
  const work = countSqlWork();
  process.stderr.write(`circlebot bench: ${n} applications, credit cached\n`);
  const bot = await startBenchBot();
  try {
    await setUpCircle(bot);
    const warm = await warmCreditCache(bot, n);

    const before = memorySnapshot();
    const samples = await measure(bot, n, work);
    const after = memorySnapshot();
    const callsWhileMeasuring = bot.fake.calls.length;
    check(callsWhileMeasuring === 0, `the fake saw no calls while measuring (saw ${callsWhileMeasuring})`);

    const outcome = readOutcome(bot.dbFile, PROVIDER);
    const combined = `community+${PROVIDER}`;
    check(outcome.applications.approved === n, `${n} applications approved: ${JSON.stringify(outcome)}`);
    check(outcome.approvedAudits === n, `${n} gate.approved audit rows (found ${outcome.approvedAudits})`);
    check(outcome.creditSources[combined] === n, `every verdict used the ${combined} report`);

    const gate = summarize(samples.gate);
    const ping = summarize(samples.ping);
    const sqliteTx = summarize(samples.sqliteTx);
    const ratios = {
      gateP50OverPingP50: gate.p50 / ping.p50,
      gateP99OverPingP99: gate.p99 / ping.p99,
      gateP50OverSqliteTxP50: gate.p50 / sqliteTx.p50,
      gateP99OverSqliteTxP99: gate.p99 / sqliteTx.p99,
    };
    const heapGrowth = after.heapUsed - before.heapUsed;
    const gcMs = samples.gc.reduce((sum, p) => sum + p.duration, 0);
    const tail = slowSamplesInGc(samples.gateStarts, samples.gate, gate.p99, samples.gc);
    const totalMs = performance.now() - started;

    const lines = [
      '',
      `circlebot gate bench — ${n} applications, 2 choice questions + minscore 500, credit cached`,
      `node ${process.version}, ${process.platform}/${process.arch}; every applicant approved`,
      '',
      table(
        ['latency (ms)', 'count', 'p50', 'p90', 'p99', 'max', 'mean', 'per s'],
        [
          row('gate decision (last answer → verdict stored, platform told)', gate),
          row('baseline: owner /ping through console + core + store', ping),
          row('baseline: raw SQLite write transaction (1 insert)', sqliteTx),
        ],
      ),
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
        [workRow('gate decision', samples.gateWork), workRow('/ping', samples.pingWork)],
      ),
      '',
      table(
        ['memory (MiB)', 'rss', 'heap used'],
        [memoryRow('before measuring', before), memoryRow('after measuring', after)],
      ),
      `heap growth per application: ${Math.round(heapGrowth / n)} bytes` +
        (after.gcForced ? ' (after full GC)' : ' (no forced GC: includes garbage)'),
      '',
      `GC while measuring: ${samples.gc.length} pauses, ${Math.round(gcMs)} ms in all` +
        ` (${((100 * gcMs) / samples.wallMs).toFixed(1)}% of the phase);` +
        ` ${tail.duringGc} of the ${tail.slow} decisions at or above p99 overlapped a GC pause`,
      `credit provider (fake, 127.0.0.1): ${warm.calls} calls while warming (${(warm.ms / 1000).toFixed(1)} s),` +
        ` ${callsWhileMeasuring} calls while measuring — every decision used the cached report`,
      `measured phase ${(samples.wallMs / 1000).toFixed(1)} s (join + 2 answers + ping + tx per applicant);` +
        ` total ${(totalMs / 1000).toFixed(1)} s`,
      '',
    ];
    console.log(lines.join('\n'));
    const json = {
      n,
      node: process.version,
      unit: 'ms',
      gate,
      baseline: { ping, sqliteTx },
      ratios,
      sqlWork: { gate: samples.gateWork, ping: samples.pingWork },
      memory: {
        before,
        after,
        heapGrowthBytes: heapGrowth,
        heapGrowthPerApplicationBytes: heapGrowth / n,
      },
      gc: { pauses: samples.gc.length, totalMs: gcMs, slowDecisions: tail.slow, slowDuringGc: tail.duringGc },
      credit: { provider: PROVIDER, callsWhileWarming: warm.calls, callsWhileMeasuring, warmMs: warm.ms },
      measuredWallMs: samples.wallMs,
      totalMs,
    };
    console.log(
      `BENCH_JSON ${JSON.stringify(json, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v))}`,
    );
  } finally {
    await bot.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
