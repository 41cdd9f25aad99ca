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
  it('a job whose turn in a batch comes with half its lease gone waits for the lease to lapse, then runs once', async () => {
    const store = openSqliteStore(join(dir, 'jobs.db'));
    try {
      const clock = new ManualClock();
      const ran: string[] = [];
      const scheduler = new Scheduler({
        jobs: store.jobs,
        clock,
        log: pino({ level: 'silent' }),
        leaseMs: 60_000,
        handlers: new Map([
          [
            'reminder',
            async (payload) => {
              ran.push(String(payload));
              // The first job of the batch is slow (a platform asked us to wait): 40 s of the 60 s lease.
              if (payload === 'slow') clock.advance(40_000);
            },
          ],
        ]),
      });
      await store.jobs.schedule({ kind: 'reminder', payload: 'slow', runAt: clock.now() });
      await store.jobs.schedule({
        kind: 'reminder',
        payload: 'next',
        runAt: new Date(clock.now().getTime() + 1),
      });
      clock.advance(1);

      expect(await scheduler.runDue()).toBe(1);
      expect(ran).toEqual(['slow']);
      // Still leased to us: nobody runs it before the lease lapses…
      clock.advance(19_000);
      expect(await scheduler.runDue()).toBe(0);
      // …then it is claimed again and runs, once.
      clock.advance(1_001);
      expect(await scheduler.runDue()).toBe(1);
      expect(await scheduler.runDue()).toBe(0);
      expect(ran).toEqual(['slow', 'next']);
    } finally {
      await store.close();
    }
  });
});
