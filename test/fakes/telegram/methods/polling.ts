import { BotApiError, badRequest, TG } from '../errors.js';
import { optBool, optInt, optString, optStringList } from '../params.js';
import type { TgWebhookInfo } from '../types.js';
import type { MethodHandler } from './context.js';

/** Long poll: holds up to `timeout` seconds; 409 while a webhook is set or when a newer poll arrives. */
const getUpdates: MethodHandler = (p, ctx) => {
  if (ctx.webhook.url !== '') throw new BotApiError(409, TG.webhookActive);
  return ctx.updates.poll(
    {
      offset: optInt(p, 'offset'),
      limit: optInt(p, 'limit'),
      timeout: optInt(p, 'timeout'),
      allowed_updates: optStringList(p, 'allowed_updates'),
    },
    ctx.signal,
  );
};

/** Records url, secret and `allowed_updates`; Telegram only takes HTTPS urls (an empty url removes it). */
const setWebhook: MethodHandler = (p, ctx) => {
  const url = optString(p, 'url') ?? '';
  if (url !== '' && !url.startsWith('https://')) throw badRequest(TG.webhookNeedsHttps);
  const secret = optString(p, 'secret_token');
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw badRequest(TG.secretTokenInvalid);
  const allowed = optStringList(p, 'allowed_updates');
  const maxConnections = optInt(p, 'max_connections');
  const ip = optString(p, 'ip_address');
  ctx.webhook.url = url;
  delete ctx.webhook.secret_token;
  if (secret !== undefined) ctx.webhook.secret_token = secret;
  if (allowed !== undefined) ctx.webhook.allowed_updates = allowed;
  if (maxConnections !== undefined) ctx.webhook.max_connections = maxConnections;
  if (ip !== undefined) ctx.webhook.ip_address = ip;
  ctx.updates.setAllowed(allowed);
  if (optBool(p, 'drop_pending_updates')) ctx.updates.clear();
  return true;
};

const deleteWebhook: MethodHandler = (p, ctx) => {
  ctx.webhook.url = '';
  delete ctx.webhook.secret_token;
  if (optBool(p, 'drop_pending_updates')) ctx.updates.clear();
  return true;
};

const getWebhookInfo: MethodHandler = (_p, ctx) => {
  const { webhook } = ctx;
  const info: TgWebhookInfo = {
    url: webhook.url,
    has_custom_certificate: false,
    pending_update_count: ctx.updates.pending().length,
  };
  if (webhook.url === '') return info;
  const allowed = ctx.updates.allowedUpdates();
  return {
    ...info,
    max_connections: webhook.max_connections ?? 40,
    ...(webhook.ip_address ? { ip_address: webhook.ip_address } : {}),
    ...(allowed ? { allowed_updates: allowed } : {}),
  };
};

export const pollingMethods: Record<string, MethodHandler> = {
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
};
