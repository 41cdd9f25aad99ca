import type { Clock } from '../clock.js';
import type { Feature } from '../feature.js';
import { t } from '../i18n/index.js';
import type { Store } from '../store.js';
import { marketCommands } from './commands.js';
import { trackedLinks } from './links.js';

export interface MarketDeps {
  readonly store: Store;
  readonly clock: Clock;
  /**
   * Where `/l/:code` is reachable from outside (the `publicUrl` setting), or `null` when it is not — no
   * public URL, or no HTTP server — and then offers are not posted rather than posted with a dead link.
   */
  readonly publicUrl: string | null;
  /** Signs the member token on links sent privately; the same key the tracked-link route verifies with. */
  readonly linkSecret: string;
}

/** The market as a core feature: offers, their tracked links, posts, `/offers` and `/revenue`. */
export function marketFeature(deps: MarketDeps): Feature {
  const links = trackedLinks({ publicUrl: deps.publicUrl, secret: deps.linkSecret });
  return {
    name: 'market',
    commands: marketCommands({ store: deps.store, links, now: () => deps.clock.now() }),
    describe: (_circle, lang) => [
      t(lang, 'market.describe', {
        links: links.publicUrl ? `${links.publicUrl}/l/…` : t(lang, 'market.describe.linksOff'),
      }),
    ],
  };
}
