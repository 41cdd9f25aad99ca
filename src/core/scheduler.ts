import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Job, JobRepo } from './repos.js';

export type JobHandler = (payload: unknown) => Promise<void>;

export interface SchedulerOptions {
  readonly jobs: JobRepo;
  readonly clock: Clock;
  readonly log: Logger;
  readonly handlers: ReadonlyMap<string, JobHandler>;
  /** How long a claimed job stays ours before another worker may take it. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
}

/**
 * Runs durable jobs when they fall due. Jobs live in the store, so a restart resumes them; handlers must
 * be idempotent (a job whose process died after the effect but before `complete` runs again). With several
 * processes, a claimed job is started only within the first half of its lease, so no other process takes
 * it while it runs unless the job itself runs longer than half a lease; the rest of a batch is handed back.
 */
export class Scheduler {
  readonly #opts: Required<SchedulerOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(opts: SchedulerOptions) {
    this.#opts = { leaseMs: 60_000, maxAttempts: 5, ...opts };
  }

  /** Runs every job due now; returns how many ran. Concurrent calls share one pass. */
  runDue(): Promise<number> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Polls for due jobs every `intervalMs` until `stop`. */
  start(intervalMs = 1_000): void {
    this.#timer ??= setInterval(() => {
      this.runDue().catch((err: unknown) => this.#opts.log.error({ err }, 'scheduler pass failed'));
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops polling and waits for the pass under way. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async #pass(): Promise<number> {
    const { jobs, clock, leaseMs } = this.#opts;
    let ran = 0;
    for (;;) {
      const claimedAt = clock.now().getTime();
      const due = await jobs.claimDue(new Date(claimedAt), 50, leaseMs);
      if (due.length === 0) return ran;
      // A batch runs one job after another under one lease. A job whose turn comes with half its lease
      // gone is not started: the lease could run out while it runs, and another process take it too. It is
      // handed back instead, and claimed afresh (here, by the next batch, or by another process) at once.
      const left: number[] = [];
      for (const job of due) {
        if (clock.now().getTime() - claimedAt > leaseMs / 2) {
          left.push(job.id);
          continue;
        }
        if (await this.#run(job)) ran++;
      }
      await jobs.release(left, new Date(claimedAt + leaseMs));
      // Claiming alone took half a lease (a database in trouble): leave the rest to the next pass.
      if (left.length === due.length) return ran;
    }
  }

  /** Runs one claimed job; true when it completed, false when it failed (and was put back or given up). */
  async #run(job: Job): Promise<boolean> {
    const { jobs, clock, log, handlers, maxAttempts } = this.#opts;
    const handler = handlers.get(job.kind);
    if (!handler) {
      log.error({ jobId: job.id, kind: job.kind }, 'no handler for job kind');
      await jobs.retry(job.id, `no handler for ${job.kind}`, null);
      return false;
    }
    try {
      await handler(job.payload);
      await jobs.complete(job.id, clock.now());
      return true;
    } catch (err) {
      const attempts = job.attempts + 1;
      const retryAt = attempts < maxAttempts ? new Date(clock.now().getTime() + 2 ** attempts * 5_000) : null;
      log.error({ err, jobId: job.id, kind: job.kind, attempts }, 'job failed');
      await jobs.retry(job.id, String(err), retryAt);
      return false;
    }
  }
}
