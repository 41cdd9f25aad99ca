import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoadBalancerOptions {
  /** Base URLs of the bot processes (`http://127.0.0.1:PORT`). */
  readonly backends: readonly string[];
  /** Where random choices come from (a seeded generator keeps a run repeatable). */
  readonly random: () => number;
  /** Share of requests also sent, at the same moment, to a second process (0 to 1). */
  readonly duplicate?: number;
}

export interface LoadBalancerStats {
  /** Requests answered 2xx by a process. */
  answered: number;
  /** Attempts that failed (connection refused or reset, or a non-2xx answer) and went to another process. */
  retried: number;
  /** Requests also sent to a second process at once. */
  duplicated: number;
}

/** A test load balancer in front of bot processes, as a cloud one behaves (see `startLoadBalancer`). */
export interface LoadBalancer {
  /** Base URL to post to (`http://127.0.0.1:PORT`); paths are passed on as they are. */
  readonly url: string;
  readonly stats: LoadBalancerStats;
  /** Backends not yet seen refusing connections. */
  live(): string[];
  close(): Promise<void>;
}

const FORWARDED = ['content-type', 'x-telegram-bot-api-secret-token'];
const MAX_ATTEMPTS = 20;

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Posts each request to a random live backend and answers with its response. A failed attempt — the
 * connection refused or cut (a killed process), or a non-2xx answer — is retried on another backend, so
 * an update whose process died mid-way is handled elsewhere; a backend that refuses connections is taken
 * out. Some requests (`duplicate`) are also posted to a second backend at the same moment, whose answer
 * is ignored: the same update handled by two processes at once. Answers 502 when every attempt failed.
 */
export async function startLoadBalancer(opts: LoadBalancerOptions): Promise<LoadBalancer> {
  const live = new Set(opts.backends);
  const stats: LoadBalancerStats = { answered: 0, retried: 0, duplicated: 0 };
  const pick = (not?: string): string | undefined => {
    const choices = [...live].filter((b) => b !== not);
    const pool = choices.length > 0 ? choices : [...live];
    return pool[Math.floor(opts.random() * pool.length)];
  };

  async function attempt(backend: string, req: IncomingMessage, payload: Buffer) {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      const res = await fetch(`${backend}${req.url ?? '/'}`, { method: req.method, headers, body: payload });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      if (code === 'ECONNREFUSED') live.delete(backend);
      return null;
    }
  }

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const payload = await body(req);
    if (opts.duplicate && opts.random() < opts.duplicate && live.size > 1) {
      const second = pick();
      if (second) {
        stats.duplicated++;
        void attempt(second, req, payload);
      }
    }
    let last: string | undefined;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const backend = pick(last);
      if (!backend) break;
      const answer = await attempt(backend, req, payload);
      if (answer && answer.status >= 200 && answer.status < 300) {
        stats.answered++;
        res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
        res.end(answer.text);
        return;
      }
      stats.retried++;
      last = backend;
    }
    res.writeHead(502).end();
  }

  const server = createServer((req, res) => {
    forward(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    live: () => [...live],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
