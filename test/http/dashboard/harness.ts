import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach } from 'vitest';
import type { Circle } from '../../../src/core/circle.js';
import { ManualClock } from '../../../src/core/clock.js';
import { DashboardAccess } from '../../../src/core/dashboard/access.js';
import { DashboardAuth } from '../../../src/core/dashboard/auth.js';
import { Dashboard, type DashboardDeps } from '../../../src/core/dashboard/service.js';
import type { Application } from '../../../src/core/gate/repo.js';
import type { ChatRef, MemberRef } from '../../../src/core/refs.js';
import type { MemberRecord } from '../../../src/core/repos.js';
import type { Store } from '../../../src/core/store.js';
import { buildHttp } from '../../../src/http/app.js';
import { dashboardRoute } from '../../../src/http/dashboard/routes.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import { openSqliteStore } from '../../../src/store/open.js';

export const LOGIN_SECRET = 'dashboard-login-secret-for-tests';
export const PUBLIC_URL = 'http://dash.test';

/** Cookies a browser would keep for `/dashboard`, from every `set-cookie` seen (no paths or expiry kept). */
export class CookieJar {
  readonly #cookies = new Map<string, string>();
  take(res: LightMyRequestResponse): void {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const gone = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now());
      if (gone || c.value === '') this.#cookies.delete(c.name);
      else this.#cookies.set(c.name, c.value);
    }
  }
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  has(name: string): boolean {
    return this.#cookies.has(name);
  }
}

let opened: Array<{ app: FastifyInstance; store: Store }> = [];
afterEach(async () => {
  for (const { app, store } of opened) {
    await app.close();
    await store.close();
  }
  opened = [];
});

/**
 * The dashboard routes on a real SQLite store, with two Telegram circles (olivia administers only the first),
 * a platform answering `isAdmin` from a set tests change, and a gate flow that records decisions.
 */
export async function setUpDashboard(opts: { secure?: boolean; loginLimit?: number } = {}) {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'circlebot-dash-')), 'circlebot.db'));
  const clock = new ManualClock();
  const tea = await store.circles.ensure({ platform: 'telegram', id: '-1001' }, 'Tea lovers', clock.now());
  const chess = await store.circles.ensure({ platform: 'telegram', id: '-1002' }, 'Chess club', clock.now());
  const olivia = await store.members.upsert(
    { platform: 'telegram', id: '7' },
    { username: 'olivia' },
    clock.now(),
  );
  // The bot has seen olivia in both groups; the platform says she administers only the first.
  for (const circle of [tea, chess]) await store.memberships.set(circle.id, olivia.id, 'member', clock.now());
  const admins = new Set([`-1001|7`]);
  const adminCalls: string[] = [];
  const isAdmin = async (chat: ChatRef, member: MemberRef) => {
    adminCalls.push(`${chat.id}|${member.id}`);
    return admins.has(`${chat.id}|${member.id}`);
  };
  const decisions: Array<{ applicationId: number; adminId: number; approve: boolean; note?: string }> = [];
  const flow: DashboardDeps['flow'] = {
    async decideByAdmin(
      _circle: Circle,
      application: Application,
      admin: MemberRecord,
      approve: boolean,
      note?: string,
    ) {
      if (application.state !== 'review') return null;
      decisions.push({
        applicationId: application.id,
        adminId: admin.id,
        approve,
        ...(note ? { note } : {}),
      });
      return { ...application, state: approve ? 'approved' : 'declined' };
    },
    async assess() {
      const report = { score: 640, verified: null, factors: [], source: 'community', fetchedAt: clock.now() };
      return { ok: true, report, reports: [report] };
    },
  };
  let logs = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  const log = createLogger('info', { pretty: false, destination });
  const auth = new DashboardAuth({ store, secret: LOGIN_SECRET, clock, log, publicUrl: PUBLIC_URL });
  const access = new DashboardAccess({
    circles: store.circles,
    memberships: store.memberships,
    isAdmin,
    clock,
    log,
  });
  const dashboard = new Dashboard({ store, flow, clock, log });
  const app = buildHttp({
    store,
    metrics: createMetrics(),
    log,
    routes: [
      dashboardRoute({
        auth,
        access,
        dashboard,
        cookieSecret: 'dashboard-cookie-secret-for-tests',
        secure: opts.secure ?? false,
        loginLimit: opts.loginLimit,
      }),
    ],
  });
  opened.push({ app, store });

  /** The path and query of a fresh login link, as `/dashboard` would send it. */
  const linkFor = (member: MemberRecord = olivia, circle: Circle = tea) => {
    const url = new URL(auth.loginUrl(member, circle.id)!);
    return `${url.pathname}${url.search}`;
  };
  const tokenOf = (link: string) => new URL(link, PUBLIC_URL).searchParams.get('t')!;

  /** A browser: a cookie jar and the requests a person makes by opening pages and sending forms. */
  function browser() {
    const jar = new CookieJar();
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: jar.header(), ...headers } });
      jar.take(res);
      return res;
    };
    const post = async (url: string, form: Record<string, string>) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      });
      jar.take(res);
      return res;
    };
    /** Opens a login link and presses "Log in", as a person would. */
    const login = async (link: string) => {
      const page = await get(link);
      const nonce = /name="_login" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      return post('/dashboard/login', { t: tokenOf(link), _login: nonce });
    };
    /** The form token of the signed-in session, read from a page like a browser's form would carry it. */
    const csrf = async () => {
      const page = await get('/dashboard');
      return /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    };
    /** Sends a form with the session's token, as the page's own form does. */
    const submit = async (url: string, form: Record<string, string>) =>
      post(url, { _csrf: await csrf(), ...form });
    return { jar, get, post, login, csrf, submit };
  }

  return {
    app,
    store,
    clock,
    tea,
    chess,
    olivia,
    admins,
    adminCalls,
    decisions,
    auth,
    linkFor,
    tokenOf,
    browser,
    logs: () => logs,
  };
}

/** Visible text of a page: tags dropped, entities for quotes and ampersands read back, spaces squeezed. */
export function textOf(body: string): string {
  return body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
