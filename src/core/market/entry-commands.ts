import { circleName } from '../circle.js';
import type { CommandSpec } from '../commands/spec.js';
import { defineCommand } from '../commands/spec.js';
import { InvalidInputError } from '../errors.js';
import type { Store } from '../store.js';
import { formatPrice, parsePrice, STARS } from './money.js';
import { readOfferUrl } from './offer-input.js';
import { PAYMENT_METHODS, type PaidEntry, type PaymentMethod } from './settings.js';

export interface EntryCommandDeps {
  readonly store: Store;
  readonly now: () => Date;
}

/**
 * Reads `30 CNY stripe https://buy.stripe.com/…`, `50 XTR stars`, `off` into a setting `paidEntrySchema`
 * accepts; throws `InvalidInputError` with the catalog's message otherwise.
 */
export function readPaidEntry(text: string): PaidEntry | null {
  const words = text.trim().split(/\s+/);
  if (words.length === 1 && words[0]?.toLowerCase() === 'off') return null;
  const methodAt = words.findIndex((w) => (PAYMENT_METHODS as readonly string[]).includes(w.toLowerCase()));
  if (methodAt < 1) throw new InvalidInputError('market.entry.err.format', {});
  const method = words[methodAt]!.toLowerCase() as PaymentMethod;
  const read = parsePrice(words.slice(0, methodAt).join(' '));
  // A fee of nothing is not a fee (`off` makes entry free); the stored setting needs at least 1.
  if (!read.ok || read.price.minor < 1)
    throw new InvalidInputError('market.err.price', { value: words.slice(0, methodAt).join(' ') });
  const rest = words.slice(methodAt + 1);
  const price = read.price;
  if (method === 'stars') {
    if (price.currency !== STARS) throw new InvalidInputError('market.entry.err.starsCurrency', {});
    if (rest.length > 0) throw new InvalidInputError('market.entry.err.format', {});
    return { priceMinor: price.minor, currency: price.currency, method, url: null };
  }
  if (price.currency === STARS) throw new InvalidInputError('market.entry.err.starsMethod', {});
  const url = rest.length === 1 ? readOfferUrl(rest[0]!) : null;
  if (url === null) throw new InvalidInputError('market.entry.err.url', { method });
  return { priceMinor: price.minor, currency: price.currency, method, url };
}

/** `/paidentry <price> <stars|stripe|link> [url]`, `/paidentry off`, `/paidentry` to see it. */
export function entryCommands(deps: EntryCommandDeps): CommandSpec[] {
  const { store } = deps;
  const paidentry = defineCommand({
    name: 'paidentry',
    adminOnly: true,
    where: 'circle',
    help: 'market.help.paidentry',
    args: [{ name: 'setting', kind: 'text', optional: true }],
    async run(ctx, args) {
      const circle = ctx.circle!;
      if (args.setting === undefined || args.setting.trim() === '') {
        const fee = circle.settings.market.paidEntry;
        if (!fee) await ctx.reply('market.entry.free');
        else {
          const price = formatPrice({ minor: fee.priceMinor, currency: fee.currency });
          await ctx.reply('market.entry.current', { price, method: fee.method });
        }
        return;
      }
      const fee = readPaidEntry(args.setting);
      if (fee?.method === 'stars' && !ctx.port.capabilities.has('invoices')) {
        throw new InvalidInputError('market.entry.err.noInvoices', {});
      }
      await store.circles.updateSettings(circle.id, {
        ...circle.settings,
        market: { ...circle.settings.market, paidEntry: fee },
      });
      await store.audit.record({
        circleId: circle.id,
        actorId: ctx.caller.id,
        action: fee ? 'market.paidEntry.on' : 'market.paidEntry.off',
        detail: fee ? { priceMinor: fee.priceMinor, currency: fee.currency, method: fee.method } : {},
        at: deps.now(),
      });
      if (!fee) {
        await ctx.reply('market.entry.off');
        return;
      }
      const lines = [
        ctx.t('market.entry.on', {
          circle: circleName(circle),
          price: formatPrice({ minor: fee.priceMinor, currency: fee.currency }),
          method: fee.method,
        }),
      ];
      if (!circle.settings.gate.enabled) lines.push(ctx.t('market.entry.gateOff'));
      await ctx.replyWith({ text: lines.join('\n') });
    },
  });
  return [paidentry];
}
