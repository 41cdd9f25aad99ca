import type { Circle } from '../circle.js';
import type { Clock } from '../clock.js';
import type { CreditService } from '../credit/service.js';
import type { Logger } from '../logger.js';
import type { Ports } from '../ports.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import type { EntryPayment } from './payment.js';

/** What the gate works with: the store, the platforms, time, logs, credit and (optionally) paid entry. */
export interface GateDeps {
  readonly store: Store;
  readonly ports: Ports;
  readonly clock: Clock;
  readonly log: Logger;
  readonly credit: CreditService;
  /** Paid entry (the market): admission waits for a confirmed payment where the circle asks for one. */
  readonly payment?: EntryPayment;
  /**
   * Runs once an applicant was let in and told so (a verdict by the rules or an admin, or an unscreened
   * request an admin approved): the welcome hooks in here. A failure is logged, never undoes the admission.
   */
  readonly onAdmitted?: (circle: Circle, member: MemberRecord) => Promise<void>;
}
