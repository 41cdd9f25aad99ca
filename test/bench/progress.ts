import { performance } from 'node:perf_hooks';

/** Throws when a bench precondition does not hold, so the run exits 1 instead of printing figures. */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench precondition failed: ${what}`);
}

/** Writes `phase done/n (seconds since)` to stderr at every tenth of `n` and at the end. */
export function progress(phase: string, done: number, n: number, since: number): void {
  const step = Math.max(1, Math.floor(n / 10));
  if (done % step === 0 || done === n) {
    process.stderr.write(`  ${phase} ${done}/${n} (${((performance.now() - since) / 1000).toFixed(1)} s)\n`);
  }
}
