import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type LogLevel,
} from 'fastify';
import type { Store } from '../core/store.js';
import type { Metrics } from '../metrics.js';
import { healthRoutes } from './health.js';
import { metricsRoutes } from './metrics-route.js';

/**
 * A route plugin with its dependencies already closed over, e.g. `telegramWebhook({ secret, handle })`.
 * Each one is registered in its own encapsulated context, so a content-type parser or hook it adds (a raw
 * body for signature checks) stays inside it.
 */
export type RoutePlugin = FastifyPluginAsync;

export interface HttpDeps {
  /** Only `ping` is used here; route plugins get the rest of the store through their own closures. */
  store: Pick<Store, 'ping'>;
  metrics: Metrics;
  /** Fastify logs through it: request ids, 5xx errors, and request lines (except probes and scrapes). */
  log: FastifyBaseLogger;
  /** Registered after `/healthz` and `/metrics`, in order. */
  routes?: readonly RoutePlugin[];
}

/**
 * Builds the HTTP app without listening, so tests use `app.inject()` and `main.ts` calls `listen()`.
 * Server errors (5xx) are counted in `circlebot_errors_total{where="http"}`.
 */
export function buildHttp({ store, metrics, log, routes = [] }: HttpDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: log });
  app.addHook('onError', async (_req, _reply, err) => {
    if ((err.statusCode ?? 500) >= 500) metrics.observer.error('http');
  });
  const logLevel = quieter('warn', log.level);
  app.register(healthRoutes, { store, metrics, logLevel });
  app.register(metricsRoutes, { registry: metrics.registry, logLevel });
  for (const route of routes) app.register(route);
  return app;
}

const levels: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * A route's `logLevel` replaces the app's level for its requests, so probes and scrapes get the quieter of
 * `warn` and the app's level: `warn` alone would make a `silent` or `error` app log them.
 */
function quieter(a: LogLevel, b: string): LogLevel {
  const other = levels.find((level) => level === b);
  return other !== undefined && levels.indexOf(other) > levels.indexOf(a) ? other : a;
}
