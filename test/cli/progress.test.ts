import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/cli/progress.js';
import { captureStream } from './harness.js';

/** A clock the test moves by hand. */
function manualClock() {
  let ms = 1_000_000;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

describe('progress of long jobs', () => {
  it('in a log (no terminal): a line at each 10%, then the summary', () => {
    const out = captureStream(false);
    const clock = manualClock();
    const progress = startProgress({ label: 'import', unit: 'rows', total: 2000, out, now: clock.now });
    for (let done = 100; done <= 2000; done += 100) {
      clock.advance(400);
      progress.update(done);
    }
    progress.done('import: 2,000 rows imported');
    const lines = out.text().trim().split('\n');
    expect(lines.at(-1)).toBe('import: 2,000 rows imported');
    expect(lines.slice(0, -1)).toEqual([
      'import: 20% 400/2,000 rows',
      'import: 30% 600/2,000 rows',
      'import: 40% 800/2,000 rows',
      'import: 50% 1,000/2,000 rows',
      'import: 60% 1,200/2,000 rows',
      'import: 70% 1,400/2,000 rows',
      'import: 80% 1,600/2,000 rows',
      'import: 90% 1,800/2,000 rows',
      'import: 100% 2,000/2,000 rows',
    ]);
  });

  it('in a log, a slow job also says every few seconds that it is alive, and a quick one only its summary', () => {
    const out = captureStream(false);
    const clock = manualClock();
    const slow = startProgress({ label: 'backup', unit: 'pages', total: null, out, now: clock.now });
    for (let i = 1; i <= 12; i++) {
      clock.advance(1_000);
      slow.increment(50);
    }
    slow.done('backup written');
    expect(out.text().trim().split('\n')).toEqual([
      'backup: 250 pages',
      'backup: 500 pages',
      'backup written',
    ]);

    const quick = captureStream(false);
    const job = startProgress({ label: 'export', unit: 'rows', total: 10, out: quick, now: clock.now });
    for (let i = 0; i < 10; i++) job.increment();
    job.done('export: 10 members');
    expect(quick.text()).toBe('export: 10 members\n');
  });

  it('in a terminal: a bar, then the summary', () => {
    const out = captureStream(true);
    const progress = startProgress({ label: 'export', unit: 'rows', total: 4, out });
    progress.update(2);
    progress.update(4);
    progress.done('export: 4 members written');
    expect(out.text()).toMatch(/export \[[█░]+\] \d+% \| \d\/4 rows/);
    expect(out.text().trimEnd().endsWith('export: 4 members written')).toBe(true);
  });

  it('a job that fails stops the progress without a summary', () => {
    const out = captureStream(false);
    const clock = manualClock();
    const progress = startProgress({ label: 'import', unit: 'rows', total: 10, out, now: clock.now });
    progress.stop();
    clock.advance(10_000);
    progress.update(10);
    expect(out.text()).toBe('');
  });
});
