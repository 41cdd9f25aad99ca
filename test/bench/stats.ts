import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Latency figures in milliseconds; `perSecond` is how many fit in one second of summed latency. */
export interface Summary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  readonly perSecond: number;
}

/** Nearest-rank percentiles over the samples (milliseconds). Throws on an empty sample. */
export function summarize(samples: Float64Array): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted[sorted.length - 1]!,
    mean: total / sorted.length,
    perSecond: total > 0 ? (sorted.length * 1000) / total : Number.POSITIVE_INFINITY,
  };
}

/** Bytes of resident memory and used heap at one moment, taken after a full collection when possible. */
export interface MemorySnapshot {
  readonly rss: number;
  readonly heapUsed: number;
  readonly gcForced: boolean;
}

// `npm run bench` cannot pass --expose-gc to node through tsx; the flag can still be set at run time, and a
// fresh context then sees `gc`. Without it, heap figures include garbage not yet collected.
const forceGc: (() => void) | null = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
})();

export function memorySnapshot(): MemorySnapshot {
  if (forceGc) {
    forceGc();
    forceGc();
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed, gcForced: forceGc !== null };
}

export const mib = (bytes: number) => bytes / 1_048_576;

/** Rounds for display and JSON: three decimals for milliseconds, whole numbers above 100. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;
}

/** A plain left/right-aligned text table: first column left, the rest right. */
export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
