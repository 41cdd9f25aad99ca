import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { signMember } from '../../src/core/market/links.js';
import type { Offer } from '../../src/core/market/repo.js';
import type { Store } from '../../src/core/store.js';
import { buildHttp } from '../../src/http/app.js';
import { trackedLinksRoute } from '../../src/http/tracked-links.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { openSqliteStore } from '../../src/store/open.js';

const SECRET = 'tracked-link-test-secret';
const CODE = 'TeaCode00001';

let store: Store | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await store?.close();
  app = undefined;
  store = undefined;
});

/** A real SQLite store with one circle, one member and one offer, behind the route; logs are kept. */
async function setUp() {
  store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'circlebot-links-')), 'circlebot.db'));
  const clock = new ManualClock();
  const circle = await store.circles.ensure({ platform: 'telegram', id: '-1001' }, 'Tea lovers', clock.now());
  const ann = await store.members.upsert({ platform: 'telegram', id: '7' }, { username: 'ann' }, clock.now());
  const offer = (await store.market.addOffer({
    circleId: circle.id,
    title: 'Spring tea set',
    url: 'https://shop.example/tea?ref=circle',
    priceMinor: 8900,
    currency: 'CNY',
    description: null,
    sponsored: false,
    code: CODE,
    createdBy: ann.id,
    createdAt: clock.now(),
  })) as Offer;
  let logs = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  const opened = store;
  app = buildHttp({
    store: opened,
    metrics: createMetrics(),
    log: createLogger('info', { pretty: false, destination }),
    routes: [
      trackedLinksRoute({
        market: opened.market,
        durably: (work) => opened.durably(work),
        secret: SECRET,
        now: () => clock.now(),
      }),
    ],
  });
  const clicks = () => opened.market.clicks(circle.id, null);
  return { app, store: opened, circle, ann, offer, clicks, logs: () => logs };
}

describe('GET /l/:code', () => {
  it('redirects to the offer and has counted the click before answering', async () => {
    const { app, offer, clicks } = await setUp();
    const res = await app.inject({ method: 'GET', url: `/l/${CODE}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://shop.example/tea?ref=circle');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await clicks()).toEqual([{ offerId: offer.id, clicks: 1, members: 0 }]);
  });

  it('credits the click to the member a signed link was sent to', async () => {
    const { app, ann, offer, clicks } = await setUp();
    const token = signMember(SECRET, CODE, ann.id);
    const res = await app.inject({ method: 'GET', url: `/l/${CODE}?m=${token}` });
    expect(res.statusCode).toBe(302);
    expect(await clicks()).toEqual([{ offerId: offer.id, clicks: 1, members: 1 }]);
  });

  it('answers 404 to an unknown, malformed or removed code, and counts nothing', async () => {
    const { app, store, circle, offer, clicks } = await setUp();
    for (const url of ['/l/TeaCode00002', '/l/teacode00001', '/l/short', `/l/${CODE}x!`, '/l/']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers.location, url).toBeUndefined();
    }
    await store.market.removeOffer(circle.id, offer.id, new Date());
    expect((await app.inject({ method: 'GET', url: `/l/${CODE}` })).statusCode).toBe(404);
    expect(await clicks()).toEqual([]);
  });

  it('still redirects with a tampered or foreign member token, counting the click for nobody', async () => {
    const { app, ann, offer, clicks } = await setUp();
    const good = signMember(SECRET, CODE, ann.id);
    const tampered = [
      `${ann.id + 1}.${good.split('.')[1]}`, // names someone else
      signMember('some-other-secret-value', CODE, ann.id), // signed elsewhere (or before a secret change)
      signMember(SECRET, 'OtherCode001', ann.id), // taken from another offer's link
      'garbage',
    ];
    for (const token of tampered) {
      const res = await app.inject({ method: 'GET', url: `/l/${CODE}?m=${encodeURIComponent(token)}` });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('https://shop.example/tea?ref=circle');
    }
    const repeated = await app.inject({ method: 'GET', url: `/l/${CODE}?m=${good}&m=${good}` });
    expect(repeated.statusCode).toBe(302);
    expect(await clicks()).toEqual([{ offerId: offer.id, clicks: 5, members: 0 }]);
  });

  it('never writes the member token or the secret to the log', async () => {
    const { app, ann, logs } = await setUp();
    const good = signMember(SECRET, CODE, ann.id);
    await app.inject({ method: 'GET', url: `/l/${CODE}?m=${good}` });
    await app.inject({ method: 'GET', url: `/l/${CODE}?m=${ann.id}.forgedforgedforgedforge` });
    expect(logs()).toContain(`/l/${CODE}`);
    expect(logs()).toContain('link.bad_token');
    expect(logs()).not.toContain(good.split('.')[1]);
    expect(logs()).not.toContain('forgedforged');
    expect(logs()).not.toContain(SECRET);
  });

  it('a HEAD from a link checker redirects without counting', async () => {
    const { app, clicks } = await setUp();
    const res = await app.inject({ method: 'HEAD', url: `/l/${CODE}` });
    expect(res.statusCode).toBe(302);
    expect(await clicks()).toEqual([]);
  });

  it('a Stripe Payment Link learns the offer and the member, so the payment webhook is attributed', async () => {
    const { app, store, circle, ann } = await setUp();
    const stripe = (await store.market.addOffer({
      circleId: circle.id,
      title: 'Tasting class',
      url: 'https://buy.stripe.com/test_abc?locale=zh',
      priceMinor: 3000,
      currency: 'CNY',
      description: null,
      sponsored: false,
      code: 'StripeCode01',
      createdBy: ann.id,
      createdAt: new Date(),
    })) as Offer;
    const token = signMember(SECRET, 'StripeCode01', ann.id);
    const personal = await app.inject({ method: 'GET', url: `/l/StripeCode01?m=${token}` });
    expect(personal.headers.location).toBe(
      `https://buy.stripe.com/test_abc?locale=zh&client_reference_id=cb-o-${stripe.id}-m-${ann.id}`,
    );
    const anonymous = await app.inject({ method: 'GET', url: '/l/StripeCode01' });
    expect(anonymous.headers.location).toBe(
      `https://buy.stripe.com/test_abc?locale=zh&client_reference_id=cb-o-${stripe.id}`,
    );
  });
});
