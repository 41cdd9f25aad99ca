import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Ports } from '../ports.js';
import type { Store } from '../store.js';

/** What the automation needs: the store, the platforms, the clock and a log. */
export interface AutomationDeps {
  readonly store: Store;
  readonly ports: Ports;
  readonly clock: Clock;
  readonly log: Logger;
}
