import { describe, expect, it } from 'vitest';
import { setUpDashboard, textOf } from './harness.js';

const DAY = 86_400_000;

/** A signed-in owner of Tea lovers, with members, points, activity, an offer with clicks and payments. */
async function withHistory() {
  const ctx = await setUpDashboard();
  const { store, tea, clock, olivia } = ctx;
  const today = Math.floor(clock.now().getTime() / DAY);
  const people = [];
  for (const [id, username, points] of [
    ['31', 'ann', 300],
    ['32', 'bob<script>', 120],
    ['33', 'cat', 0],
  ] as const) {
    const m = await store.members.upsert({ platform: 'telegram', id }, { username }, clock.now());
    await store.memberships.set(tea.id, m.id, 'member', clock.now());
    if (points > 0) {
      const entry = { circleId: tea.id, memberId: m.id, kind: 'admin' as const, points, at: clock.now() };
      await store.points.record(tea.id, m.id, [entry], {}, (p) => (p >= 300 ? 2 : 1));
    }
    people.push(m);
  }
  await store.dashboard.countActivity(tea.id, today, { messages: 12, joins: 2 });
  await store.dashboard.countActivity(tea.id, today - 1, { messages: 5 });
  const offer = (await store.market.addOffer({
    circleId: tea.id,
    title: 'Spring tea set',
    url: 'https://shop.example/tea',
    priceMinor: 8900,
    currency: 'CNY',
    description: null,
    sponsored: false,
    code: 'TeaCode00001',
    createdBy: olivia.id,
    createdAt: clock.now(),
  }))!;
  for (let i = 0; i < 3; i++)
    await store.market.recordClick({ offerId: offer.id, memberId: null, at: clock.now() });
  await store.payments.apply(
    {
      provider: 'stripe',
      providerPaymentId: 'pi_1',
      eventId: 'evt_1',
      status: 'completed',
      amountMinor: 8900,
      currency: 'CNY',
      reference: null,
      occurredAt: clock.now(),
    },
    { purpose: 'offer', circleId: tea.id, memberId: null, applicationId: null, offerId: offer.id },
    clock.now(),
  );
  await store.audit.record({
    circleId: tea.id,
    actorId: olivia.id,
    action: 'gate.declined',
    targetId: people[2]!.id,
    detail: { reason: { key: 'gate.reason.adminDeclined', params: { admin: '@olivia' } } },
    at: clock.now(),
  });
  const owner = ctx.browser();
  await owner.login(ctx.linkFor());
  return { ...ctx, owner, base: `/dashboard/c/${tea.id}` };
}

describe('the dashboard’s pages', () => {
  it('members: best standing first with level, points and credit; search by name, never logged', async () => {
    const { owner, base, logs } = await withHistory();
    const page = await owner.get(`${base}/members`);
    const text = textOf(page.body);
    expect(text).toContain('4 people'); // with olivia
    expect(text.indexOf('@ann')).toBeLessThan(text.indexOf('@bob<script>'));
    expect(text).toContain('@ann member 2 300 640');
    expect(page.body).not.toContain('bob<script>');
    expect(page.body).toContain('@bob&lt;script&gt;');
    const found = textOf((await owner.get(`${base}/members?q=CA`)).body);
    expect(found).toContain('1 person');
    expect(found).toContain('@cat');
    expect(found).not.toContain('@ann');
    await owner.get(`${base}/members?q=SecretName`);
    expect(logs()).toContain(`${base}/members`);
    expect(logs()).not.toContain('SecretName');
  });

  it('activity: a chart of messages, joins and approvals per day, and the totals', async () => {
    const { owner, base } = await withHistory();
    const page = await owner.get(`${base}/activity?period=7d`);
    expect(page.body).toContain('<svg viewBox="0 0 640 220" role="img"');
    expect((page.body.match(/<polyline/g) ?? []).length).toBe(3);
    const text = textOf(page.body);
    expect(text).toContain('Messages 17');
    expect(text).toContain('Joins 2');
  });

  it('leaderboard: ranks by total points', async () => {
    const { owner, base } = await withHistory();
    const text = textOf((await owner.get(`${base}/leaderboard`)).body);
    expect(text).toContain('1 @ann 2 300');
    expect(text).toContain('2 @bob<script> 1 120');
  });

  it('offers: clicks, payments and revenue per offer, and charts of both per day', async () => {
    const { owner, base } = await withHistory();
    const page = await owner.get(`${base}/offers`);
    const text = textOf(page.body);
    expect(text).toContain('#1 Spring tea set 89.00 CNY 3 0 1 89.00 CNY');
    expect(text).toContain('Net revenue per day (CNY)');
    expect((page.body.match(/<rect class="s0"/g) ?? []).length).toBe(2); // today's clicks, today's revenue
  });

  it('offers: revenue, in the table and the chart, is net of a partial refund', async () => {
    const { owner, base, store, clock } = await withHistory();
    await store.payments.apply(
      {
        provider: 'stripe',
        providerPaymentId: 'pi_1',
        eventId: 'evt_partial',
        status: 'partially_refunded',
        amountMinor: 8900,
        refundedMinor: 2000,
        currency: 'CNY',
        reference: null,
        occurredAt: clock.now(),
      },
      { purpose: 'unknown', circleId: null, memberId: null, applicationId: null, offerId: null },
      clock.now(),
    );
    const text = textOf((await owner.get(`${base}/offers`)).body);
    expect(text).toContain('#1 Spring tea set 89.00 CNY 3 0 1 69.00 CNY');
    expect(text).toContain('01-01: 69.00 CNY');
  });

  it('audit log: who did what to whom, and why, in words', async () => {
    const { owner, base } = await withHistory();
    const text = textOf((await owner.get(`${base}/audit`)).body);
    expect(text).toContain('@olivia gate.declined @cat declined by @olivia');
  });

  it('speaks Chinese when asked, and remembers it', async () => {
    const { owner, base } = await withHistory();
    const first = textOf((await owner.get(`${base}/members?lang=zh-CN`)).body);
    expect(first).toContain('共 4 人');
    expect(first).toContain('已登录：@olivia');
    const next = await owner.get(`${base}/activity`);
    expect(next.body).toContain('<html lang="zh-CN">');
    expect(textOf(next.body)).toContain('每日活跃度（UTC）');
  });

  it('picks Chinese from the browser’s language when nothing was chosen', async () => {
    const { browser } = await withHistory();
    const res = await browser().get('/dashboard', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(textOf(res.body)).toContain('你还没有登录');
  });
});
