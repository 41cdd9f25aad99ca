import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics.js';

describe('createMetrics', () => {
  it('two instances in one process keep separate counts', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.observer.eventHandled('message');
    expect(await a.registry.metrics()).toContain('circlebot_events_total{kind="message"} 1');
    expect(await b.registry.metrics()).not.toContain('circlebot_events_total{kind="message"}');
  });

  it('a stranger typing random /commands does not create a series per word', async () => {
    const metrics = createMetrics();
    metrics.observer.commandRun('asdfgh', 'unknown');
    metrics.observer.commandRun('qwerty', 'unknown');
    const text = await metrics.registry.metrics();
    expect(text).toContain('circlebot_commands_total{command="(unknown)",outcome="unknown"} 2');
    expect(text).not.toContain('asdfgh');
  });

  it('db latency is recorded in seconds', async () => {
    const metrics = createMetrics();
    metrics.observeDbLatency(250);
    const text = await metrics.registry.metrics();
    expect(text).toContain('circlebot_db_latency_seconds_bucket{le="0.25"} 1');
    expect(text).toContain('circlebot_db_latency_seconds_bucket{le="0.1"} 0');
  });
});
