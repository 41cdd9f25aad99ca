import { describe, expect, it } from 'vitest';
import { ADMIN_CACHE_MS } from '../../../src/core/dashboard/access.js';
import { setUpDashboard, textOf } from './harness.js';

describe('who sees which circle on the dashboard', () => {
  it('without a session every page says how to log in, with 401', async () => {
    const { browser, tea } = await setUpDashboard();
    for (const url of ['/dashboard', `/dashboard/c/${tea.id}`, `/dashboard/c/${tea.id}/gate`]) {
      const res = await browser().get(url);
      expect(res.statusCode, url).toBe(401);
      expect(textOf(res.body)).toContain('Send /dashboard in a group you administer');
    }
  });

  it('lists only the circles the person administers right now, as the platform says', async () => {
    const { browser, linkFor, admins, clock, adminCalls } = await setUpDashboard();
    const owner = browser();
    await owner.login(linkFor());
    const list = textOf((await owner.get('/dashboard')).body);
    expect(list).toContain('Tea lovers');
    expect(list).not.toContain('Chess club');
    expect(adminCalls).toEqual(['-1001|7', '-1002|7']);

    // Made an admin of the chess club: the dashboard shows it once the cached answer runs out.
    admins.add('-1002|7');
    expect(textOf((await owner.get('/dashboard')).body)).not.toContain('Chess club');
    clock.advance(ADMIN_CACHE_MS);
    expect(textOf((await owner.get('/dashboard')).body)).toContain('Chess club');
  });

  it("another circle's pages and forms answer 403, and change nothing", async () => {
    const { browser, linkFor, chess, store } = await setUpDashboard();
    const owner = browser();
    await owner.login(linkFor());
    for (const tab of [
      '',
      '/gate',
      '/review',
      '/members',
      '/activity',
      '/leaderboard',
      '/offers',
      '/audit',
    ]) {
      const res = await owner.get(`/dashboard/c/${chess.id}${tab}`);
      expect(res.statusCode, tab).toBe(403);
      expect(textOf(res.body)).toContain('You are not an admin of this circle right now');
    }
    const post = await owner.submit(`/dashboard/c/${chess.id}/gate/questions`, {
      prompt: 'Why?',
      options: '',
    });
    expect(post.statusCode).toBe(403);
    expect(await store.gate.questions(chess.id)).toEqual([]);
    for (const id of ['999', '0', 'abc', '1e3']) {
      expect((await owner.get(`/dashboard/c/${id}`)).statusCode, id).toBe(403);
    }
  });

  it('a demoted admin loses the circle once the platform’s answer is no longer cached', async () => {
    const { browser, linkFor, tea, admins, clock } = await setUpDashboard();
    const owner = browser();
    await owner.login(linkFor());
    expect((await owner.get(`/dashboard/c/${tea.id}`)).statusCode).toBe(200);
    admins.delete('-1001|7');
    clock.advance(ADMIN_CACHE_MS);
    expect((await owner.get(`/dashboard/c/${tea.id}`)).statusCode).toBe(403);
    expect(textOf((await owner.get('/dashboard')).body)).toContain('You administer none of the circles');
  });

  it('a form without the session’s token is refused with 403 and changes nothing', async () => {
    const { browser, linkFor, tea, store } = await setUpDashboard();
    const owner = browser();
    await owner.login(linkFor());
    for (const token of [undefined, 'wrong-token']) {
      const form = { minScore: '700', ...(token ? { _csrf: token } : {}) };
      const res = await owner.post(`/dashboard/c/${tea.id}/gate`, form);
      expect(res.statusCode).toBe(403);
      expect(textOf(res.body)).toContain('This form has expired');
    }
    expect((await store.circles.byId(tea.id))?.settings.gate.minScore).toBeNull();
  });

  it('sends security headers on every page', async () => {
    const { browser } = await setUpDashboard();
    const res = await browser().get('/dashboard');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // plain http here
  });
});
