import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Observer } from './core/observer.js';

export interface Metrics {
  /** Everything `/metrics` serves; private to this instance, so several can live in one process. */
  readonly registry: Registry;
  /** What the core reports to. */
  readonly observer: Observer;
  /** Records one database round trip, in milliseconds (as `Store.ping()` resolves). */
  observeDbLatency(ms: number): void;
}

/** A fresh registry with circlebot's counters, the db latency histogram and Node's default metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const events = new Counter({
    name: 'circlebot_events_total',
    help: 'Chat events handled by the core, by kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  const commands = new Counter({
    name: 'circlebot_commands_total',
    help: 'Commands run, by command name and outcome.',
    labelNames: ['command', 'outcome'] as const,
    registers,
  });
  const errors = new Counter({
    name: 'circlebot_errors_total',
    help: 'Errors caught and reported, by where they happened.',
    labelNames: ['where'] as const,
    registers,
  });
  const dbLatency = new Histogram({
    name: 'circlebot_db_latency_seconds',
    help: 'Database round-trip time measured by the health check.',
    // A local SQLite ping is well under a millisecond; a remote PostgreSQL one is a few.
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  collectDefaultMetrics({ register: registry });

  return {
    registry,
    observer: {
      eventHandled: (kind) => events.inc({ kind }),
      // An unknown command's name is whatever someone typed: one label value keeps the series bounded.
      commandRun: (command, outcome) =>
        commands.inc({ command: outcome === 'unknown' ? '(unknown)' : command, outcome }),
      error: (where) => errors.inc({ where }),
    },
    observeDbLatency: (ms) => dbLatency.observe(ms / 1000),
  };
}
