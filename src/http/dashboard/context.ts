import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Circle } from '../../core/circle.js';
import type { DashboardAccess } from '../../core/dashboard/access.js';
import type { DashboardAuth } from '../../core/dashboard/auth.js';
import type { DashboardSession } from '../../core/dashboard/repo.js';
import type { Dashboard } from '../../core/dashboard/service.js';
import { labelOf } from '../../core/format.js';
import { tDynamic } from '../../core/i18n/index.js';
import type { MemberRecord } from '../../core/repos.js';
import { type Flash, type View, viewFor } from './layout.js';
import { csrfPage, forbiddenPage, loginNeededPage } from './pages/auth.js';
import { type FlashNote, pickLang, SESSION_COOKIE, sameSecret, signedCookie, takeFlash } from './session.js';

export interface DashboardRouteOptions {
  readonly auth: DashboardAuth;
  readonly access: DashboardAccess;
  readonly dashboard: Dashboard;
  /** Signs the session and flash cookies; never logged. */
  readonly cookieSecret: string | Buffer;
  /** The public URL is https: Secure cookies, HSTS and upgrade-insecure-requests. */
  readonly secure: boolean;
  /** Requests a minute one address may make to the login routes (default 20). */
  readonly loginLimit?: number;
}

/** Sends a whole HTML page, never cached (every page is one person's view). */
export function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** Who is signed in on this request. */
export interface Signed {
  readonly session: DashboardSession;
  readonly member: MemberRecord;
}

/** Everything a handler needs about the request: the reader's view, and the session when there is one. */
export interface RequestContext {
  readonly view: View;
  readonly signed: Signed | null;
  /** The note a redirect left for this page, in the reader's language. */
  readonly flash: Flash;
}

export async function contextOf(
  opts: DashboardRouteOptions,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<RequestContext> {
  const lang = pickLang(request, reply, opts.secure);
  const token = signedCookie(request, SESSION_COOKIE);
  const signed = token === null ? null : await opts.auth.session(token);
  const view = viewFor(lang, signed ? { label: labelOf(signed.member), csrf: signed.session.csrf } : null);
  const note: FlashNote | null = request.method === 'GET' ? takeFlash(request, reply, opts.secure) : null;
  const flash = note ? { kind: note.kind, text: tDynamic(lang, note.key, note.params) } : null;
  return { view, signed, flash };
}

/** The signed-in context, or a 401 page already sent (and `null`). */
export async function requireSignedIn(
  opts: DashboardRouteOptions,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<(RequestContext & { signed: Signed }) | null> {
  const ctx = await contextOf(opts, request, reply);
  if (!ctx.signed) {
    sendPage(reply, 401, loginNeededPage(ctx.view));
    return null;
  }
  if (request.method === 'POST') {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const given = typeof body._csrf === 'string' ? body._csrf : null;
    if (!sameSecret(given, ctx.signed.session.csrf)) {
      request.log.warn(
        { event: 'dashboard.csrf', memberId: ctx.signed.member.id },
        'form without a valid token',
      );
      sendPage(reply, 403, csrfPage(ctx.view));
      return null;
    }
  }
  return { ...ctx, signed: ctx.signed };
}

/** The circle when the signed-in person administers it right now; else a 403 page already sent. */
export async function requireCircle(
  opts: DashboardRouteOptions,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<(RequestContext & { signed: Signed; circle: Circle }) | null> {
  const ctx = await requireSignedIn(opts, request, reply);
  if (!ctx) return null;
  const raw = (request.params as Record<string, string>).circle ?? '';
  const id = /^[1-9]\d{0,12}$/.test(raw) ? Number(raw) : null;
  const circle = id === null ? null : await opts.access.circle(ctx.signed.member, id);
  if (!circle) {
    request.log.warn(
      { event: 'dashboard.forbidden', memberId: ctx.signed.member.id },
      'not an admin of that circle',
    );
    sendPage(reply, 403, forbiddenPage(ctx.view));
    return null;
  }
  return { ...ctx, circle };
}
