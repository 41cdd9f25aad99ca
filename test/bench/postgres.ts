/**
 * The `postgres` section of `npm run bench`: the same work on SQLite with one process and on PostgreSQL
 * with 1 and 3 processes sharing one database, in one run, with ratios.
 *
 * Each configuration gets a fresh database (a SQLite file in a temp dir; a new PostgreSQL database, dropped
 * at the end) and child processes (`scale-worker.ts`) with the core wired as `src/app.ts` wires it over the
 * store of that backend. The work is split, not repeated: with 3 processes each takes a third of the
 * circles and of the events, with its own update ids. Every worker prepares, then all start together and
 * the rate is all their events over one wall-clock window (go → last worker done). SQLite, much faster,
 * is timed over more events and applications (`sqliteTimes`) on the same circles and members.
 *
 * - ingest: group messages through `core.handle` with points committed, in batches of 100 handed over at
 *   once (as getUpdates delivers them), after a warm-up in which every (circle, member) pair spoke once; as
 *   the `points` section. Checked after: ledger rows, points, standings and processed updates equal what
 *   was sent.
 * - gate: applications screened, `concurrency` at a time per process: a join request, the right option
 *   pressed under each of two private questions, minscore 500 on the community credit (no outside
 *   provider), approved, after a warm-up of `gateWarmup` applicants per process. A rate of whole
 *   applications (3 events each); the last press → verdict latency under that load is shown too. Checked after: every application approved once in the store, one
 *   `gate.approved` audit row each, one approve call each on the platform.
 *
 * CPU per event: the bot processes' own (all workers), and the PostgreSQL backends' of that database when
 * the server runs on this machine (`pg-cpu.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPostgresStore } from '../../src/store/pg/open.js';
import { register } from './cleanup.js';
import { backendCpu, type CpuWatch, noServer } from './pg-cpu.js';
import { type BenchServer, openBenchServer } from './pg-server.js';
import { runScale, type ScaleRun } from './scale-run.js';
import { checkGate, checkIngest } from './scale-verify.js';
import type { Backend, GateJob, IngestJob } from './scale-worker.js';
import { summarize, table } from './stats.js';

export interface PostgresSectionOptions {
  /** Message events timed in each configuration, over all its processes (a multiple of 300 is used). */
  readonly n: number;
  /** Applications screened in each configuration, over all its processes (a multiple of 3 is used). */
  readonly gateN: number;
  readonly batch: number;
  /** Circles in all (each process takes its share), and members who speak in each. */
  readonly circles: number;
  readonly members: number;
  readonly gateCircles: number;
  /** Applicants screened at once by one process. */
  readonly concurrency: number;
  /** Applicants each process screens before the window (its code compiled before it is timed). */
  readonly gateWarmup: number;
  /** PostgreSQL pool size of each process (the app's default is 10). */
  readonly maxConnections: number;
  readonly processes: readonly number[];
  /**
   * SQLite is timed over this many times the events and the applications: at the PostgreSQL counts its
   * window would last a fraction of a second, too short to read a rate from.
   */
  readonly sqliteTimes: { readonly ingest: number; readonly gate: number };
}

export const POSTGRES_DEFAULTS: Omit<PostgresSectionOptions, 'n' | 'gateN'> = {
  batch: 100,
  // Many circles with few members each: one chat's updates are handled one at a time (in order), so a
  // process's share needs several chats to keep its pool busy; 30 leave each of 3 processes 10.
  circles: 30,
  members: 40,
  gateCircles: 12,
  concurrency: 16,
  gateWarmup: 32,
  maxConnections: 10,
  processes: [1, 3],
  sqliteTimes: { ingest: 10, gate: 4 },
};

interface Config {
  readonly name: string;
  readonly backend: 'sqlite' | 'pg';
  readonly processes: number;
  readonly ingest: ScaleRun;
  readonly gate: ScaleRun;
}

