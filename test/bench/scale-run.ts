/**
 * Runs N worker processes (`scale-worker.ts`) on one database at once and measures them over one
 * wall-clock window: every worker prepares and says ready, then all get `go` together, and the window
 * ends when the last one is done. The total rate is all their events over that window.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { CpuWatch } from './pg-cpu.js';
import type { Job, WorkerDone } from './scale-worker.js';

const WORKER = fileURLToPath(new URL('./scale-worker.js', import.meta.url)).replace(/\.js$/, '.ts');

export interface ScaleRun {
  readonly processes: number;
  readonly events: number;
  /** From `go` to the last worker done. */
  readonly windowMs: number;
  readonly perSecond: number;
  /** Bot CPU (all workers) per event, microseconds. */
  readonly cpuUsPerEvent: number;
  /** Queries sent to PostgreSQL per event (all workers); `null` on SQLite. */
  readonly statementsPerEvent: number | null;
  /** Database server CPU per event (PostgreSQL backends of this database), when it can be read. */
  readonly serverCpuUsPerEvent: number | null;
  readonly workers: readonly WorkerDone[];
}

type Reply = { type: 'ready' } | { type: 'done'; done: WorkerDone } | { type: 'failed'; error: string };

interface Worker {
  readonly child: ChildProcess;
  next(type: 'ready' | 'done'): Promise<Reply>;
  exited: Promise<number | null>;
}

function startWorker(job: Job): Worker {
  const child = fork(WORKER, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: Reply[] = [];
  let wake: (() => void) | null = null;
  let gone: Error | null = null;
  child.on('message', (reply: Reply) => {
    replies.push(reply);
    wake?.();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      gone = new Error(`worker ${job.index} exited (${code}) before answering`);
      wake?.();
      resolve(code);
    });
  });
  child.send({ type: 'start', job });
  return {
    child,
    exited,
    async next(type) {
      for (;;) {
        const reply = replies.shift();
        if (reply?.type === 'failed') throw new Error(`worker ${job.index} failed: ${reply.error}`);
        if (reply?.type === type) return reply;
        if (reply) continue;
        if (gone) throw gone;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    },
  };
}

/**
 * Starts one worker per job, waits until all are ready, says go, waits until all are done, lets
 * `serverCpu` read the server (connections still open), then stops them. Rejects when a worker fails
 * (the others are killed).
 */
export async function runScale(jobs: readonly Job[], serverCpu: CpuWatch): Promise<ScaleRun> {
  const workers: Worker[] = [];
  try {
    for (const job of jobs) workers.push(startWorker(job));
    await Promise.all(workers.map((w) => w.next('ready')));
    const serverWatch = await serverCpu();
    const started = performance.now();
    for (const w of workers) w.child.send({ type: 'go' });
    const done = await Promise.all(
      workers.map(async (w) => ((await w.next('done')) as Extract<Reply, { type: 'done' }>).done),
    );
    const windowMs = performance.now() - started;
    const serverCpuUs = await serverWatch();
    for (const w of workers) w.child.send({ type: 'stop' });
    const codes = await Promise.all(workers.map((w) => w.exited));
    if (codes.some((c) => c !== 0)) throw new Error(`a worker exited with ${codes.join(', ')}`);
    const events = done.reduce((sum, d) => sum + d.events, 0);
    const cpuUs = done.reduce((sum, d) => sum + d.cpuUs, 0);
    return {
      processes: jobs.length,
      events,
      windowMs,
      perSecond: (events * 1000) / windowMs,
      cpuUsPerEvent: cpuUs / events,
      statementsPerEvent: done.some((d) => d.statements === null)
        ? null
        : done.reduce((sum, d) => sum + (d.statements ?? 0), 0) / events,
      serverCpuUsPerEvent: serverCpuUs === null ? null : serverCpuUs / events,
      workers: done,
    };
  } finally {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill();
  }
}
