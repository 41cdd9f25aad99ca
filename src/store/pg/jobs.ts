import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Job, JobRepo } from '../../core/repos.js';
import { changed, type Pg } from './db.js';
import { jobs } from './schema.js';

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

const oldestFirst = (a: Row, b: Row) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id;

/**
 * Durable jobs in PostgreSQL, shared by every process on the database. A key names at most one row:
 * scheduling it again starts that row afresh (pending, no attempts), whatever state it was in. `claimDue`
 * leases due rows with `FOR UPDATE SKIP LOCKED`, so processes claiming at once never get the same job, and a
 * job whose lease ran out (its process died) is claimed again. `complete` and `retry` only touch a running
 * job, so a worker finishing a job that was rescheduled meanwhile does not swallow the new schedule.
 */
export function pgJobs(pg: Pg): JobRepo {
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
      await pg.write((db) => {
        const insert = db.insert(jobs).values({ ...fresh, key: job.key ?? null, createdAt: new Date() });
        return job.key === undefined ? insert : insert.onConflictDoUpdate({ target: jobs.key, set: fresh });
      });
    },

    async cancel(key) {
      const result = await pg.write((db) =>
        db.delete(jobs).where(and(eq(jobs.key, key), eq(jobs.status, 'pending'))),
      );
      return changed(result) > 0;
    },

    async claimDue(now, limit, leaseMs) {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const rows = await pg.write((db) => {
        const due = db
          .select({ id: jobs.id })
          .from(jobs)
          .where(
            or(
              and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)),
              and(eq(jobs.status, 'running'), lt(jobs.leaseUntil, now)),
            ),
          )
          .orderBy(asc(jobs.runAt), asc(jobs.id))
          .limit(limit)
          .for('update', { skipLocked: true });
        return db
          .update(jobs)
          .set({ status: 'running', leaseUntil })
          .where(inArray(jobs.id, due))
          .returning();
      });
      return rows.sort(oldestFirst).map(toJob);
    },

    async complete(id, at) {
      await pg.write((db) =>
        db
          .update(jobs)
          .set({ status: 'done', leaseUntil: null, finishedAt: at })
          .where(and(eq(jobs.id, id), eq(jobs.status, 'running'))),
      );
    },

    async release(ids, leaseUntil) {
      if (ids.length === 0) return;
      await pg.write((db) =>
        db
          .update(jobs)
          .set({ status: 'pending', leaseUntil: null })
          .where(
            and(inArray(jobs.id, [...ids]), eq(jobs.status, 'running'), eq(jobs.leaseUntil, leaseUntil)),
          ),
      );
    },

    async retry(id, error, runAt) {
      const set =
        runAt === null
          ? { status: 'failed' as const, lastError: error, leaseUntil: null, finishedAt: new Date() }
          : { status: 'pending' as const, lastError: error, leaseUntil: null, runAt };
      await pg.write((db) =>
        db
          .update(jobs)
          .set({ ...set, attempts: sql`${jobs.attempts} + 1` })
          .where(and(eq(jobs.id, id), eq(jobs.status, 'running'))),
      );
    },

    async pending(kind) {
      const rows = await pg.run((db) =>
        db
          .select()
          .from(jobs)
          .where(and(eq(jobs.status, 'pending'), kind === undefined ? undefined : eq(jobs.kind, kind)))
          .orderBy(asc(jobs.runAt), asc(jobs.id)),
      );
      return rows.map(toJob);
    },
  };
}
