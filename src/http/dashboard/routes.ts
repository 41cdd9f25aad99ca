import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DASHBOARD_PATH, LOGIN_TOKEN_PARAM } from '../../core/dashboard/auth.js';
import { SCRIPT, STYLESHEET } from './assets.js';
import { registerCircleRoutes } from './circle-routes.js';
import { contextOf, type DashboardRouteOptions, requireSignedIn, sendPage } from './context.js';
import { viewFor } from './layout.js';
import { csrfPage, loginNeededPage, loginPage, loginRefusedPage, messagePage } from './pages/auth.js';
import { circlesPage } from './pages/circles.js';
import {
  clearSessionCookie,
  cookieOptions,
  LOGIN_COOKIE,
  pickLang,
  SESSION_COOKIE,
  sameSecret,
  setLoginNonce,
  setSessionCookie,
  signedCookie,
} from './session.js';

export type { DashboardRouteOptions } from './context.js';

/** Request lines without the query string: a login link's token or a searched name never reaches the log. */
function withoutQuery(request: FastifyRequest) {
  return { method: request.method, url: request.url.split('?', 1)[0] };
}

const loginQuery = z.object({ [LOGIN_TOKEN_PARAM]: z.string().max(200).optional() });
const loginBody = z.object({
  [LOGIN_TOKEN_PARAM]: z.string().max(200),
  _login: z.string().max(100).optional(),
});

/** Security headers for every dashboard response: a strict CSP (own scripts and styles only), no framing. */
function helmetOptions(secure: boolean) {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: secure ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' as const },
  };
}

/**
 * The owner dashboard under `/dashboard`: passwordless login through one-time links, then server-rendered
 * pages for the circles the person administers right now. Security headers on every response, a CSRF token
 * on every form, the login routes rate-limited per address. Registered in its own context, so none of this
 * touches other routes.
 */
export function dashboardRoute(opts: DashboardRouteOptions): FastifyPluginAsync {
  return async (app) => {
    await app.register(cookie, { secret: opts.cookieSecret });
    await app.register(formbody, { bodyLimit: 64 * 1024 });
    await app.register(helmet, helmetOptions(opts.secure));
    await app.register(rateLimit, { global: false });
    // Query strings hold login tokens and searched names: no dashboard request line logs one.
    app.addHook('onRoute', (route) => {
      route.logSerializers = { ...route.logSerializers, req: withoutQuery };
    });

    app.setErrorHandler(async (err: Error & { statusCode?: number }, request, reply) => {
      const status = err.statusCode ?? 500;
      const view = viewFor(pickLang(request, reply, opts.secure), null);
      if (status === 429) return sendPage(reply, 429, messagePage(view, view.t('dashboard.tooMany')));
      if (status >= 400 && status < 500)
        return sendPage(reply, status, messagePage(view, view.t('dashboard.notFound')));
      request.log.error({ err }, 'dashboard page failed');
      return sendPage(reply, 500, messagePage(view, view.t('generic.error')));
    });

    app.get(`${DASHBOARD_PATH}/assets/app.css`, async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
    );
    app.get(`${DASHBOARD_PATH}/assets/app.js`, async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(SCRIPT),
    );

    registerLogin(app, opts);

    app.post(`${DASHBOARD_PATH}/logout`, async (request, reply) => {
      const ctx = await requireSignedIn(opts, request, reply);
      if (!ctx) return reply;
      await opts.auth.logout(signedCookie(request, SESSION_COOKIE) ?? '');
      clearSessionCookie(reply, opts.secure);
      return sendPage(reply, 200, loginNeededPage(viewFor(ctx.view.lang, null), true));
    });

    app.get(DASHBOARD_PATH, async (request, reply) => {
      const ctx = await requireSignedIn(opts, request, reply);
      if (!ctx) return reply;
      const circles = await opts.access.circlesFor(ctx.signed.member);
      const withCounts = await Promise.all(
        circles.map(async (circle) => ({ circle, waiting: (await opts.dashboard.overview(circle)).waiting })),
      );
      return sendPage(reply, 200, circlesPage(ctx.view, withCounts));
    });

    registerCircleRoutes(app, opts);
  };
}

function registerLogin(app: FastifyInstance, opts: DashboardRouteOptions) {
  const limited = {
    config: { rateLimit: { max: opts.loginLimit ?? 20, timeWindow: 60_000 } },
  };

  // Opening the link only asks to confirm: a link preview or scanner fetching it uses nothing up.
  app.get(`${DASHBOARD_PATH}/login`, limited, async (request, reply) => {
    const ctx = await contextOf(opts, request, reply);
    reply.header('referrer-policy', 'no-referrer');
    const query = loginQuery.safeParse(request.query);
    const token = query.success ? (query.data[LOGIN_TOKEN_PARAM] ?? '') : '';
    const check = await opts.auth.check(token);
    if (!check.ok)
      return sendPage(reply, check.reason === 'spent' ? 410 : 400, loginRefusedPage(ctx.view, check.reason));
    const nonce = randomBytes(18).toString('base64url');
    setLoginNonce(reply, nonce, opts.secure);
    return sendPage(reply, 200, loginPage(ctx.view, token, nonce));
  });

  app.post(`${DASHBOARD_PATH}/login`, limited, async (request, reply) => {
    const ctx = await contextOf(opts, request, reply);
    const body = loginBody.safeParse(request.body);
    if (!body.success) return sendPage(reply, 400, loginRefusedPage(ctx.view, 'malformed'));
    if (!sameSecret(body.data._login, request.cookies[LOGIN_COOKIE])) {
      request.log.warn({ event: 'dashboard.login_csrf' }, 'login form not from this browser');
      return sendPage(reply, 403, csrfPage(ctx.view));
    }
    const redeemed = await opts.auth.redeem(body.data[LOGIN_TOKEN_PARAM]);
    if (!redeemed.ok) {
      return sendPage(
        reply,
        redeemed.reason === 'spent' ? 410 : 400,
        loginRefusedPage(ctx.view, redeemed.reason),
      );
    }
    reply.clearCookie(LOGIN_COOKIE, cookieOptions(opts.secure, { path: `${DASHBOARD_PATH}/login` }));
    setSessionCookie(reply, redeemed.token, opts.secure);
    return reply.redirect(`${DASHBOARD_PATH}/c/${redeemed.circleId}`, 303);
  });
}
