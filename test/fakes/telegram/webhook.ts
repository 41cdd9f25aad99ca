import type { Params } from './params.js';
import type { TgUpdate } from './types.js';

export interface DeliverOptions {
  /** Where to POST; defaults to the url given to `setWebhook` (which Telegram requires to be HTTPS). */
  url?: string;
  /** The `X-Telegram-Bot-Api-Secret-Token` header; defaults to `setWebhook`'s; `null` sends none. */
  secretToken?: string | null;
}

/** A method call telegraf wrote into the webhook response (`{ method, ...params }`), which Telegram runs. */
export type WebhookReply = (method: string, params: Params) => Promise<void>;

/**
 * POSTs one update as Telegram does and returns the HTTP status. A JSON body naming a `method` is run
 * as a call, like Telegram's "reply to the webhook" (telegraf uses it for e.g. `answerCallbackQuery`).
 */
export async function postUpdate(
  url: string,
  secretToken: string | undefined,
  update: TgUpdate,
  onReply: WebhookReply,
): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secretToken !== undefined) headers['x-telegram-bot-api-secret-token'] = secretToken;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update) });
  const text = await res.text();
  if (res.ok && (res.headers.get('content-type') ?? '').includes('application/json') && text !== '') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body && typeof body === 'object' && typeof (body as { method?: unknown }).method === 'string') {
      const { method, ...params } = body as Params & { method: string };
      await onReply(method, params);
    }
  }
  return res.status;
}
