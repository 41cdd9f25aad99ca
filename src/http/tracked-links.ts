import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { LINK_CODE, MEMBER_PARAM, verifyMember } from '../core/market/links.js';
import { offerReference, withReference } from '../core/market/references.js';
import type { MarketRepo } from '../core/market/repo.js';
import type { Store } from '../core/store.js';

export interface TrackedLinksOptions {
  readonly market: Pick<MarketRepo, 'byCode' | 'recordClick'>;
  /** Resolves once the click is committed: the redirect never runs ahead of the count. */
  readonly durably: Store['durably'];
  /** Verifies member tokens (`?m=<memberId>.<mac>`); never logged. */
  readonly secret: string;
  readonly now: () => Date;
}

/** Request lines without the query string, which may hold a member token. */
function withoutQuery(request: FastifyRequest) {
  return { method: request.method, url: request.url.split('?', 1)[0] };
}

/**
 * `GET /l/:code`: the tracked link of an offer. A live offer's code → the click is committed, then 302 to
 * the offer's URL. An unknown, malformed or removed offer's code → 404 and nothing is counted.
 *
 * A member token only attributes the click: with a valid one the click is the member's; a missing, stale
 * (signed with an older secret) or tampered one counts the click as anonymous and still redirects — anyone
 * can drop the token from a link, so refusing a bad one would protect nothing and would break links sent
 * before a secret change. HEAD requests (link checkers) redirect without counting. A Stripe Payment Link
 * gets `client_reference_id` naming the offer and the member, for the payment webhook.
 */
export function trackedLinksRoute(opts: TrackedLinksOptions): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { code: string }; Querystring: Record<string, unknown> }>(
      '/l/:code',
      { logSerializers: { req: withoutQuery } },
      async (request, reply) => {
        reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        const { code } = request.params;
        const offer = LINK_CODE.test(code) ? await opts.market.byCode(code) : null;
        if (!offer) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');

        const token = request.query[MEMBER_PARAM];
        let memberId: number | null = null;
        if (token !== undefined) {
          memberId = typeof token === 'string' ? verifyMember(opts.secret, code, token) : null;
          if (memberId === null) {
            request.log.warn(
              { event: 'link.bad_token', offerId: offer.id },
              'member token does not verify: click counted without a member',
            );
          }
        }
        if (request.method === 'GET') {
          await opts.durably(() => opts.market.recordClick({ offerId: offer.id, memberId, at: opts.now() }));
        }
        // A Stripe Payment Link learns which offer (and member) the payment is for, so its webhook is attributed.
        return reply.redirect(withReference(offer.url, offerReference(offer.id, memberId)), 302);
      },
    );
  };
}
