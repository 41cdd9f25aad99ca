import { describe, expect, it } from 'vitest';
import { at, type StoreContext } from './fixtures.js';

const LEASE_MS = 60_000;

/** Durable timers: scheduling, leasing, retrying. */
export function describeJobsContract(ctx: StoreContext): void {
  describe('jobs', () => {
    it('a reminder falls due at its time, not before, with its payload intact', async () => {
      await ctx.store.jobs.schedule({ kind: 'remind', payload: { circleId: 1, text: 'hi' }, runAt: at(10) });
      expect(await ctx.store.jobs.claimDue(at(9), 10, LEASE_MS)).toEqual([]);
      const [job, ...rest] = await ctx.store.jobs.claimDue(at(10), 10, LEASE_MS);
      expect(rest).toEqual([]);
      expect(job).toMatchObject({
        kind: 'remind',
        key: null,
        payload: { circleId: 1, text: 'hi' },
        runAt: at(10),
        attempts: 0,
      });
    });

    it('a leased job is never handed out twice, and comes back once its lease runs out', async () => {
      await ctx.store.jobs.schedule({ kind: 'deadline', payload: null, runAt: at(0) });
      const [first] = await ctx.store.jobs.claimDue(at(1), 10, LEASE_MS);
      expect(first).toBeDefined();
      expect(await ctx.store.jobs.claimDue(at(1), 10, LEASE_MS)).toEqual([]);
      expect(await ctx.store.jobs.claimDue(at(2), 10, LEASE_MS)).toEqual([]);
      expect(await ctx.store.jobs.pending()).toEqual([]);
      const [again] = await ctx.store.jobs.claimDue(at(3), 10, LEASE_MS);
      expect(again?.id).toBe(first?.id);
      expect(await ctx.store.jobs.claimDue(at(3), 10, LEASE_MS)).toEqual([]);
    });

    it('a claimed job handed back unrun can be claimed again at once, with no attempt counted', async () => {
      await ctx.store.jobs.schedule({ kind: 'k', payload: 'a', runAt: at(0) });
      await ctx.store.jobs.schedule({ kind: 'k', payload: 'b', runAt: at(0) });
      const claimed = await ctx.store.jobs.claimDue(at(1), 10, LEASE_MS);
      expect(claimed.map((j) => j.payload)).toEqual(['a', 'b']);
      await ctx.store.jobs.release([claimed[1]!.id], new Date(at(1).getTime() + LEASE_MS));
      expect(await ctx.store.jobs.claimDue(at(1), 10, LEASE_MS)).toMatchObject([
        { payload: 'b', attempts: 0 },
      ]);
    });

    it('handing back leaves alone a job whose lease another worker holds by now', async () => {
      await ctx.store.jobs.schedule({ kind: 'k', payload: 'a', runAt: at(0) });
      const [mine] = await ctx.store.jobs.claimDue(at(0), 10, LEASE_MS);
      // Our lease ran out and another worker took the job.
      const [theirs] = await ctx.store.jobs.claimDue(at(2), 10, LEASE_MS);
      expect(theirs?.id).toBe(mine?.id);
      await ctx.store.jobs.release([mine!.id], new Date(at(0).getTime() + LEASE_MS));
      expect(await ctx.store.jobs.claimDue(at(2), 10, LEASE_MS)).toEqual([]);
      await ctx.store.jobs.release([], at(0));
    });

    it('due jobs are handed out oldest first, no more than asked for', async () => {
      await ctx.store.jobs.schedule({ kind: 'k', payload: 'c', runAt: at(3) });
      await ctx.store.jobs.schedule({ kind: 'k', payload: 'a', runAt: at(1) });
      await ctx.store.jobs.schedule({ kind: 'k', payload: 'b', runAt: at(2) });
      await ctx.store.jobs.schedule({ kind: 'k', payload: 'later', runAt: at(50) });
      expect((await ctx.store.jobs.claimDue(at(5), 2, LEASE_MS)).map((j) => j.payload)).toEqual(['a', 'b']);
      expect((await ctx.store.jobs.claimDue(at(5), 2, LEASE_MS)).map((j) => j.payload)).toEqual(['c']);
    });

    it('a finished job is not run again', async () => {
      await ctx.store.jobs.schedule({ kind: 'k', payload: null, runAt: at(0) });
      const [job] = await ctx.store.jobs.claimDue(at(0), 10, LEASE_MS);
      await ctx.store.jobs.complete(job!.id, at(0));
      expect(await ctx.store.jobs.claimDue(at(100), 10, LEASE_MS)).toEqual([]);
      expect(await ctx.store.jobs.pending()).toEqual([]);
    });

    it('scheduling with a key replaces the pending job of that key', async () => {
      await ctx.store.jobs.schedule({ kind: 'deadline', key: 'app:1', payload: { v: 1 }, runAt: at(10) });
      await ctx.store.jobs.schedule({ kind: 'deadline', key: 'app:1', payload: { v: 2 }, runAt: at(20) });
      await ctx.store.jobs.schedule({ kind: 'deadline', key: 'app:2', payload: { v: 3 }, runAt: at(15) });
      const pending = await ctx.store.jobs.pending('deadline');
      expect(pending.map((j) => [j.key, j.payload, j.runAt])).toEqual([
        ['app:2', { v: 3 }, at(15)],
        ['app:1', { v: 2 }, at(20)],
      ]);
      expect(await ctx.store.jobs.claimDue(at(12), 10, LEASE_MS)).toEqual([]);
    });

    it('a keyed job that already ran can be scheduled again and starts afresh', async () => {
      await ctx.store.jobs.schedule({ kind: 'digest', key: 'digest:1', payload: 1, runAt: at(0) });
      const [first] = await ctx.store.jobs.claimDue(at(0), 10, LEASE_MS);
      await ctx.store.jobs.retry(first!.id, 'boom', null);
      await ctx.store.jobs.schedule({ kind: 'digest', key: 'digest:1', payload: 2, runAt: at(60) });
      const [again] = await ctx.store.jobs.claimDue(at(60), 10, LEASE_MS);
      expect(again).toMatchObject({ key: 'digest:1', payload: 2, attempts: 0 });
      await ctx.store.jobs.complete(again!.id, at(60));
      await ctx.store.jobs.schedule({ kind: 'digest', key: 'digest:1', payload: 3, runAt: at(120) });
      expect((await ctx.store.jobs.pending()).map((j) => j.payload)).toEqual([3]);
    });

    it('a job rescheduled while it runs is not lost when the old run finishes', async () => {
      await ctx.store.jobs.schedule({ kind: 'post', key: 'post:9', payload: 'old', runAt: at(0) });
      const [running] = await ctx.store.jobs.claimDue(at(0), 10, LEASE_MS);
      await ctx.store.jobs.schedule({ kind: 'post', key: 'post:9', payload: 'new', runAt: at(30) });
      await ctx.store.jobs.complete(running!.id, at(0));
      expect((await ctx.store.jobs.claimDue(at(30), 10, LEASE_MS)).map((j) => j.payload)).toEqual(['new']);
    });

    it('cancelling a pending job by key removes it; cancelling an unknown key says so', async () => {
      await ctx.store.jobs.schedule({ kind: 'deadline', key: 'app:1', payload: null, runAt: at(10) });
      expect(await ctx.store.jobs.cancel('app:1')).toBe(true);
      expect(await ctx.store.jobs.cancel('app:1')).toBe(false);
      expect(await ctx.store.jobs.cancel('nope')).toBe(false);
      expect(await ctx.store.jobs.claimDue(at(100), 10, LEASE_MS)).toEqual([]);
    });

    it('a job that is already running cannot be cancelled', async () => {
      await ctx.store.jobs.schedule({ kind: 'deadline', key: 'app:1', payload: null, runAt: at(0) });
      await ctx.store.jobs.claimDue(at(0), 10, LEASE_MS);
      expect(await ctx.store.jobs.cancel('app:1')).toBe(false);
    });

    it('a failed attempt comes back at the retry time with one more attempt; giving up marks it failed', async () => {
      await ctx.store.jobs.schedule({ kind: 'send', payload: null, runAt: at(0) });
      const [job] = await ctx.store.jobs.claimDue(at(0), 10, LEASE_MS);
      await ctx.store.jobs.retry(job!.id, 'timeout', at(5));
      expect(await ctx.store.jobs.pending()).toMatchObject([{ id: job!.id, runAt: at(5), attempts: 1 }]);
      expect(await ctx.store.jobs.claimDue(at(4), 10, LEASE_MS)).toEqual([]);
      const [second] = await ctx.store.jobs.claimDue(at(5), 10, LEASE_MS);
      expect(second).toMatchObject({ id: job!.id, attempts: 1 });
      await ctx.store.jobs.retry(job!.id, 'timeout again', null);
      expect(await ctx.store.jobs.pending()).toEqual([]);
      expect(await ctx.store.jobs.claimDue(at(1000), 10, LEASE_MS)).toEqual([]);
    });

    it('pending jobs can be listed by kind', async () => {
      await ctx.store.jobs.schedule({ kind: 'a', payload: 1, runAt: at(1) });
      await ctx.store.jobs.schedule({ kind: 'b', payload: 2, runAt: at(2) });
      expect((await ctx.store.jobs.pending('b')).map((j) => j.payload)).toEqual([2]);
      expect((await ctx.store.jobs.pending()).map((j) => j.kind)).toEqual(['a', 'b']);
    });
  });
}
