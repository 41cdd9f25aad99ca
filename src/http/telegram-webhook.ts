import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

export interface TelegramWebhookOptions {
  /** Path of the route: the path of the public webhook URL. */
  readonly path: string;
  /** Compared with X-Telegram-Bot-Api-Secret-Token on every request. */
  readonly secret: string;
  /** Hands the update to the Telegram adapter; resolves once it is handled. */
  readonly handleUpdate: (update: z.infer<typeof updateSchema>) => Promise<void>;
}

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `POST <path>` (by default `/telegram/webhook`): a wrong or missing secret is 401 and nothing is handled; a body that is not an
 * update is 400; a good update is answered 200 only after it is handled, so Telegram redelivers anything
 * lost in a crash (and the core drops duplicates by update_id).
 */
export function telegramWebhookRoute(opts: TelegramWebhookOptions): FastifyPluginAsync {
  return async (app) => {
    app.post(opts.path, async (request, reply) => {
      if (!sameSecret(request.headers['x-telegram-bot-api-secret-token'], opts.secret)) {
        request.log.warn({ event: 'telegram.webhook.unauthorized' }, 'webhook request with a wrong secret');
        return reply.code(401).send({ ok: false, error: 'unauthorized' });
      }
      const parsed = updateSchema.safeParse(request.body);
      if (!parsed.success) {
        request.log.warn({ event: 'telegram.webhook.malformed' }, 'webhook body is not a Telegram update');
        return reply.code(400).send({ ok: false, error: 'not a Telegram update' });
      }
      await opts.handleUpdate(parsed.data);
      return reply.code(200).send({ ok: true });
    });
  };
}
