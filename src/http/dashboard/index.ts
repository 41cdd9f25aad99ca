import { createHmac } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { DashboardAccess } from '../../core/dashboard/access.js';
import { DashboardAuth } from '../../core/dashboard/auth.js';
import { dashboardFeature } from '../../core/dashboard/feature.js';
import { Dashboard } from '../../core/dashboard/service.js';
import type { Feature } from '../../core/feature.js';
import type { GateFlow } from '../../core/gate/flow.js';
import type { Logger } from '../../core/logger.js';
import type { Ports } from '../../core/ports.js';
import type { Store } from '../../core/store.js';
import type { RoutePlugin } from '../app.js';
import { dashboardRoute } from './routes.js';

export interface DashboardPartsDeps {
  readonly store: Store;
  readonly ports: Ports;
  readonly flow: Pick<GateFlow, 'decideByAdmin' | 'assess'>;
  readonly clock: Clock;
  readonly log: Logger;
  /** Whether the HTTP server runs: without it `/dashboard` says so instead of sending a dead link. */
  readonly httpEnabled: boolean;
  readonly publicUrl: string | null;
  /**
   * The secret login links and cookies are signed under (derived, so they never share a key with what else
   * uses it). Links and sessions outlive a restart only when it does.
   */
  readonly secret: string;
}

/** The dashboard's two halves, wired once: the chat feature (`/dashboard`, activity counts) and its routes. */
export function dashboardParts(deps: DashboardPartsDeps): { feature: Feature; route: RoutePlugin } {
  const derive = (purpose: string) =>
    createHmac('sha256', deps.secret).update(`circlebot:dashboard:${purpose}`).digest();
  const log = deps.log;
  const publicUrl = deps.httpEnabled ? deps.publicUrl : null;
  const auth = new DashboardAuth({
    store: deps.store,
    secret: derive('login'),
    clock: deps.clock,
    log,
    publicUrl,
  });
  const access = new DashboardAccess({
    circles: deps.store.circles,
    memberships: deps.store.memberships,
    isAdmin: (chat, member) => deps.ports.get(chat.platform).isAdmin(chat, member),
    clock: deps.clock,
    log,
  });
  const dashboard = new Dashboard({ store: deps.store, flow: deps.flow, clock: deps.clock, log });
  return {
    feature: dashboardFeature({
      store: deps.store,
      auth: deps.httpEnabled ? auth : null,
      clock: deps.clock,
      log,
    }),
    route: dashboardRoute({
      auth,
      access,
      dashboard,
      cookieSecret: derive('cookies'),
      secure: publicUrl?.startsWith('https:') ?? false,
    }),
  };
}
