import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** Where a load run POSTs: a route on 127.0.0.1, with the headers every request carries. */
export interface Target {
  readonly name: string;
  readonly port: number;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** One load run: every request's status and latency (ms, request written → response fully read). */
export interface LoadRun {
  readonly statuses: Uint16Array;
  readonly latencies: Float64Array;
  readonly wallMs: number;
  /** Requests completed per second of wall time. */
  readonly perSecond: number;
}

/**
 * POSTs every body once, in order, from `concurrency` callers sharing one keep-alive agent with as many
 * sockets (so each caller keeps its own connection). A request that fails at the socket level rejects
 * the run: the figures would not mean anything.
 */
export async function postAll(
  target: Target,
  bodies: readonly Buffer[],
  concurrency: number,
): Promise<LoadRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const statuses = new Uint16Array(bodies.length);
  const latencies = new Float64Array(bodies.length);
  const post = (body: Buffer) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: '127.0.0.1',
          port: target.port,
          path: target.path,
          method: 'POST',
          headers: { ...target.headers, 'content-length': body.length },
        },
        (res) => {
          res.on('error', reject);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.resume();
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  let next = 0;
  const caller = async () => {
    while (next < bodies.length) {
      const i = next++;
      const started = performance.now();
      statuses[i] = await post(bodies[i]!);
      latencies[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, caller));
  } finally {
    agent.destroy();
  }
  const wallMs = performance.now() - started;
  return { statuses, latencies, wallMs, perSecond: (bodies.length * 1000) / wallMs };
}

/** How many responses had each status, e.g. `{ 200: 20000 }`. */
export function statusCounts(statuses: Uint16Array): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}
