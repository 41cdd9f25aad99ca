import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Circle } from '../../core/circle.js';
import { DASHBOARD_PATH } from '../../core/dashboard/auth.js';
import type { FormError } from '../../core/dashboard/gate-form.js';
import type { LeaderboardPeriod } from '../../core/dashboard/reports.js';
import { labelOf } from '../../core/format.js';
import { tDynamic } from '../../core/i18n/index.js';
import { type DashboardRouteOptions, requireCircle, sendPage } from './context.js';
import { circlePath, type Flash, type Tab, type View } from './layout.js';
import { auditPage } from './pages/audit.js';
import { overviewPage } from './pages/circles.js';
import { type GateValues, gatePage, gateValues, type QuestionDraft } from './pages/gate.js';
import { leaderboardPage, membersPage } from './pages/people.js';
import { reviewPage } from './pages/review.js';
import { activityPage, offersPage, STAT_PERIODS, type StatPeriod } from './pages/stats.js';
import { type FlashNote, setFlash } from './session.js';

/** A form body as plain strings: the first value of each field, cut at 2000 characters. */
const formSchema = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .catch({})
  .transform((body) =>
    Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, (Array.isArray(v) ? (v[0] ?? '') : v).slice(0, 2000)]),
    ),
  );
const position = z.coerce.number().int().min(1).max(99);
const statQuery = z.object({ period: z.enum(['7d', '30d', '90d']).catch('30d').default('30d') });
const leaderQuery = z.object({ period: z.enum(['all', '30d', '7d']).catch('all').default('all') });
const membersQuery = z.object({
  q: z.string().max(100).catch('').default(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

/** The circle's pages and forms under `/dashboard/c/:circle`; each one checks the person administers it now. */
export function registerCircleRoutes(app: FastifyInstance, opts: DashboardRouteOptions): void {
  const base = `${DASHBOARD_PATH}/c/:circle`;
  const { dashboard } = opts;

  /** After a change: the note for the next page, then back to `tab` (Post/Redirect/Get). */
  const done = (
    reply: FastifyReply,
    circle: Circle,
    tab: Tab,
    note: Omit<FlashNote, 'kind'>,
    anchor = '',
  ) => {
    setFlash(reply, { kind: 'ok', ...note }, opts.secure);
    return reply.redirect(`${circlePath(circle, tab)}${anchor}`, 303);
  };
  const refusal = (view: View, error: FormError) => ({
    kind: 'error' as const,
    text: tDynamic(view.lang, error.key, error.params),
  });

  async function showGate(
    reply: FastifyReply,
    view: View,
    circle: Circle,
    status: number,
    more: { values?: GateValues; draft?: QuestionDraft; error?: FormError; flash?: Flash },
  ) {
    const questions = await dashboard.questions(circle);
    const flash = more.error ? refusal(view, more.error) : (more.flash ?? null);
    const values = { ...gateValues(circle.settings.gate), ...more.values };
    return sendPage(reply, status, gatePage(view, { circle, values, questions, draft: more.draft, flash }));
  }

  app.get(base, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    return sendPage(
      reply,
      200,
      overviewPage(ctx.view, ctx.circle, await dashboard.overview(ctx.circle), ctx.flash),
    );
  });

  app.get(`${base}/gate`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    return showGate(reply, ctx.view, ctx.circle, 200, { flash: ctx.flash });
  });

  app.post(`${base}/gate`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    const form = formSchema.parse(request.body);
    const saved = await dashboard.saveGate(ctx.circle, ctx.signed.member, form);
    if (!saved.ok) return showGate(reply, ctx.view, ctx.circle, 400, { values: form, error: saved.error });
    return done(reply, ctx.circle, 'gate', { key: 'dashboard.gate.saved', params: {} });
  });

  app.post(`${base}/gate/questions`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    const form = formSchema.parse(request.body);
    const added = await dashboard.addQuestion(ctx.circle, ctx.signed.member, form);
    if (!added.ok) {
      const draft = { position: 'new' as const, prompt: form.prompt ?? '', options: form.options ?? '' };
      return showGate(reply, ctx.view, ctx.circle, 400, { draft, error: added.error });
    }
    const n = added.value.position;
    return done(reply, ctx.circle, 'gate', { key: 'dashboard.questions.added', params: { n } }, `#q${n}`);
  });

  app.post(`${base}/gate/questions/:n`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    const n = position.safeParse((request.params as { n: string }).n);
    if (!n.success)
      return showGate(reply, ctx.view, ctx.circle, 400, {
        error: { key: 'question.err.noSuch', params: { n: 0 } },
      });
    const form = formSchema.parse(request.body);
    const edited = await dashboard.editQuestion(ctx.circle, ctx.signed.member, n.data, form);
    if (!edited.ok) {
      const draft = { position: n.data, prompt: form.prompt ?? '', options: form.options ?? '' };
      return showGate(reply, ctx.view, ctx.circle, 400, { draft, error: edited.error });
    }
    return done(
      reply,
      ctx.circle,
      'gate',
      { key: 'dashboard.questions.edited', params: { n: n.data } },
      `#q${n.data}`,
    );
  });

  app.post(`${base}/gate/questions/:n/remove`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    const n = position.safeParse((request.params as { n: string }).n);
    const removed = n.success && (await dashboard.removeQuestion(ctx.circle, ctx.signed.member, n.data));
    if (!removed) {
      const error = { key: 'question.err.noSuch', params: { n: n.success ? n.data : 0 } };
      return showGate(reply, ctx.view, ctx.circle, 400, { error });
    }
    return done(reply, ctx.circle, 'gate', { key: 'dashboard.questions.removed', params: { n: n.data } });
  });

  app.get(`${base}/review`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    return sendPage(
      reply,
      200,
      reviewPage(ctx.view, ctx.circle, await dashboard.review(ctx.circle), ctx.flash),
    );
  });

  app.post(`${base}/review/:application`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    const id = z.coerce
      .number()
      .int()
      .positive()
      .safeParse((request.params as { application: string }).application);
    const form = formSchema.parse(request.body);
    const decision = form.decision === 'approve' || form.decision === 'decline' ? form.decision : null;
    if (!id.success || decision === null) {
      const items = await dashboard.review(ctx.circle);
      const flash = { kind: 'error' as const, text: ctx.view.t('dashboard.review.already') };
      return sendPage(reply, 400, reviewPage(ctx.view, ctx.circle, items, flash));
    }
    const application = await dashboard.applicant(ctx.circle, id.data);
    const outcome = await dashboard.decide(
      ctx.circle,
      ctx.signed.member,
      id.data,
      decision === 'approve',
      form.note,
    );
    const who = application ? labelOf(application) : `#${id.data}`;
    if (outcome === 'already' || outcome === 'unknown') {
      setFlash(reply, { kind: 'error', key: 'dashboard.review.already', params: {} }, opts.secure);
      return reply.redirect(circlePath(ctx.circle, 'review'), 303);
    }
    return done(reply, ctx.circle, 'review', { key: `dashboard.review.${outcome}`, params: { who } });
  });

  app.get(`${base}/members`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    const query = membersQuery.parse(request.query ?? {});
    const report = await dashboard.members(ctx.circle, query.q, query.page);
    return sendPage(reply, 200, membersPage(ctx.view, ctx.circle, report, query.q));
  });

  app.get(`${base}/activity`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    const period: StatPeriod = statQuery.parse(request.query ?? {}).period;
    const report = await dashboard.activity(ctx.circle, STAT_PERIODS[period]);
    return sendPage(reply, 200, activityPage(ctx.view, ctx.circle, period, report));
  });

  app.get(`${base}/leaderboard`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    const period: LeaderboardPeriod = leaderQuery.parse(request.query ?? {}).period;
    const rows = await dashboard.leaderboard(ctx.circle, period);
    return sendPage(reply, 200, leaderboardPage(ctx.view, ctx.circle, period, rows));
  });

  app.get(`${base}/offers`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    const period: StatPeriod = statQuery.parse(request.query ?? {}).period;
    const report = await dashboard.offers(ctx.circle, STAT_PERIODS[period]);
    return sendPage(reply, 200, offersPage(ctx.view, ctx.circle, period, report));
  });

  app.get(`${base}/audit`, async (request, reply) => {
    const ctx = await requireCircle(opts, request, reply);
    if (!ctx) return reply;
    return sendPage(reply, 200, auditPage(ctx.view, ctx.circle, await dashboard.audit(ctx.circle)));
  });
}
