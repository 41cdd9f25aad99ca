/**
 * `npm run bench [-- --n 10000] [--tg-n 20000] [--points-n 100000] [--pg-n 1500] [--pg-gate-n 150]
 * [--only gate|telegram|points|postgres]`: four sections.
 *
 * - gate (`gate.ts`): gate decision latency with the outside credit report cached, against a `/ping`
 *   and a raw SQLite write transaction measured in the same run. `--n` applicants.
 * - telegram (`telegram.ts`): updates per second through circlebot's Telegram webhook into the core,
 *   against a bare telegraf bot that only acknowledges, same client and payloads, at concurrency 8 and 1.
 *   `--tg-n` updates per run.
 * - points (`points.ts`): message events per second through `core.handle` with points committed, in
 *   getUpdates-sized batches, against the bare better-sqlite3 rate for the same rows in the same run; and
 *   peak RSS with 1 000 circles × 100 000 members in the database. `--points-n` events timed.
 * - postgres (`postgres.ts`): message ingest events/s and gate applications/s on SQLite with 1 process and
 *   on PostgreSQL with 1 and 3 processes on one database (child processes splitting the work, one
 *   wall-clock window), with ratios and CPU per event. PostgreSQL from `BENCH_DATABASE_URL` or
 *   `TEST_DATABASE_URL`, else a throwaway cluster when PostgreSQL is installed, else skipped saying why.
 *   `--pg-n` events and `--pg-gate-n` applications per configuration.
 *
 * Each section prints its tables; the last line is `BENCH_JSON {…}`: the gate's figures at the top level
 * (as before the telegram section existed), the telegram section's under `telegram` and the points
 * section's under `points`, the postgres section's under `postgres`. The run exits 1 if
 * a section's precondition fails.
 *
 * To see where the time goes: `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/run.ts
 * --only telegram`, then `npx tsx test/bench/cpu-profile.ts /tmp/prof/<the larger file>.cpuprofile`.
 */
import { performance } from 'node:perf_hooks';
import { runGateSection } from './gate.js';
import { POINTS_DEFAULTS, runPointsSection } from './points.js';
import { POSTGRES_DEFAULTS, runPostgresSection } from './postgres.js';
import { countSqlWork } from './sqlite.js';
import { round } from './stats.js';
import { runTelegramSection, TELEGRAM_DEFAULTS } from './telegram.js';

const SECTIONS = ['gate', 'telegram', 'points', 'postgres'] as const;
type Section = (typeof SECTIONS)[number];

interface Args {
  readonly n: number;
  readonly tgN: number;
  readonly pointsN: number;
  readonly pgN: number;
  readonly pgGateN: number;
  readonly sections: readonly Section[];
}

const USAGE =
  'usage: npm run bench -- [--n 10000] [--tg-n 20000] [--points-n 100000] [--pg-n 1500] [--pg-gate-n 150] ' +
  '[--only gate|telegram|points|postgres]';
const FLAGS = ['--n', '--tg-n', '--points-n', '--pg-n', '--pg-gate-n', '--only'];

function count(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new Error(`${flag} expects 1..1000000, got ${raw}`);
  return n;
}

/**
 * `--n 2000` or `--n=2000` (a bare `2000` too: what `npm run bench --n 2000` passes, npm keeping the flag),
 * `--tg-n`, `--points-n`, `--pg-n`, `--pg-gate-n` and `--only` likewise.
 */
function parseArgs(argv: readonly string[]): Args {
  const given = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = /^(--[a-z-]+)=(.*)$/.exec(arg);
    if (eq) given.set(eq[1]!, eq[2]);
    else if (FLAGS.includes(arg)) given.set(arg, argv[++i]);
    else if (/^\d+$/.test(arg)) given.set('--n', arg);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
  }
  for (const flag of given.keys())
    if (!FLAGS.includes(flag)) throw new Error(`unknown flag ${flag}; ${USAGE}`);
  const only = given.get('--only');
  if (given.has('--only') && !SECTIONS.includes(only as Section))
    throw new Error(`--only expects ${SECTIONS.join(', ')}, got ${only}`);
  return {
    n: given.has('--n') ? count('--n', given.get('--n')) : 10_000,
    tgN: given.has('--tg-n') ? count('--tg-n', given.get('--tg-n')) : 20_000,
    pointsN: given.has('--points-n') ? count('--points-n', given.get('--points-n')) : 100_000,
    pgN: given.has('--pg-n') ? count('--pg-n', given.get('--pg-n')) : 1_500,
    pgGateN: given.has('--pg-gate-n') ? count('--pg-gate-n', given.get('--pg-gate-n')) : 150,
    sections: only === undefined ? SECTIONS : [only as Section],
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  // Once for the whole run: it wraps better-sqlite3's prototype, and both sections read the same counters.
  const work = countSqlWork();
  let json: Record<string, unknown> = { node: process.version, sections: args.sections };
  for (const section of args.sections) {
    if (section === 'gate') json = { ...json, ...(await runGateSection(args.n, work)) };
    else if (section === 'telegram')
      json.telegram = await runTelegramSection({ ...TELEGRAM_DEFAULTS, n: args.tgN }, work);
    else if (section === 'points')
      json.points = await runPointsSection({ ...POINTS_DEFAULTS, n: args.pointsN }, work);
    else json.postgres = await runPostgresSection({ ...POSTGRES_DEFAULTS, n: args.pgN, gateN: args.pgGateN });
  }
  json.benchMs = performance.now() - started;
  const rounded = (_key: string, v: unknown) => (typeof v === 'number' ? round(v) : v);
  console.log(`BENCH_JSON ${JSON.stringify(json, rounded)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
