import type { FastifyPluginAsync, LogLevel } from 'fastify';
import type { Registry } from 'prom-client';

export interface MetricsRouteOptions {
  registry: Registry;
  /** Level for this route's request logs; Prometheus scrapes every few seconds. */
  logLevel?: LogLevel;
}

/** `GET /metrics`: the registry in Prometheus text format. */
export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (
  app,
  { registry, logLevel = 'warn' },
) => {
  app.get('/metrics', { logLevel }, async (_req, reply) => {
    reply.header('content-type', registry.contentType).header('cache-control', 'no-store');
    return registry.metrics();
  });
};
