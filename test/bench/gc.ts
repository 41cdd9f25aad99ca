import { PerformanceObserver } from 'node:perf_hooks';

/** Garbage-collection pauses seen while watching, on the `performance.now()` timeline. */
export interface GcWatch {
  readonly pauses: ReadonlyArray<{ readonly start: number; readonly duration: number }>;
  /** Waits one event-loop turn (Node reports GC pauses to JS from an immediate), then stops watching. */
  stop(): Promise<void>;
}

/** Records every GC pause from now until `stop` (the observer costs nothing between pauses). */
export function watchGc(): GcWatch {
  const pauses: Array<{ start: number; duration: number }> = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    pauses,
    async stop() {
      await new Promise<void>((resolve) => setImmediate(resolve));
      for (const e of observer.takeRecords()) pauses.push({ start: e.startTime, duration: e.duration });
      observer.disconnect();
    },
  };
}

/** How many of the samples at or above `threshold` ms overlapped at least one GC pause. */
export function slowSamplesInGc(
  starts: Float64Array,
  latencies: Float64Array,
  threshold: number,
  pauses: GcWatch['pauses'],
): { slow: number; duringGc: number } {
  const sorted = [...pauses].sort((a, b) => a.start - b.start);
  let slow = 0;
  let duringGc = 0;
  for (let i = 0; i < latencies.length; i++) {
    const latency = latencies[i]!;
    if (latency < threshold) continue;
    slow++;
    const from = starts[i]!;
    const to = from + latency;
    if (sorted.some((p) => p.start < to && p.start + p.duration > from)) duringGc++;
  }
  return { slow, duringGc };
}
