import type { FastifyInstance } from 'fastify';

/**
 * Keeps JSON bodies as the exact bytes received, inside the plugin that calls it (fastify encapsulation):
 * a signature is computed over those bytes, and parsing first would change them.
 */
export function keepRawJson(app: FastifyInstance, bodyLimit = 256 * 1024): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => {
    done(null, body);
  });
}

/** The body as bytes; an empty buffer when there was none (or it was not JSON). */
export function rawBody(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}
