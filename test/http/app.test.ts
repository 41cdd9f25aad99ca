import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHttp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';

const log = createLogger('silent', { pretty: false });

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function build(ping: () => Promise<number>, metrics: Metrics = createMetrics()) {
  app = buildHttp({ store: { ping }, metrics, log });
  return app;
}

describe('GET /healthz', () => {
  it('a monitor sees 200 and the database round trip while the db answers', async () => {
    const res = await build(async () => 1.5).inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: { ok: true, latencyMs: 1.5 } });
  });

  it('a monitor sees 503 when the database is down, without the error details', async () => {
    const metrics = createMetrics();
    const res = await build(async () => {
      throw new Error('SQLITE_CANTOPEN: /secret/path.db');
    }, metrics).inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'error', db: { ok: false } });
    expect(res.body).not.toContain('SQLITE');
    expect(await metrics.registry.metrics()).toContain('circlebot_errors_total{where="db.ping"} 1');
  });
});

describe('GET /metrics', () => {
  it('Prometheus scrapes the events the core counted and the db latency seen by health checks', async () => {
    const metrics = createMetrics();
    const http = build(async () => 2, metrics);
    metrics.observer.eventHandled('join_requested');
    metrics.observer.eventHandled('join_requested');
    metrics.observer.commandRun('points', 'ok');
    await http.inject({ method: 'GET', url: '/healthz' });

    const res = await http.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(metrics.registry.contentType);
    expect(res.body).toContain('circlebot_events_total{kind="join_requested"} 2');
    expect(res.body).toContain('circlebot_commands_total{command="points",outcome="ok"} 1');
    expect(res.body).toContain('circlebot_db_latency_seconds_count 1');
    expect(res.body).toContain('circlebot_db_latency_seconds_sum 0.002');
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });
});

describe('route plugins', () => {
  it('a later feature adds its routes through `routes`, and a crash in one is counted as an http error', async () => {
    const metrics = createMetrics();
    app = buildHttp({
      store: { ping: async () => 1 },
      metrics,
      log,
      routes: [
        async (r) => {
          r.get('/l/:code', async (req, reply) =>
            reply.redirect(`https://shop.test/${(req.params as { code: string }).code}`),
          );
        },
        async (r) => {
          r.get('/boom', async () => {
            throw new Error('boom');
          });
        },
      ],
    });
    const redirect = await app.inject({ method: 'GET', url: '/l/abc' });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('https://shop.test/abc');
    expect((await app.inject({ method: 'GET', url: '/boom' })).statusCode).toBe(500);
    expect(await metrics.registry.metrics()).toContain('circlebot_errors_total{where="http"} 1');
  });
});
