import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import { type LoginClaims, signLoginToken, verifyLoginToken } from './login-token.js';
import type { DashboardSession } from './repo.js';

/** Where the dashboard is served; the login link is `<publicUrl>/dashboard/login?t=<token>`. */
export const DASHBOARD_PATH = '/dashboard';
export const LOGIN_TOKEN_PARAM = 't';
/** How long a session lasts after logging in (then a new link from `/dashboard`). */
export const SESSION_TTL_MS = 12 * 3_600_000;

export type LoginRefusal = 'malformed' | 'expired' | 'spent' | 'unknown_member';

export type LoginCheck =
  | { readonly ok: true; readonly claims: LoginClaims }
  | { readonly ok: false; readonly reason: LoginRefusal };

export type Redeemed =
  | {
      readonly ok: true;
      /** The cookie's value: only its SHA-256 is stored. */
      readonly token: string;
      readonly session: DashboardSession;
      readonly circleId: number;
    }
  | { readonly ok: false; readonly reason: LoginRefusal };

export interface DashboardAuthDeps {
  readonly store: Pick<Store, 'dashboard' | 'members'>;
  /** Signs login links; never logged. */
  readonly secret: string | Buffer;
  readonly clock: Clock;
  readonly log: Logger;
  /** Public address of the HTTP server; `null`: no login link can be built. */
  readonly publicUrl: string | null;
  readonly sessionTtlMs?: number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Passwordless login: a signed one-time link (10 minutes) sent privately by `/dashboard`, traded once for
 * a session. Which circles a session may see is not decided here (see `DashboardAccess`).
 */
export class DashboardAuth {
  constructor(private readonly deps: DashboardAuthDeps) {}

  /** A fresh login link for the member, landing on the circle; `null` without a public URL. */
  loginUrl(member: MemberRecord, circleId: number): string | null {
    const base = this.deps.publicUrl?.replace(/\/+$/, '');
    if (!base) return null;
    const token = signLoginToken(this.deps.secret, { memberId: member.id, circleId }, this.deps.clock.now());
    return `${base}${DASHBOARD_PATH}/login?${LOGIN_TOKEN_PARAM}=${token}`;
  }

  /** Whether a link would log in now, without using it up (the page that asks to confirm). */
  async check(token: string): Promise<LoginCheck> {
    const read = verifyLoginToken(this.deps.secret, token, this.deps.clock.now());
    if (!read.ok) return read;
    if (await this.deps.store.dashboard.loginTokenSpent(read.claims.id))
      return { ok: false, reason: 'spent' };
    return read;
  }

  /** Uses a link up and opens a session. A link works once: the second use is `spent`, however close. */
  async redeem(token: string): Promise<Redeemed> {
    const now = this.deps.clock.now();
    const read = verifyLoginToken(this.deps.secret, token, now);
    if (!read.ok) return read;
    const { claims } = read;
    const member = await this.deps.store.members.byId(claims.memberId);
    if (!member) return { ok: false, reason: 'unknown_member' };
    const { dashboard } = this.deps.store;
    if (!(await dashboard.spendLoginToken(claims.id, member.id, claims.expiresAt, now))) {
      this.deps.log.warn({ event: 'dashboard.link_reused', memberId: member.id }, 'login link used again');
      return { ok: false, reason: 'spent' };
    }
    await dashboard.prune(now);
    const sessionToken = randomBytes(32).toString('base64url');
    const session: DashboardSession = {
      id: hashOf(sessionToken),
      memberId: member.id,
      csrf: randomBytes(24).toString('base64url'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + (this.deps.sessionTtlMs ?? SESSION_TTL_MS)),
    };
    await dashboard.createSession(session);
    this.deps.log.info({ event: 'dashboard.login', memberId: member.id }, 'dashboard session opened');
    return { ok: true, token: sessionToken, session, circleId: claims.circleId };
  }

  /** The live session a cookie's token opens, with its person; `null` for anything else. */
  async session(token: string): Promise<{ session: DashboardSession; member: MemberRecord } | null> {
    if (!SESSION_TOKEN.test(token)) return null;
    const session = await this.deps.store.dashboard.session(hashOf(token), this.deps.clock.now());
    if (!session) return null;
    const member = await this.deps.store.members.byId(session.memberId);
    return member ? { session, member } : null;
  }

  async logout(token: string): Promise<void> {
    if (SESSION_TOKEN.test(token)) await this.deps.store.dashboard.endSession(hashOf(token));
  }
}
