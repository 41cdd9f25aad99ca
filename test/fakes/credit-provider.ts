import Fastify from 'fastify';
import { verifyCreditSignature } from '../../src/core/credit/http-provider.js';

/** What the fake answers with when it behaves. */
export interface FakeCreditAnswer {
  score: number;
  verified?: boolean;
  expiresAt?: string;
}

/** How the fake provider answers the next requests. */
export type FakeCreditBehaviour =
  | { kind: 'answer'; answer: FakeCreditAnswer; delayMs?: number }
  | { kind: 'badJson' }
  | { kind: 'wrongShape'; body: unknown }
  | { kind: 'status'; status: number };

/** One request as the fake saw it. */
export interface FakeCreditCall {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: unknown;
  signatureValid: boolean;
}

export interface FakeCreditProvider {
  url: string;
  calls: FakeCreditCall[];
  setBehaviour(b: FakeCreditBehaviour): void;
  close(): Promise<void>;
}

/** A credit provider on 127.0.0.1 that checks signatures and records every request; answers `{ score: 700 }`. */
export async function startFakeCreditProvider(opts: { secret: string }): Promise<FakeCreditProvider> {
  const app = Fastify({ logger: false });
  const calls: FakeCreditCall[] = [];
  let behaviour: FakeCreditBehaviour = { kind: 'answer', answer: { score: 700 } };
  // Delayed answers end early on close, so a timed-out test never holds the server open.
  const pending = new Set<() => void>();

  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post('/credit', async (req, reply) => {
    const rawBody = typeof req.body === 'string' ? req.body : '';
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const timestamp = req.headers['x-circlebot-timestamp'];
    const signature = req.headers['x-circlebot-signature'];
    calls.push({
      headers: { ...req.headers },
      rawBody,
      body,
      signatureValid:
        typeof timestamp === 'string' &&
        typeof signature === 'string' &&
        verifyCreditSignature(opts.secret, timestamp, rawBody, signature),
    });

    const b = behaviour;
    switch (b.kind) {
      case 'answer':
        if (b.delayMs) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              pending.delete(done);
              resolve();
            };
            const timer = setTimeout(done, b.delayMs);
            pending.add(done);
          });
        }
        return reply.send(b.answer);
      case 'badJson':
        return reply.type('application/json').send('{"score": 700');
      case 'wrongShape':
        return reply.send(b.body);
      case 'status':
        return reply.code(b.status).send({ error: 'fake failure' });
    }
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake credit provider has no port');

  return {
    url: `http://127.0.0.1:${address.port}/credit`,
    calls,
    setBehaviour(b) {
      behaviour = b;
    },
    async close() {
      for (const done of [...pending]) done();
      await app.close();
    },
  };
}
