import type { Circle } from '../circle.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ChatRef, MemberRef } from '../refs.js';
import { refKey } from '../refs.js';
import type { CircleRepo, MemberRecord, MembershipRepo } from '../repos.js';

/** How long the platform's "is an admin" answer is reused: a demoted admin loses the dashboard this fast. */
export const ADMIN_CACHE_MS = 30_000;

export interface DashboardAccessDeps {
  readonly circles: Pick<CircleRepo, 'byId'>;
  readonly memberships: Pick<MembershipRepo, 'ofMember'>;
  /** The platform's answer right now (the port's `isAdmin`); may throw when the platform cannot say. */
  readonly isAdmin: (chat: ChatRef, member: MemberRef) => Promise<boolean>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly ttlMs?: number;
}

/**
 * Which circles a person may administer from the dashboard: those where the platform says they are an
 * admin right now, asked per circle and cached briefly. A platform that cannot answer (down, adapter not
 * running) means no access, never access.
 */
export class DashboardAccess {
  readonly #cache = new Map<string, { readonly admin: boolean; readonly until: number }>();
  readonly #ttlMs: number;

  constructor(private readonly deps: DashboardAccessDeps) {
    this.#ttlMs = deps.ttlMs ?? ADMIN_CACHE_MS;
  }

  /**
   * The circles the person administers now, among those the bot has seen them in (sending `/dashboard`
   * there is enough), oldest first. Asking about every circle the bot is in would cost one platform call
   * per group for a bot in thousands of them.
   */
  async circlesFor(member: MemberRecord): Promise<Circle[]> {
    const ids = [...new Set((await this.deps.memberships.ofMember(member.id)).map((m) => m.circleId))].sort(
      (a, b) => a - b,
    );
    const seen = await Promise.all(ids.map((id) => this.deps.circles.byId(id)));
    const mine = seen.filter((c): c is Circle => c !== null && c.chat.platform === member.ref.platform);
    const checks = await Promise.all(mine.map((circle) => this.#isAdmin(circle, member)));
    return mine.filter((_, i) => checks[i]);
  }

  /** The circle when the person administers it now; `null` when it does not exist or they do not. */
  async circle(member: MemberRecord, circleId: number): Promise<Circle | null> {
    const circle = await this.deps.circles.byId(circleId);
    if (!circle || circle.chat.platform !== member.ref.platform) return null;
    return (await this.#isAdmin(circle, member)) ? circle : null;
  }

  async #isAdmin(circle: Circle, member: MemberRecord): Promise<boolean> {
    const key = `${circle.id}|${refKey(member.ref)}`;
    const now = this.deps.clock.now().getTime();
    const hit = this.#cache.get(key);
    if (hit && hit.until > now) return hit.admin;
    let admin = false;
    try {
      admin = await this.deps.isAdmin(circle.chat, member.ref);
    } catch (err) {
      this.deps.log.warn(
        { err, circleId: circle.id, memberId: member.id },
        'platform could not say whether this is an admin: no dashboard access',
      );
      return false;
    }
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(key, { admin, until: now + this.#ttlMs });
    return admin;
  }
}
