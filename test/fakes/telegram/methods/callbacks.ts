import { badRequest, TG } from '../errors.js';
import { stringParam } from '../params.js';
import type { MethodHandler } from './context.js';

/** Answerable once; a second answer or an unknown id gets Telegram's "query is too old". */
const answerCallbackQuery: MethodHandler = (p, ctx) => {
  const id = stringParam(p, 'callback_query_id');
  const query = ctx.world.queries.get(id);
  if (query?.kind !== 'callback_query' || query.answered) throw badRequest(TG.queryTooOld);
  query.answered = true;
  return true;
};

export const callbackMethods: Record<string, MethodHandler> = { answerCallbackQuery };
