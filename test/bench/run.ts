/**
 * `npm run bench [-- --n 10000] [--tg-n 20000] [--only gate|telegram]`: two sections, one process.
 *
 * - gate (`gate.ts`): gate decision latency with the outside credit report cached, against a `/ping`
 *   and a raw SQLite write transaction measured in the same run. `--n` applicants.
 * - telegram (`telegram.ts`): updates per second through circlebot's Telegram webhook into the core,
 *   against a bare telegraf bot that only acknowledges, same client and payloads, at concurrency 8 and 1.
 *   `--tg-n` updates per run.
 *
 * Each section prints its tables; the last line is `BENCH_JSON {…}`: the gate's figures at the top level
 * (as before the telegram section existed) and the telegram section's under `telegram`. The run exits 1 if
 * a section's precondition fails.
 *
 * To see where the time goes: `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/run.ts
 * --only telegram`, then `npx tsx test/bench/cpu-profile.ts /tmp/prof/<the larger file>.cpuprofile`.
 */
import { performance } from 'node:perf_hooks';
import { runGateSection } from './gate.js';
import { countSqlWork } from './sqlite.js';
import { round } from './stats.js';
import { runTelegramSection, TELEGRAM_DEFAULTS } from './telegram.js';

const SECTIONS = ['gate', 'telegram'] as const;
type Section = (typeof SECTIONS)[number];

interface Args {
  readonly n: number;
  readonly tgN: number;
  readonly sections: readonly Section[];
}

const USAGE = 'usage: npm run bench -- [--n 10000] [--tg-n 20000] [--only gate|telegram]';

function count(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new Error(`${flag} expects 1..1000000, got ${raw}`);
  return n;
}

/**
 * `--n 2000` or `--n=2000` (a bare `2000` too: what `npm run bench --n 2000` passes, npm keeping the flag),
 * `--tg-n`, and `--only` likewise.
 */
function parseArgs(argv: readonly string[]): Args {
  const given = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = /^(--[a-z-]+)=(.*)$/.exec(arg);
    if (eq) given.set(eq[1]!, eq[2]);
    else if (['--n', '--tg-n', '--only'].includes(arg)) given.set(arg, argv[++i]);
    else if (/^\d+$/.test(arg)) given.set('--n', arg);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
  }
  for (const flag of given.keys())
    if (!['--n', '--tg-n', '--only'].includes(flag)) throw new Error(`unknown flag ${flag}; ${USAGE}`);
  const only = given.get('--only');
  if (given.has('--only') && !SECTIONS.includes(only as Section))
    throw new Error(`--only expects ${SECTIONS.join(' or ')}, got ${only}`);
  return {
    n: given.has('--n') ? count('--n', given.get('--n')) : 10_000,
    tgN: given.has('--tg-n') ? count('--tg-n', given.get('--tg-n')) : 20_000,
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
    else json.telegram = await runTelegramSection({ ...TELEGRAM_DEFAULTS, n: args.tgN }, work);
  }
  json.benchMs = performance.now() - started;
  const rounded = (_key: string, v: unknown) => (typeof v === 'number' ? round(v) : v);
  console.log(`BENCH_JSON ${JSON.stringify(json, rounded)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
