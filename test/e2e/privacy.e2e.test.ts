import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { signMember } from '../../src/core/market/links.js';
import { type ConsoleBot, startConsoleBot } from './console-harness.js';

const DAY = 86_400_000;
const WHY = '/question add Why do you want to join?';
const TEA = 'Spring tea set | https://shop.example/tea | 89.00 CNY';
const SECRET = 'privacy-test-link-secret-0123456789';

describe('members’ data: /mydata, /forgetme and retention (console)', () => {
  const bots: ConsoleBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });

  /**
   * Carol applies with a written answer, is vouched for and approved, chats, checks in at an event, clicks
   * an offer's personal link and pays for it: one record of every kind circlebot keeps about a person.
   */
  async function carolsHistory() {
    const bot = await startConsoleBot({
      config: {
        http: { enabled: true, port: 0 },
        publicUrl: 'https://circle.example',
        market: { linkSecret: SECRET },
      },
    });
    bots.push(bot);
    const { store } = bot.app;
    await bot.run(`owner: ${WHY}`, 'owner: /gate on', 'owner: /gate vouchfloor 350', 'bob: hello everyone');
    await bot.run('carol joins', 'carol dm: I brew oolong every morning');
    expect(await bot.run('bob: /vouch @carol')).toContain('vouch');
    expect(await bot.run('owner: /approve @carol')).toContain('carol is now in the group');
    await bot.run('carol: good morning, tea friends');
    const event = await bot.run('owner: /event create Spring meetup 50');
    const code = /([A-Z0-9]{8}) — worth 50 points/.exec(event)?.[1];
    expect(code).toBeDefined();
    await bot.run(`carol: /checkin ${code}`);
    await bot.run(`owner: /offer add ${TEA}`);
    const circle = (await store.circles.list())[0]!;
    const carol = (await store.members.findByHandle('console', 'carol'))!;
    const offer = (await store.market.offers(circle.id))[0]!;
    const click = await bot.app.http!.inject({
      method: 'GET',
      url: `/l/${offer.code}?m=${signMember(SECRET, offer.code, carol.id)}`,
    });
    expect(click.statusCode).toBe(302);
    await store.payments.apply(
      {
        provider: 'stripe',
        providerPaymentId: 'pi_carol_1',
        eventId: 'evt_carol_1',
        status: 'completed',
        amountMinor: 8900,
        currency: 'CNY',
        reference: `cb-o-${offer.id}-m-${carol.id}`,
        occurredAt: bot.clock.now(),
      },
      { purpose: 'offer', circleId: circle.id, memberId: carol.id, applicationId: null, offerId: offer.id },
      bot.clock.now(),
    );
    return { bot, carol, circle };
  }

  it('/mydata in the group is sent privately: a JSON file with every kind of record, and a summary', async () => {
    const { bot } = await carolsHistory();
    const out = await bot.run('carol: /mydata');
    expect(out).toContain('[bot → #lobby] I sent it to you in a private message.');
    expect(out).toContain('[file circlebot-mydata.json,');
    for (const fact of [
      '"username": "carol"',
      '"status": "member"',
      'I brew oolong every morning', // her answer
      '"source": "community"', // the credit report kept with the application
      '"kind": "checkin"',
      '"title": "Spring meetup"',
      '"providerPaymentId": "pi_carol_1"',
      '"title": "Spring tea set"', // the click
      '"vouchesReceived": [\n',
    ]) {
      expect(out, fact).toContain(fact);
    }
    expect(out).toContain('What circlebot holds about you:');
    expect(out).toContain('• Vouches: 0 given, 1 received');
    expect(out).toContain('• Payments: 1 (89.00 CNY)');
    expect(out).toContain('• Event check-ins: 1');
    expect(out).toContain('• Reminders: 0 nudges received; allowed (/quiet stops them)');
    expect(out).toContain('"reminders": {');
  });

  it('a credit report asked for in the group is answered privately; the group only hears where it went', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    await bot.run('bob: hello everyone');
    const out = await bot.run('bob: /credit');
    const [inGroup, ...rest] = out.split('[bot → @bob]');
    expect(inGroup).not.toContain('score');
    expect(out).toContain('[bot → #lobby] I sent it to you in a private message.');
    expect(rest.join('')).toMatch(/Credit score: \d{3}/);
  });

  it('/forgetme asks first; confirmed, it deletes her personal data and keeps payments anonymised', async () => {
    const { bot, carol } = await carolsHistory();
    await bot.run('carol dm: /quiet');
    const asked = await bot.run('carol dm: /forgetme');
    expect(asked).toContain('This deletes your personal data in every circle');
    const code = /send \/forgetme ([0-9A-F]{6}) to confirm/.exec(asked)?.[1];
    expect(code).toBeDefined();
    // Nothing is deleted before the confirmation; a wrong code changes nothing.
    expect(await bot.run('carol dm: /forgetme 000000')).toContain('That code does not match');
    expect((await bot.app.store.members.byId(carol.id))?.username).toBe('carol');

    const done = await bot.run(`carol dm: /forgetme ${code}`);
    expect(done).toContain('Done: your personal data is deleted.');
    expect(done).toContain(
      'Removed: answers in 1 application, 0 credit reports, 1 vouch, 1 click; points restarted in 1 circle.',
    );
    expect(done).toContain(
      'Kept: your memberships; 1 payment for accounting, now under a random id; reminder dates and your /quiet choice, so you are never messaged twice.',
    );

    // Read the database directly, as an auditor would.
    const db = new Database(bot.dbFile, { readonly: true });
    const one = (sql: string) =>
      db.prepare(sql).get(...Array(sql.split('?').length - 1).fill(carol.id)) as Record<string, unknown>;
    try {
      expect(one('select username, display_name from members where id = ?')).toEqual({
        username: null,
        display_name: null,
      });
      expect(one('select answers, credit from applications where member_id = ?')).toEqual({
        answers: '[]',
        credit: null,
      });
      expect(one('select count(*) n from vouches where applicant_id = ? or voucher_id = ?')).toEqual({
        n: 0,
      });
      expect(one('select count(*) n from offer_clicks where member_id = ?')).toEqual({ n: 0 });
      expect(one('select count(*) n from point_ledger where member_id = ?')).toEqual({ n: 0 });
      expect(one('select count(*) n from checkin_redemptions where member_id = ?')).toEqual({ n: 0 });
      expect(one('select status from memberships where member_id = ?')).toEqual({ status: 'member' });
      expect(one('select count(*) n from payments where member_id = ?')).toEqual({ n: 0 });
      // Her /quiet stays: forgetting her must not start nudging her.
      expect(one('select count(*) n from automation_quiet where member_id = ?')).toEqual({ n: 1 });
      const kept = db
        .prepare("select payer_alias, amount_minor from payments where provider_payment_id = 'pi_carol_1'")
        .get();
      expect(kept).toEqual({ payer_alias: expect.stringMatching(/^anon-[0-9a-f]{16}$/), amount_minor: 8900 });
    } finally {
      db.close();
    }
    // She is still a member and starts again from zero.
    bot.clock.advance(61_000);
    expect(await bot.run('carol: /rank')).toContain('@carol has no points here yet');
    await bot.run('carol: hello again, everyone');
    expect(await bot.run('carol: /rank')).toContain('level 0, 15 points');
  });

  it('the confirmation button works for ten minutes, for the person who asked', async () => {
    const { bot, carol } = await carolsHistory();
    await bot.run('carol dm: /forgetme');
    await bot.advance(11 * 60_000);
    expect(await bot.run('carol presses 1')).toContain('This confirmation expired');
    expect((await bot.app.store.members.byId(carol.id))?.username).toBe('carol');
    await bot.run('carol dm: /forgetme');
    expect(await bot.run('carol presses 1')).toContain('Done: your personal data is deleted.');
    expect((await bot.app.store.members.byId(carol.id))?.username).toBeNull();
  });

  it('answers to entry questions are deleted once the circle’s retention has passed, by a durable job', async () => {
    const { bot, carol } = await carolsHistory();
    expect(await bot.run('owner: /privacy retention 30')).toContain('deleted 30 days after the verdict');
    const answers = async () =>
      (await bot.app.store.privacy.collect(carol.id)).applications[0]?.answers.length;
    await bot.advance(29 * DAY);
    expect(await answers()).toBe(1);
    await bot.advance(2 * DAY);
    expect(await answers()).toBe(0);
  });
});
