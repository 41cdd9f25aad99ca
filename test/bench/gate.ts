/**
 * Gate decision latency with the outside credit report cached (the first section of `npm run bench`).
 *
 * circlebot runs in this process as the console e2e harness starts it (temp SQLite file, ManualClock, HTTP
 * off, silent logs) with one HTTP credit provider pointed at the fake. Every applicant's report is fetched
 * once first (`/credit` in a DM fills `credit_cache`); then each applicant joins and answers two choice
 * questions, and the time from the last answer's console line to the verdict being stored and the platform
 * told is one sample. A `/ping` round trip and a raw SQLite write transaction, interleaved with the
 * decisions, are the same-run baselines the ratios use. The section fails if any applicant is not approved
 * on the cached report, or if the fake provider is called while measuring.
 */
import { performance } from 'node:perf_hooks';
import { type BenchBot, PROVIDER, startBenchBot } from './bot.js';
import { type GcWatch, slowSamplesInGc, watchGc } from './gc.js';
import { check, progress } from './progress.js';
import { printReport, type WorkPerOp } from './report.js';
import { rawWriteTransaction, readOutcome, type SqlWork } from './sqlite.js';
import { memorySnapshot, summarize } from './stats.js';

const CITY = '/question add Which city hosts our meetups? | Beijing | *Hangzhou | Shanghai';
const TEA = '/question add Which tea is green? | *Longjing | Pu-erh';

const nameOf = (i: number) => `applicant${String(i).padStart(6, '0')}`;

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

/** p50 of each tenth of the samples in order (fewer parts when there are fewer than ten samples). */
function tenthsP50(samples: Float64Array): number[] {
  const parts = Math.min(10, samples.length);
  return Array.from({ length: parts }, (_, k) => {
    const from = Math.floor((k * samples.length) / parts);
    const to = Math.floor(((k + 1) * samples.length) / parts);
    return summarize(samples.subarray(from, to)).p50;
  });
}

/**
 * The gate section: starts its own bot, measures `n` decisions, prints the tables and returns the figures
 * for `BENCH_JSON`. Throws if a precondition fails (an applicant not approved, the cache missed).
 */
export async function runGateSection(n: number, work: SqlWork): Promise<Record<string, unknown>> {
  const started = performance.now();
  process.stderr.write(`circlebot gate bench: ${n} applications, credit cached\n`);
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

    const result = {
      n,
      gate: summarize(samples.gate),
      ping: summarize(samples.ping),
      sqliteTx: summarize(samples.sqliteTx),
      gateWork: samples.gateWork,
      pingWork: samples.pingWork,
      before,
      after,
      gc: { pauses: samples.gc.length, totalMs: samples.gc.reduce((sum, p) => sum + p.duration, 0) },
      warm,
      callsWhileMeasuring,
      measuredWallMs: samples.wallMs,
    };
    const trend = { gate: tenthsP50(samples.gate), ping: tenthsP50(samples.ping) };
    const tail = slowSamplesInGc(samples.gateStarts, samples.gate, result.gate.p99, samples.gc);
    return printReport({ ...result, trend, tail, provider: PROVIDER, totalMs: performance.now() - started });
  } finally {
    await bot.stop();
  }
}
