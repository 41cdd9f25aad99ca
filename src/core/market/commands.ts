import { circleName } from '../circle.js';
import type { CommandSpec } from '../commands/spec.js';
import { defineCommand, defineGroup, sub } from '../commands/spec.js';
import { CircleError, InvalidInputError } from '../errors.js';
import type { Store } from '../store.js';
import { newLinkCode, type TrackedLinks } from './links.js';
import { parseOfferInput } from './offer-input.js';
import { liveOffer } from './offer-lookup.js';
import type { ScheduledPosts } from './posts.js';
import {
  offerListText,
  offerPost,
  offersMessage,
  periodStart,
  priceOf,
  REVENUE_PERIODS,
  revenueText,
} from './render.js';
import type { Offer } from './repo.js';
import { scheduleSubcommands } from './schedule-commands.js';

export interface MarketCommandDeps {
  readonly store: Store;
  readonly links: TrackedLinks;
  readonly now: () => Date;
  readonly posts: ScheduledPosts;
}

/** Live offers a circle may have at once: keeps `/offer list` and `/offers` readable. */
export const MAX_OFFERS = 50;

/** `/offer add|list|remove|post|sponsored` for admins, `/offers` for members, `/revenue` for admins. */
export function marketCommands(deps: MarketCommandDeps): CommandSpec[] {
  const { store, links } = deps;

  /** Stores the offer under a fresh code; a clash (about 2^-71 per pair) just draws again. */
  async function addOffer(offer: Omit<Offer, 'id' | 'code' | 'removedAt'>): Promise<Offer> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const added = await store.market.addOffer({ ...offer, code: newLinkCode() });
      if (added) return added;
    }
    throw new CircleError('CB_ERR_LINK_CODE', 'no free tracked-link code after 5 draws');
  }

  const offer = defineGroup({
    name: 'offer',
    adminOnly: true,
    where: 'circle',
    help: 'market.help.offer',
    subcommands: [
      sub({
        name: 'add',
        help: 'market.help.add',
        args: [{ name: 'offer', kind: 'text' }],
        async run(ctx, args) {
          const parsed = parseOfferInput(args.offer);
          if (!parsed.ok) throw new InvalidInputError(parsed.key, parsed.params);
          const circle = ctx.circle!;
          if ((await store.market.offers(circle.id)).length >= MAX_OFFERS) {
            throw new InvalidInputError('market.err.full', { max: MAX_OFFERS });
          }
          const added = await addOffer({
            ...parsed.offer,
            circleId: circle.id,
            sponsored: false,
            createdBy: ctx.caller.id,
            createdAt: deps.now(),
          });
          const url = links.url(added.code);
          await ctx.replyWith({
            text: [
              ctx.t('market.added', { id: added.id, title: added.title, price: priceOf(added) }),
              url ? ctx.t('market.link', { url }) : ctx.t('market.linksOff'),
            ].join('\n'),
          });
        },
      }),
      sub({
        name: 'list',
        help: 'market.help.list',
        async run(ctx) {
          const offers = await store.market.offers(ctx.circle!.id);
          await ctx.replyWith({ text: offerListText(ctx.lang, offers, (o) => links.url(o.code)) });
        },
      }),
      sub({
        name: 'remove',
        help: 'market.help.remove',
        args: [{ name: 'id', kind: 'word' }],
        async run(ctx, args) {
          const found = await liveOffer(store, ctx, args.id);
          if (!(await store.market.removeOffer(found.circleId, found.id, deps.now()))) {
            throw new InvalidInputError('market.err.noSuch', { id: found.id });
          }
          await ctx.reply('market.removed', { id: found.id, title: found.title });
        },
      }),
      sub({
        name: 'post',
        help: 'market.help.post',
        args: [{ name: 'id', kind: 'word' }],
        async run(ctx, args) {
          const found = await liveOffer(store, ctx, args.id);
          const url = links.url(found.code);
          if (url === null) {
            await ctx.reply('market.post.noLinks');
            return;
          }
          // Where the command was typed: the group, or the Discord channel inside the circle.
          await ctx.port.send(ctx.event.place ?? ctx.event.chat, offerPost(ctx.circle!.lang, found, url));
        },
      }),
      sub({
        name: 'sponsored',
        help: 'market.help.sponsored',
        args: [
          { name: 'id', kind: 'word' },
          { name: 'label', kind: 'choice', choices: ['on', 'off'] },
        ],
        async run(ctx, args) {
          const found = await liveOffer(store, ctx, args.id);
          const on = args.label === 'on';
          if (!(await store.market.setSponsored(found.circleId, found.id, on))) {
            throw new InvalidInputError('market.err.noSuch', { id: found.id });
          }
          await ctx.reply(on ? 'market.sponsored.on' : 'market.sponsored.off', { id: found.id });
        },
      }),
      ...scheduleSubcommands({ store, posts: deps.posts, now: deps.now }),
    ],
  });

  const offers = defineCommand({
    name: 'offers',
    where: 'circle',
    help: 'market.help.offers',
    async run(ctx) {
      const circle = ctx.circle!;
      const list = await store.market.offers(circle.id);
      const name = circleName(circle);
      if (list.length > 0) {
        // Privately, each link carries a token naming the member, so the click is theirs in `/revenue`.
        const personal = offersMessage(ctx.lang, name, list, (o) => links.personal(o.code, ctx.caller.id));
        if (await ctx.port.sendDirect(ctx.event.member, personal)) {
          await ctx.reply('generic.sentPrivately');
          return;
        }
      }
      await ctx.replyWith(offersMessage(ctx.lang, name, list, (o) => links.url(o.code)));
    },
  });

  const revenue = defineCommand({
    name: 'revenue',
    adminOnly: true,
    where: 'circle',
    help: 'market.help.revenue',
    args: [{ name: 'period', kind: 'choice', choices: REVENUE_PERIODS, optional: true }],
    async run(ctx, args) {
      const circle = ctx.circle!;
      const period = args.period ?? '7d';
      const since = periodStart(period, deps.now());
      const clicks = await store.market.clicks(circle.id, since);
      const payments = await store.payments.totals(circle.id, since);
      const all = await store.market.offers(circle.id, { includeRemoved: true });
      const text = revenueText(ctx.lang, {
        circle: circleName(circle),
        period,
        clicks,
        payments,
        offers: new Map(all.map((o) => [o.id, o])),
      });
      // Business figures stay out of the group.
      const sent = await ctx.port.sendDirect(ctx.event.member, { text });
      await ctx.reply(sent ? 'generic.sentPrivately' : 'generic.cannotDm');
    },
  });

  return [offer, offers, revenue];
}
