import type { Telegram } from 'telegraf';
import { PlatformError } from '../../src/core/errors.js';
import type { Lane, OutboundQueue } from './queue.js';

/** Bot API methods that put a message in a chat: these count against the flood limits. */
const PACED = new Set([
  'sendMessage',
  'sendPhoto',
  'sendInvoice',
  'editMessageText',
  'editMessageReplyMarkup',
]);

/** A failed Bot API call: the method, Telegram's code and description. */
export class TelegramCallError extends PlatformError {
  override name = 'TelegramCallError';
  constructor(
    method: string,
    readonly errorCode: number,
    readonly description: string,
    options?: { cause?: unknown },
  ) {
    super(method, `${method} failed: ${errorCode} ${description}`, options);
  }
}

/**
 * One typed door to the Bot API: every call goes through the outbound queue, and failures come out as
 * `TelegramCallError` keeping the method. Calls go through telegraf's `callApi`, so methods newer than
 * telegraf's types (Stars) use the same path.
 */
export class TelegramApi {
  constructor(
    private readonly telegram: Telegram,
    private readonly queue: OutboundQueue,
  ) {}

  /** Calls a method; `chatId` orders and paces the call with the chat's other calls. */
  async call<T = unknown>(
    method: string,
    payload: Record<string, unknown>,
    chatId?: string | number,
  ): Promise<T> {
    const key = chatId === undefined ? null : String(chatId);
    const lane: Lane = { key, paced: PACED.has(method), group: key?.startsWith('-') === true };
    try {
      // biome-ignore lint/suspicious/noExplicitAny: callApi is typed per method; this wrapper is the untyped door.
      return (await this.queue.run(lane, () => (this.telegram.callApi as any)(method, payload))) as T;
    } catch (err) {
      const e = err as { code?: unknown; description?: unknown; response?: { description?: unknown } };
      const code = typeof e.code === 'number' ? e.code : 0;
      const description = String(e.description ?? e.response?.description ?? (err as Error).message ?? err);
      throw new TelegramCallError(method, code, description, { cause: err });
    }
  }
}
