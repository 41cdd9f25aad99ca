import { badRequest, emptyParam, TG } from '../errors.js';
import { optBool, optString, stringParam } from '../params.js';
import type { TgMessage } from '../types.js';
import { assertCanPost, chatParam, type MethodHandler } from './context.js';

/** Telegram Stars: no provider token, exactly one price. */
const STARS = 'XTR';

const sendInvoice: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  const title = stringParam(p, 'title');
  const description = stringParam(p, 'description');
  stringParam(p, 'payload');
  const currency = stringParam(p, 'currency');
  const prices = p.prices;
  if (!Array.isArray(prices) || prices.length === 0)
    throw badRequest("Bad Request: can't parse prices JSON object");
  const provider = optString(p, 'provider_token');
  if (currency === STARS) {
    if (provider !== undefined || prices.length !== 1) throw badRequest(TG.starsInvoiceInvalid);
  } else if (provider === undefined) {
    throw badRequest(TG.paymentProviderInvalid);
  }
  const total_amount = prices.reduce(
    (sum: number, price) => sum + Number((price as { amount?: unknown }).amount),
    0,
  );
  if (!Number.isInteger(total_amount) || total_amount <= 0) throw badRequest(TG.currencyTotalAmountInvalid);
  assertCanPost(ctx, record, 'text');
  const message: TgMessage = {
    message_id: ctx.world.nextMessageId(record.chat.id),
    from: ctx.world.botUser,
    chat: record.chat,
    date: ctx.world.unixNow(),
    invoice: {
      title,
      description,
      start_parameter: optString(p, 'start_parameter') ?? '',
      currency,
      total_amount,
    },
  };
  ctx.world.storeMessage(message);
  return message;
};

/** Must come within 10 seconds of the query (on the fake's clock), once. */
const answerPreCheckoutQuery: MethodHandler = (p, ctx) => {
  const id = stringParam(p, 'pre_checkout_query_id');
  const ok = optBool(p, 'ok');
  if (ok === undefined) throw emptyParam('ok');
  if (!ok && optString(p, 'error_message') === undefined) throw badRequest(TG.errorMessageEmpty);
  const query = ctx.world.queries.get(id);
  if (query?.kind !== 'pre_checkout_query' || query.answered) throw badRequest(TG.queryIdInvalid);
  if (ctx.world.now() - query.at > 10_000) throw badRequest(TG.queryTooOld);
  query.answered = true;
  return true;
};

export const paymentMethods: Record<string, MethodHandler> = { sendInvoice, answerPreCheckoutQuery };
