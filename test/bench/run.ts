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
import { rawWriteTransaction, readOutcome } from './sqlite.js';
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

interface Samples {
  readonly gate: Float64Array;
  readonly ping: Float64Array;
  readonly sqliteTx: Float64Array;
  readonly wallMs: number;
}

async function measure(bot: BenchBot, n: number): Promise<Samples> {
  const gate = new Float64Array(n);
  const ping = new Float64Array(n);
  const sqliteTx = new Float64Array(n);
  const raw = rawWriteTransaction(bot.dir);
  const port = bot.console.port;
  const started = performance.now();
  try {
    for (let i = 0; i < n; i++) {
      const name = nameOf(i + 1);
      await bot.console.feed(`${name} joins`);
      await bot.console.feed(`${name} presses 2`); // Hangzhou: right; question 2 is asked
      const last = `${name} presses 1`; // Longjing: right; this answer completes the application

      let t = performance.now();
      await bot.console.feed(last);
      gate[i] = performance.now() - t;
      check(port.isInGroup(name), `${name} was admitted`);

      t = performance.now();
      await bot.console.feed('owner: /ping');
      ping[i] = performance.now() - t;

      t = performance.now();
      raw.run(i);
      sqliteTx[i] = performance.now() - t;

      progress('measuring', i + 1, n, started);
    }
  } finally {
    raw.close();
  }
  return { gate, ping, sqliteTx, wallMs: performance.now() - started };
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
const memoryRow = (label: string, m: MemorySnapshot) => [
  label,
  mib(m.rss).toFixed(1),
  mib(m.heapUsed).toFixed(1),
];

async function main(): Promise<void> {
  const n = parseN(process.argv.slice(2), process.env);
  const started = performance.now();
  process.stderr.write(`circlebot bench: ${n} applications, credit cached\n`);
  const bot = await startBenchBot();
  try {
    await setUpCircle(bot);
    const warm = await warmCreditCache(bot, n);

    const before = memorySnapshot();
    const samples = await measure(bot, n);
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
        ['memory (MiB)', 'rss', 'heap used'],
        [memoryRow('before measuring', before), memoryRow('after measuring', after)],
      ),
      `heap growth per application: ${Math.round(heapGrowth / n)} bytes` +
        (after.gcForced ? ' (after full GC)' : ' (no forced GC: includes garbage)'),
      '',
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
      memory: {
        before,
        after,
        heapGrowthBytes: heapGrowth,
        heapGrowthPerApplicationBytes: heapGrowth / n,
      },
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
