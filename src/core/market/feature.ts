import type { Clock } from '../clock.js';
import type { Feature } from '../feature.js';
import { t } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { Ports } from '../ports.js';
import type { Store } from '../store.js';
import { marketCommands } from './commands.js';
import { entryCommands } from './entry-commands.js';
import { trackedLinks } from './links.js';
import { formatPrice } from './money.js';
import type { PaymentService } from './payments.js';
import { POST_JOB, ScheduledPosts } from './posts.js';
import { starsHandlers } from './stars.js';

export interface MarketDeps {
  readonly store: Store;
  readonly ports: Ports;
  readonly clock: Clock;
  readonly log: Logger;
  /**
   * Where `/l/:code` is reachable from outside (the `publicUrl` setting), or `null` when it is not — no
   * public URL, or no HTTP server — and then offers are not posted rather than posted with a dead link.
   */
  readonly publicUrl: string | null;
  /** Signs the member token on links sent privately; the same key the tracked-link route verifies with. */
  readonly linkSecret: string;
  /** Where every confirmed payment goes (webhooks reach it through the HTTP routes). */
  readonly payments: PaymentService;
}

/**
 * The market as a core feature: offers, their tracked links, posts on command and on schedule, paid entry,
 * in-chat payments, `/offers` and `/revenue`.
 */
export function marketFeature(deps: MarketDeps): Feature {
  const links = trackedLinks({ publicUrl: deps.publicUrl, secret: deps.linkSecret });
  const now = () => deps.clock.now();
  const posts = new ScheduledPosts({ ...deps, links });
  return {
    name: 'market',
    commands: [
      ...marketCommands({ store: deps.store, links, now, posts }),
      ...entryCommands({ store: deps.store, now }),
    ],
    on: starsHandlers({ store: deps.store, payments: deps.payments, now }),
    jobs: { [POST_JOB]: (payload) => posts.run(payload) },
    describe: (circle, lang) => {
      const fee = circle.settings.market.paidEntry;
      return [
        t(lang, 'market.describe', {
          links: links.publicUrl ? `${links.publicUrl}/l/…` : t(lang, 'market.describe.linksOff'),
        }),
        fee
          ? t(lang, 'market.describe.paidEntry', {
              price: formatPrice({ minor: fee.priceMinor, currency: fee.currency }),
              method: fee.method,
            })
          : t(lang, 'market.describe.freeEntry'),
      ];
    },
  };
}
