import { describe, expect, it } from 'vitest';
import { LOGIN_LINK_TTL_MS, signLoginToken } from '../../../src/core/dashboard/login-token.js';
import { setUpDashboard, textOf } from './harness.js';

describe('dashboard login through a one-time link', () => {
  it('opening the link asks to confirm and uses nothing up; pressing Log in opens a session cookie', async () => {
    const { linkFor, browser, tea } = await setUpDashboard();
    const link = linkFor();
    const preview = browser(); // a link preview or scanner fetching the URL
    expect((await preview.get(link)).statusCode).toBe(200);

    const owner = browser();
    const page = await owner.get(link);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('This link logs you in once, and works for 10 minutes');
    const res = await owner.login(link);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/dashboard/c/${tea.id}`);
    const session = res.cookies.find((c) => c.name === 'cb_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/dashboard' });
    expect(session?.secure).toBeUndefined();
    expect(session?.maxAge).toBe(12 * 3600);

    const home = await owner.get(`/dashboard/c/${tea.id}`);
    expect(home.statusCode).toBe(200);
    expect(textOf(home.body)).toContain('Signed in as @olivia');
  });

  it('a spent link is refused, opened or sent again, and opens no second session', async () => {
    const { linkFor, browser, tokenOf } = await setUpDashboard();
    const link = linkFor();
    expect((await browser().login(link)).statusCode).toBe(303);

    const thief = browser();
    const opened = await thief.get(link);
    expect(opened.statusCode).toBe(410);
    expect(textOf(opened.body)).toContain('This login link was already used: each link logs in once.');
    const sent = await thief.post('/dashboard/login', { t: tokenOf(link), _login: 'x' });
    expect(sent.statusCode).toBe(403); // no login form from this browser: refused before the link is looked at
    const replay = browser();
    // A fresh link's page gives this browser a login form…
    const nonce = /name="_login" value="([^"]+)"/.exec((await replay.get(linkFor())).body)?.[1] ?? '';
    const reused = await replay.post('/dashboard/login', { t: tokenOf(link), _login: nonce }); // …but the old link
    expect(reused.statusCode).toBe(410);
    expect(reused.cookies.find((c) => c.name === 'cb_session')).toBeUndefined();
    expect((await thief.get('/dashboard')).statusCode).toBe(401);
  });

  it('an expired, edited or forged link is refused', async () => {
    const { linkFor, browser, clock, olivia, tea, tokenOf } = await setUpDashboard();
    const link = linkFor();
    clock.advance(LOGIN_LINK_TTL_MS);
    const late = await browser().get(link);
    expect(late.statusCode).toBe(400);
    expect(textOf(late.body)).toContain('This login link has expired: links work for 10 minutes.');

    const fresh = tokenOf(linkFor());
    const edited = fresh.replace(`v1.${olivia.id}.`, `v1.${olivia.id + 1}.`);
    const forged = signLoginToken(
      'some-other-secret',
      { memberId: olivia.id, circleId: tea.id },
      clock.now(),
    );
    for (const token of [edited, forged, 'garbage', '']) {
      const res = await browser().get(`/dashboard/login?t=${encodeURIComponent(token)}`);
      expect(res.statusCode, token).toBe(400);
      expect(textOf(res.body)).toContain('This is not a valid login link.');
    }
  });

  it('a login form sent from another site (no nonce cookie of this browser) is refused', async () => {
    const { linkFor, browser, tokenOf } = await setUpDashboard();
    const link = linkFor();
    const res = await browser().post('/dashboard/login', { t: tokenOf(link), _login: 'guessed' });
    expect(res.statusCode).toBe(403);
    // The link itself is still good for its owner.
    expect((await browser().login(link)).statusCode).toBe(303);
  });

  it('sets the session cookie Secure, with HSTS, when the public URL is https', async () => {
    const { linkFor, browser } = await setUpDashboard({ secure: true });
    const res = await browser().login(linkFor());
    expect(res.cookies.find((c) => c.name === 'cb_session')?.secure).toBe(true);
    expect(res.headers['strict-transport-security']).toContain('max-age=');
  });

  it('rate-limits the login routes per address', async () => {
    const { browser } = await setUpDashboard({ loginLimit: 3 });
    const b = browser();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await b.get('/dashboard/login?t=nothing')).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect(textOf((await b.get('/dashboard/login?t=nothing')).body)).toContain('Too many attempts');
  });

  it('logging out ends the session on the server, not only in the browser', async () => {
    const { linkFor, browser, app } = await setUpDashboard();
    const owner = browser();
    await owner.login(linkFor());
    const cookie = owner.jar.header();
    const out = await owner.submit('/dashboard/logout', {});
    expect(textOf(out.body)).toContain('You are logged out.');
    const stolen = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
    expect(stolen.statusCode).toBe(401);
  });

  it('never writes a login token or a session token to the log', async () => {
    const { linkFor, browser, tokenOf, logs } = await setUpDashboard();
    const link = linkFor();
    const owner = browser();
    const res = await owner.login(link);
    await owner.get('/dashboard');
    const session = res.cookies.find((c) => c.name === 'cb_session')!.value;
    const mac = tokenOf(link).split('.').at(-1)!;
    expect(logs()).toContain('/dashboard/login');
    expect(logs()).toContain('dashboard.login');
    expect(logs()).not.toContain(mac);
    expect(logs()).not.toContain(session.split('.')[0]);
  });
});
