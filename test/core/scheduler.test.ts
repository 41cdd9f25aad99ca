import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { Scheduler } from '../../src/core/scheduler.js';
import { openSqliteStore } from '../../src/store/open.js';

const dir = mkdtempSync(join(tmpdir(), 'circlebot-scheduler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scheduler leases', () => {
  it('a job whose turn in a batch comes with half its lease gone is handed back, then runs once at once', async () => {
    const store = openSqliteStore(join(dir, 'jobs.db'));
    try {
      const clock = new ManualClock();
      const ran: Array<{ payload: string; at: number }> = [];
      const scheduler = new Scheduler({
        jobs: store.jobs,
        clock,
        log: pino({ level: 'silent' }),
        leaseMs: 60_000,
        handlers: new Map([
          [
            'reminder',
            async (payload) => {
              ran.push({ payload: String(payload), at: clock.now().getTime() });
              // The first job of the batch is slow (a platform asked us to wait): 40 s of the 60 s lease.
              if (payload === 'slow') clock.advance(40_000);
            },
          ],
        ]),
      });
      const start = clock.now().getTime();
      await store.jobs.schedule({ kind: 'reminder', payload: 'slow', runAt: clock.now() });
      await store.jobs.schedule({
        kind: 'reminder',
        payload: 'next',
        runAt: new Date(clock.now().getTime() + 1),
      });
      clock.advance(1);

      // Both run in one pass: "next" is not started late under the old lease, nor left waiting for it to
      // lapse, but handed back and claimed afresh right after "slow".
      expect(await scheduler.runDue()).toBe(2);
      expect(ran).toEqual([
        { payload: 'slow', at: start + 1 },
        { payload: 'next', at: start + 40_001 },
      ]);
      clock.advance(120_000);
      expect(await scheduler.runDue()).toBe(0);
      expect(await store.jobs.pending()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