/** Jobs splitting the work of one configuration over `processes` workers. */
function jobs(backend: Backend, processes: number, opts: PostgresSectionOptions) {
  const share = (total: number) => Math.max(1, Math.floor(total / processes));
  const base = (index: number) => ({ backend, index, of: processes });
  const batches = share(Math.floor(opts.n / opts.batch));
  const ingest: IngestJob[] = [];
  const gate: GateJob[] = [];
  for (let i = 0; i < processes; i++) {
    const circles = share(opts.circles);
    ingest.push({
      ...base(i),
      task: 'ingest',
      firstCircle: i * circles,
      circles,
      members: opts.members,
      batches,
      batch: opts.batch,
    });
    const gateCircles = share(opts.gateCircles);
    const applicants = share(opts.gateN);
    gate.push({
      ...base(i),
      task: 'gate',
      firstCircle: i * gateCircles,
      circles: gateCircles,
      firstApplicant: i * applicants,
      applicants,
      concurrency: opts.concurrency,
      warmup: opts.gateWarmup,
    });
  }
  return { ingest, gate };
}

async function measure(
  name: string,
  backend: Backend,
  processes: number,
  opts: PostgresSectionOptions,
  cpu: CpuWatch,
): Promise<Config> {
  process.stderr.write(`  ${name}: ingest\n`);
  const work = jobs(backend, processes, opts);
  const ingest = await runScale(work.ingest, cpu);
  await checkIngest(name, backend, ingest.workers);
  process.stderr.write(`  ${name}: ${Math.round(ingest.perSecond)} events/s; gate\n`);
  const gate = await runScale(work.gate, cpu);
  await checkGate(name, backend, gate.workers);
  process.stderr.write(`  ${name}: ${gate.perSecond.toFixed(1)} applications/s\n`);
  return { name, backend: backend.kind, processes, ingest, gate };
}

const rate = (v: number) => Math.round(v).toLocaleString('en-US');
const us = (v: number | null) => (v === null ? 'n/a' : Math.round(v).toLocaleString('en-US'));

/** Cores the bots and the server kept busy over the window: (CPU per event) × events per second. */
const coresBusy = (run: ScaleRun) =>
  (((run.cpuUsPerEvent + (run.serverCpuUsPerEvent ?? 0)) * run.perSecond) / 1e6).toFixed(2);

const loadAverage = () => loadavg()[0]!.toFixed(1);

function printReport(
  configs: readonly Config[],
  opts: PostgresSectionOptions,
  server: BenchServer,
  sqlite: string,
  load: { readonly before: string; readonly after: string },
) {
  const [base] = configs;
  const pgOne = configs.find((c) => c.backend === 'pg' && c.processes === 1);
  const vs = (v: number, of: number | undefined) => (of ? (v / of).toFixed(2) : '');
  const ingestRow = (c: Config) => [
    c.name,
    rate(c.ingest.perSecond),
    vs(c.ingest.perSecond, base?.ingest.perSecond),
    c.backend === 'pg' ? vs(c.ingest.perSecond, pgOne?.ingest.perSecond) : '',
    us(c.ingest.cpuUsPerEvent),
    us(c.ingest.serverCpuUsPerEvent),
    coresBusy(c.ingest),
    c.ingest.statementsPerEvent?.toFixed(1) ?? 'n/a',
    `${c.ingest.events} in ${(c.ingest.windowMs / 1000).toFixed(1)} s`,
  ];
  const gateRow = (c: Config) => {
    const last = summarize(Float64Array.from(c.gate.workers.flatMap((w) => w.lastPressMs ?? [])));
    return [
      c.name,
      c.gate.perSecond.toFixed(1),
      vs(c.gate.perSecond, base?.gate.perSecond),
      c.backend === 'pg' ? vs(c.gate.perSecond, pgOne?.gate.perSecond) : '',
      `${last.p50.toFixed(1)} / ${last.p99.toFixed(1)}`,
      us(c.gate.cpuUsPerEvent),
      us(c.gate.serverCpuUsPerEvent),
      coresBusy(c.gate),
      c.gate.statementsPerEvent?.toFixed(0) ?? 'n/a',
      `${c.gate.events} in ${(c.gate.windowMs / 1000).toFixed(1)} s`,
    ];
  };
  const s = server.settings;
  const lines = [
    '',
    `SQLite (1 process) and PostgreSQL (${opts.processes.join(' and ')} processes on one database), the work split over the processes`,
    `  PostgreSQL ${s.server_version}: ${server.source}`,
    `  PostgreSQL durability: fsync=${s.fsync}, synchronous_commit=${s.synchronous_commit}, ` +
      `full_page_writes=${s.full_page_writes}; shared_buffers=${s.shared_buffers}; pool of ${opts.maxConnections} per process`,
    `  SQLite durability: ${sqlite}`,
    `  machine: ${availableParallelism()} cores shared by the bot processes and the database server, node ${process.version}; ` +
      `load average ${load.before} before, ${load.after} after (other work on the machine takes cores from the run)`,
    '',
    `Message ingest: ${opts.circles} circles × ${opts.members} members, batches of ${opts.batch} (Promise.all), points committed`,
    '',
    table(
      [
        'store × processes',
        'events/s',
        '/ SQLite',
        '/ PG ×1',
        'bot cpu µs/event',
        'pg cpu µs/event',
        'cores busy',
        'pg queries/event',
        'timed',
      ],
      configs.map(ingestRow),
    ),
    '',
    `Gate: applications (join request + 2 right answers → approved, minscore ${500} on community credit), ` +
      `${opts.concurrency} at once per process, ${opts.gateCircles} circles, after ${opts.gateWarmup} per process untimed`,
    '',
    table(
      [
        'store × processes',
        'applications/s',
        '/ SQLite',
        '/ PG ×1',
        'last press→verdict p50 / p99 ms',
        'bot cpu µs/app',
        'pg cpu µs/app',
        'cores busy',
        'pg queries/app',
        'timed',
      ],
      configs.map(gateRow),
    ),
    '  cores busy: (bot + PostgreSQL backend CPU per event) × rate — below the core count, the run was waiting ' +
      '(on locks, round trips, or a machine busy with other work)',
    '  checked: ledger rows, points, standings and processed updates equal what was sent; every application ' +
      'approved once (store state, audit row, one approve call)',
    '',
  ];
  console.log(lines.join('\n'));
}

