import type { CommandContext } from '../commands/spec.js';
import { InvalidInputError } from '../errors.js';
import type { Store } from '../store.js';
import type { Offer } from './repo.js';

/** Reads `3` or `#3`; throws the catalog's message otherwise. */
export function offerId(raw: string): number {
  const match = /^#?(\d{1,12})$/.exec(raw.trim());
  if (!match || Number(match[1]) < 1)
    throw new InvalidInputError('market.err.id', { value: raw.slice(0, 20) });
  return Number(match[1]);
}

/** The live offer of the command's circle an admin named; throws the catalog's message otherwise. */
export async function liveOffer(store: Store, ctx: CommandContext, raw: string): Promise<Offer> {
  const id = offerId(raw);
  const offer = await store.market.offer(ctx.circle!.id, id);
  if (!offer || offer.removedAt) throw new InvalidInputError('market.err.noSuch', { id });
  return offer;
}
