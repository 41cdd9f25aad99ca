import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Job, JobRepo } from '../../core/repos.js';
import { jobs } from '../schema.js';
import type { Db } from './codec.js';

type Row = typeof jobs.$inferSelect;

function toJob(row: Row): Job {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    payload: row.payload ?? null,
    runAt: row.runAt,
    attempts: row.attempts,
  };
}

/**
 * Durable jobs in SQLite. A key names at most one row: scheduling it again starts that row afresh
 * (pending, no attempts), whatever state it was in. `complete` and `retry` only touch a running job,
 * so a worker finishing a job that was rescheduled meanwhile does not swallow the new schedule.
 */
export function sqliteJobs(db: Db): JobRepo {
  return {
    async schedule(job) {
      const fresh = {
        kind: job.kind,
        payload: job.payload ?? null,
        runAt: job.runAt,
        status: 'pending' as const,
        attempts: 0,
        leaseUntil: null,
        lastError: null,
        finishedAt: null,
      };
      const insert = db.insert(jobs).values({ ...fresh, key: job.key ?? null, createdAt: new Date() });
      if (job.key === undefined) insert.run();
      else insert.onConflictDoUpdate({ target: jobs.key, set: fresh }).run();
    },

    async cancel(key) {
      const { changes } = db
        .delete(jobs)
        .where(and(eq(jobs.key, key), eq(jobs.status, 'pending')))
        .run();
      return changes > 0;
    },

    async claimDue(now, limit, leaseMs) {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      return db.transaction(
        (tx) => {
          const due = tx
            .select()
            .from(jobs)
            .where(
              or(
                and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)),
                and(eq(jobs.status, 'running'), lt(jobs.leaseUntil, now)),
              ),
            )
            .orderBy(asc(jobs.runAt), asc(jobs.id))
            .limit(limit)
            .all();
          for (const row of due) {
            tx.update(jobs).set({ status: 'running', leaseUntil }).where(eq(jobs.id, row.id)).run();
          }
          return due.map(toJob);
        },
        { behavior: 'immediate' },
      );
    },

    async complete(id, at) {
      db.update(jobs)
        .set({ status: 'done', leaseUntil: null, finishedAt: at })
        .where(and(eq(jobs.id, id), eq(jobs.status, 'running')))
        .run();
    },

    async release(ids, leaseUntil) {
      if (ids.length === 0) return;
      db.update(jobs)
        .set({ status: 'pending', leaseUntil: null })
        .where(and(inArray(jobs.id, [...ids]), eq(jobs.status, 'running'), eq(jobs.leaseUntil, leaseUntil)))
        .run();
    },

    async retry(id, error, runAt) {
      const set =
        runAt === null
          ? { status: 'failed' as const, lastError: error, leaseUntil: null, finishedAt: new Date() }
          : { status: 'pending' as const, lastError: error, leaseUntil: null, runAt };
      db.update(jobs)
        .set({ ...set, attempts: sql`${jobs.attempts} + 1` })
        .where(and(eq(jobs.id, id), eq(jobs.status, 'running')))
        .run();
    },

    async pending(kind) {
      return db
        .select()
        .from(jobs)
        .where(and(eq(jobs.status, 'pending'), kind === undefined ? undefined : eq(jobs.kind, kind)))
        .orderBy(asc(jobs.runAt), asc(jobs.id))
        .all()
        .map(toJob);
    },
  };
}