/** Migrates a fresh database once, so no worker's figures include it. */
async function migrated(url: string): Promise<void> {
  const store = await openPostgresStore(url, { maxConnections: 1 });
  await store.close();
}

/** Runs the section; resolves with `{ skipped }` and prints why when there is no PostgreSQL. */
export async function runPostgresSection(opts: PostgresSectionOptions): Promise<Record<string, unknown>> {
  const started = performance.now();
  const loadBefore = loadAverage();
  const found = await openBenchServer();
  if (!found.ok) {
    console.log(`\nPostgreSQL section skipped — ${found.why}\n`);
    return { skipped: found.why };
  }
  const { server } = found;
  const dir = mkdtempSync(join(tmpdir(), 'circlebot-bench-scale-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  const unregister = register(removeDir);
  try {
    process.stderr.write(`circlebot postgres bench: ${server.source}\n`);
    const configs: Config[] = [];
    const sqlite: Backend = { kind: 'sqlite', file: join(dir, 'circlebot.db') };
    const sqliteOpts = {
      ...opts,
      n: opts.n * opts.sqliteTimes.ingest,
      gateN: opts.gateN * opts.sqliteTimes.gate,
    };
    configs.push(await measure('SQLite × 1', sqlite, 1, sqliteOpts, noServer));
    for (const processes of opts.processes) {
      const url = await server.createDatabase();
      await migrated(url);
      const backend: Backend = { kind: 'pg', url, maxConnections: opts.maxConnections };
      configs.push(await measure(`PostgreSQL × ${processes}`, backend, processes, opts, backendCpu(url)));
    }
    const sqliteDurability = 'WAL, synchronous=NORMAL (as openSqliteStore sets: no fsync per commit)';
    printReport(configs, opts, server, sqliteDurability, { before: loadBefore, after: loadAverage() });
    const figures = (run: ScaleRun) => ({
      events: run.events,
      windowMs: run.windowMs,
      perSecond: run.perSecond,
      cpuUsPerEvent: run.cpuUsPerEvent,
      serverCpuUsPerEvent: run.serverCpuUsPerEvent,
      statementsPerEvent: run.statementsPerEvent,
    });
    return {
      server: { source: server.source, ...server.settings },
      options: opts,
      configs: configs.map((c) => ({
        name: c.name,
        processes: c.processes,
        ingest: figures(c.ingest),
        gate: {
          ...figures(c.gate),
          lastPress: summarize(Float64Array.from(c.gate.workers.flatMap((w) => w.lastPressMs ?? []))),
        },
      })),
      totalMs: performance.now() - started,
    };
  } finally {
    removeDir();
    unregister();
    await server.close();
  }
}
