import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CircleError } from '../../core/errors.js';
import type { PaymentNotice, PaymentProvider, PaymentSink } from '../../core/market/payment.js';
import { keepRawJson } from './raw-body.js';

/** What a verified webhook body comes to: a notice for the sink, an event we do not act on, or a bad body. */
export type Delivery =
  | { readonly kind: 'notice'; readonly notice: PaymentNotice }
  | {
      readonly kind: 'ignored';
      readonly provider: PaymentProvider;
      readonly eventId: string;
      readonly type: string;
      readonly reason?: string;
    }
  | {
      readonly kind: 'malformed';
      readonly provider: PaymentProvider;
      readonly eventId?: string;
      readonly reason: string;
    };

/** Thrown inside a webhook route when the sink failed: the provider gets a 500 and delivers again. */
export class PaymentSinkError extends CircleError {
  override name = 'PaymentSinkError';
  readonly statusCode = 500;
  constructor(
    readonly provider: PaymentProvider,
    readonly eventId: string,
    options: { cause: unknown },
  ) {
    super('CB_ERR_PAYMENT_SINK', 'the payment could not be stored', options);
  }
}

/**
 * Makes the plugin's context read `application/json` bodies as the raw Buffer (signatures cover the exact
 * bytes), and answers errors in the webhook's own shape: a failed sink is a logged 500 without its message;
 * an unreadable request (wrong media type, too large) keeps fastify's 4xx. Call it first in the plugin.
 */
export function webhookContext(app: FastifyInstance, provider: PaymentProvider): void {
  keepRawJson(app);
  app.setErrorHandler((err: { statusCode?: number; code?: string; cause?: unknown }, request, reply) => {
    const status = err.statusCode ?? 500;
    if (err instanceof PaymentSinkError) {
      request.log.error(
        { event: 'payment.webhook.failed', provider, eventId: err.eventId, err: err.cause },
        'payment webhook not stored: the provider will deliver it again',
      );
    } else if (status < 500) {
      request.log.warn(
        { event: 'payment.webhook.malformed', provider, reason: err.code ?? `http_${status}` },
        'payment webhook request unreadable',
      );
      return reply.code(status).send({ received: false, error: 'unreadable request' });
    } else {
      request.log.error({ event: 'payment.webhook.failed', provider, err }, 'payment webhook failed');
    }
    return reply.code(500).send({ received: false, error: 'not stored; deliver again' });
  });
}

/** 401: the signature did not verify. `reason` is a short code; the body and headers are never logged. */
export function reject(
  request: FastifyRequest,
  reply: FastifyReply,
  provider: PaymentProvider,
  reason: string,
) {
  request.log.warn(
    { event: 'payment.webhook.rejected', provider, reason },
    'payment webhook signature does not verify: nothing stored',
  );
  return reply.code(401).send({ received: false, error: 'invalid signature' });
}

/**
 * Answers a verified webhook: a notice is answered 200 with the sink's outcome only once the sink resolved
 * (after its commit); a sink failure throws `PaymentSinkError` (500). One log line per webhook.
 */
export async function deliver(
  request: FastifyRequest,
  reply: FastifyReply,
  sink: PaymentSink,
  delivery: Delivery,
) {
  if (delivery.kind === 'malformed') {
    const { provider, eventId, reason } = delivery;
    request.log.warn(
      { event: 'payment.webhook.malformed', provider, eventId, reason },
      'signed payment webhook body is not what we expect: nothing stored',
    );
    return reply.code(400).send({ received: false, error: 'unexpected body' });
  }
  if (delivery.kind === 'ignored') {
    const { provider, eventId, type, reason } = delivery;
    request.log.info(
      { event: 'payment.webhook.ignored', provider, eventId, type, reason },
      'payment webhook not acted on',
    );
    return reply.code(200).send({ received: true, ignored: true });
  }
  const { notice } = delivery;
  let outcome: Awaited<ReturnType<PaymentSink['receive']>>;
  try {
    outcome = await sink.receive(notice);
  } catch (cause) {
    throw new PaymentSinkError(notice.provider, notice.eventId, { cause });
  }
  request.log.info(
    {
      event: 'payment.webhook.received',
      provider: notice.provider,
      eventId: notice.eventId,
      status: notice.status,
      outcome,
    },
    'payment webhook received',
  );
  return reply.code(200).send({ received: true, outcome });
}

/**
 * Where the first problem is and what kind it is (`data.object.amount_total: invalid_type`), never a value;
 * `under` is the path of what was parsed (`data.object`).
 */
export function firstIssue(error: z.ZodError, under?: string): string {
  const [issue] = error.issues;
  const path = [...(under ? [under] : []), ...(issue?.path.map(String) ?? [])].join('.');
  const code = issue?.code ?? 'invalid';
  return path ? `${path}: ${code}` : code;
}
