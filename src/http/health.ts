import type { FastifyPluginAsync, LogLevel } from 'fastify';
import type { Store } from '../core/store.js';
import type { Metrics } from '../metrics.js';

export interface HealthOptions {
  store: Pick<Store, 'ping'>;
  metrics: Pick<Metrics, 'observer' | 'observeDbLatency'>;
  /** Level for this route's request logs; probes hit it every few seconds. */
  logLevel?: LogLevel;
}

export type HealthBody =
  | { status: 'ok'; db: { ok: true; latencyMs: number } }
  | { status: 'error'; db: { ok: false } };

/**
 * `GET /healthz`: 200 with the db round-trip time when `store.ping()` resolves, 503 when it rejects
 * (the reason goes to the log, not to the caller).
 */
export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (
  app,
  { store, metrics, logLevel = 'warn' },
) => {
  app.get('/healthz', { logLevel }, async (req, reply): Promise<HealthBody> => {
    reply.header('cache-control', 'no-store');
    try {
      const latencyMs = await store.ping();
      metrics.observeDbLatency(latencyMs);
      return { status: 'ok', db: { ok: true, latencyMs } };
    } catch (err) {
      metrics.observer.error('db.ping');
      req.log.warn({ err }, 'health check: database ping failed');
      reply.code(503);
      return { status: 'error', db: { ok: false } };
    }
  });
};
