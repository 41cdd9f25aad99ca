import { Telegraf } from 'telegraf';
import type { Update, UserFromGetMe } from 'telegraf/types';
import type { CommandSpec } from '../../src/core/commands/spec.js';
import { PlatformError } from '../../src/core/errors.js';
import type { ChatEvent } from '../../src/core/events.js';
import type { Logger } from '../../src/core/logger.js';
import { TelegramApi } from './api.js';
import { ALLOWED_UPDATES, mapUpdate } from './map.js';
import { TelegramPort } from './port.js';
import { type FloodLimits, OutboundQueue, type QueueClock } from './queue.js';

export interface TelegramAdapterOptions {
  readonly token: string;
  /** Bot API root: Telegram's, a self-hosted Bot API server's, or the tests' fake. */
  readonly apiRoot: string;
  /** Webhook mode when set: Telegram posts to `url`, with `secret` in X-Telegram-Bot-Api-Secret-Token. */
  readonly webhook?: { readonly url: string; readonly secret: string };
  readonly handle: (event: ChatEvent) => Promise<void>;
  readonly log: Logger;
  readonly limits?: Partial<FloodLimits>;
  readonly queueClock?: QueueClock;
}

/** telegraf's handler timeout must be finite (setTimeout turns Infinity into 1 ms). */
const NO_HANDLER_TIMEOUT = 2 ** 31 - 1;

/**
 * The API root as a directory URL: telegraf resolves `./bot<token>/<method>` against it, which drops the
 * last path segment of a root without a trailing slash (a Bot API server behind `https://proxy/telegram`).
 */
const directory = (root: string) => (root.endsWith('/') ? root : `${root}/`);

/**
 * Telegram through telegraf: long polling or a webhook. Each update is mapped to core events and handed
 * over; telegraf confirms a polled batch (the next offset) only after every update in it was handled, so
 * nothing is acknowledged before it is in the store.
 */
export class TelegramAdapter {
  readonly port: TelegramPort;
  readonly #opts: TelegramAdapterOptions;
  readonly #bot: Telegraf;
  #polling: Promise<void> | undefined;
  #me: UserFromGetMe | undefined;

  constructor(opts: TelegramAdapterOptions) {
    this.#opts = opts;
    this.#bot = new Telegraf(opts.token, {
      telegram: { apiRoot: directory(opts.apiRoot), webhookReply: false },
      handlerTimeout: NO_HANDLER_TIMEOUT,
    });
    const api = new TelegramApi(this.#bot.telegram, new OutboundQueue(opts.limits, opts.queueClock));
    this.port = new TelegramPort(api, opts.log);
    this.#bot.use(async (ctx) => this.#dispatch(ctx.update));
    this.#bot.catch((err, ctx) => {
      opts.log.error({ err, updateId: ctx.update.update_id }, 'telegram update failed');
    });
  }

  /** The bot's own user, once started. */
  get me(): UserFromGetMe | undefined {
    return this.#me;
  }

  /** Learns who the bot is, publishes the command menus, and starts polling or sets the webhook. */
  async start(commands: readonly CommandSpec[]): Promise<void> {
    const { log, webhook } = this.#opts;
    this.#me = await this.#bot.telegram.getMe();
    this.#bot.botInfo = this.#me;
    this.port.setMe(this.#me);
    await this.port.registerCommands(commands);
    if (webhook) {
      await this.#bot.telegram.setWebhook(webhook.url, {
        secret_token: webhook.secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      log.info({ bot: this.#me.username, mode: 'webhook' }, 'telegram started');
      return;
    }
    this.#polling = this.#bot
      .launch({ allowedUpdates: [...ALLOWED_UPDATES], dropPendingUpdates: false })
      .catch((err) => {
        log.error({ err }, 'telegram polling stopped with an error');
      });
    log.info({ bot: this.#me.username, mode: 'polling' }, 'telegram started');
  }

  /**
   * Handles one update received by the webhook route; resolves once it is handled (then answer 200).
   * Rejects before `start` has learnt who the bot is — the HTTP server listens first, and behind a load
   * balancer a starting process gets updates at once — so the update is answered with an error and comes
   * again, rather than acknowledged unhandled.
   */
  async handleWebhookUpdate(update: Update): Promise<void> {
    if (!this.#me) throw new PlatformError('handleWebhookUpdate', 'the Telegram adapter is not started yet');
    await this.#bot.handleUpdate(update);
  }

  /** Stops polling; the batch under way finishes and is confirmed. */
  async stop(): Promise<void> {
    if (this.#polling) {
      this.#bot.stop('shutdown');
      await this.#polling;
      this.#polling = undefined;
    }
  }

  async #dispatch(update: Update): Promise<void> {
    const me = this.#me ?? this.#bot.botInfo;
    if (!me) return;
    if ('chat_join_request' in update) {
      const request = update.chat_join_request;
      this.port.rememberDmChat(String(request.from.id), String(request.user_chat_id));
    }
    if ('chat_member' in update) {
      const change = update.chat_member;
      this.port.admins.invalidate(String(change.chat.id), String(change.new_chat_member.user.id));
    }
    for (const event of mapUpdate(update, { id: me.id, username: me.username })) {
      await this.#opts.handle(event);
    }
  }
}
