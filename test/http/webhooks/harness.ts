import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildHttp, type RoutePlugin } from '../../../src/http/app.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';

export interface Served {
  readonly app: FastifyInstance;
  readonly metrics: Metrics;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every log line so far, as text. */
  logs(): string;
  /** The lines our webhook routes wrote (`event` starting `payment.webhook`), parsed. */
  webhookLines(): Record<string, unknown>[];
}

/** The HTTP app as `main.ts` builds it, with one webhook route, listening on a free local port. */
export async function serve(route: RoutePlugin): Promise<Served> {
  let text = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const metrics = createMetrics();
  const app = buildHttp({
    store: { ping: async () => 1 },
    metrics,
    log: createLogger('info', { pretty: false, destination }),
    routes: [route],
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    metrics,
    url,
    logs: () => text,
    webhookLines: () =>
      text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => String(line.event ?? '').startsWith('payment.webhook')),
  };
}
