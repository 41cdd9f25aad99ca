import { describe, expect, it } from 'vitest';
import { DIGEST_JOB } from '../../src/core/automation/digest.js';
import { startTelegramBot, type TelegramBot, telegramGroups } from './telegram-harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** The harness clock's start: Thursday 2026-01-01 12:00 UTC. */
const T0 = Date.UTC(2026, 0, 1, 12);

describe('the weekly digest on Telegram (real telegraf, fake Bot API, fake clock)', () => {
  const groups = telegramGroups();

  async function setUp() {
    const ctx = await groups.start();
    const { fake, group, owner } = ctx;
    const digests = () => ctx.texts(owner.id).filter((text) => text.startsWith('📊 Weekly digest'));
    /** Stops the bot as a restart would, and starts another on its database and clock at `at`. */
    const restart = async (b: TelegramBot, at: number) => {
      await b.stop();
      b.clock.set(new Date(at));
      const again = groups.track(await startTelegramBot({ fake, dbFile: b.dbFile, clock: b.clock }));
      await again.advance(0);
      return again;
    };
    const member = (username: string, first_name: string) => {
      const user = fake.world.addUser({ username, first_name, startedBot: true });
      fake.world.setMember(group.id, user, 'member');
      return user;
    };
    return { ...ctx, digests, restart, member };
  }

  it('an admin asks for it; a week later they get one private summary of the week', async () => {
    const { fake, bot, group, owner, say, texts, digests, member } = await setUp();
    await say('/digest weekly');
    expect(texts(owner.id).at(-1)).toBe(
      'You will get the weekly digest of Tea lovers here. The first comes 2026-01-08 12:00 UTC.',
    );
    expect(texts(group.id).at(-1)).toBe(
      'You will get this circle’s weekly digest privately; the first comes 2026-01-08 12:00 UTC.',
    );

    // The week: Ann and Bob chat, an applicant is admitted and one declined, Ann checks in at an event,
    // a tracked link is clicked and an offer paid for.
    const ann = member('ann', 'Ann');
    const bob = member('bob', 'Bob');
    for (const text of ['good morning, tea people', 'the oolong was lovely', 'who brews pu-erh at home?']) {
      await bot.deliver(fake.build.message(group.id, ann, text));
      bot.clock.advance(MINUTE + 1);
    }
    await bot.deliver(fake.build.message(group.id, bob, 'hello from Bob'));
    await say('/question add Which city hosts our meetups? | Beijing | *Hangzhou');
    await say('/gate on');
    const carol = fake.world.addUser({ username: 'carol', first_name: 'Carol' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, carol));
    await bot.deliver(fake.build.message(carol, carol, 'Hangzhou'));
    const dave = fake.world.addUser({ username: 'dave', first_name: 'Dave' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, dave));
    await bot.deliver(fake.build.message(dave, dave, 'Beijing'));
    await say('/event create Tea tasting 30');
    const code = /: ([A-Z0-9]{8}) — worth 30 points/.exec(texts(group.id).join('\n'))?.[1];
    await bot.deliver(fake.build.message(group.id, ann, `/checkin ${code}`));
    await say('/offer add Spring tea set | https://buy.stripe.com/tea | 89.00 CNY');
    await bot.app.store.market.recordClick({ offerId: 1, memberId: null, at: bot.clock.now() });
    await bot.app.payments.receive({
      provider: 'stripe',
      providerPaymentId: 'pi_1',
      eventId: 'evt_1',
      status: 'completed',
      amountMinor: 8900,
      currency: 'CNY',
      reference: 'cb-o-1',
      occurredAt: bot.clock.now(),
    });

    await bot.advance(T0 + WEEK - MINUTE - bot.clock.now().getTime());
    expect(digests()).toEqual([]);
    await bot.advance(MINUTE);
    expect(digests()).toEqual([
      [
        '📊 Weekly digest of Tea lovers',
        '2026-01-01 12:00 UTC – 2026-01-08 12:00 UTC',
        '',
        '• New members: 4',
        '• Applications: 1 approved, 1 declined',
        '   ✗ @dave: 0 answer(s) right, 1 needed',
        '• Most active: @ann (+75), @bob (+15)',
        '• Event check-ins: 1',
        '• Tracked-link clicks: 1',
        '• Payments: 1 completed (89.00 CNY)',
        '',
        'Send /digest off in the circle to stop these.',
      ].join('\n'),
    ]);
    // Nobody else got it, and the next week's comes a week later, once.
    expect(texts(ann.id).some((text) => text.startsWith('📊'))).toBe(false);
    await bot.advance(WEEK - MINUTE);
    expect(digests()).toHaveLength(1);
    await bot.advance(MINUTE);
    expect(digests()).toHaveLength(2);
    expect(digests()[1]).toContain('2026-01-08 12:00 UTC – 2026-01-15 12:00 UTC');
    expect(digests()[1]).toContain('• Most active: nobody earned points this week');
  });

  it('a restart neither skips nor doubles it: a week missed while down is sent once at start', async () => {
    const { bot, say, digests, restart } = await setUp();
    await say('/digest weekly');
    // Down from right after until three hours after the digest was due.
    const again = await restart(bot, T0 + WEEK + 3 * HOUR);
    expect(digests()).toHaveLength(1);
    expect(digests()[0]).toContain('2026-01-01 12:00 UTC – 2026-01-08 12:00 UTC');
    // Started again right after: nothing sent twice.
    const third = await restart(again, T0 + WEEK + 4 * HOUR);
    expect(digests()).toHaveLength(1);
    // The next one covers what came after the last, at its usual time.
    await third.advance(T0 + 2 * WEEK - third.clock.now().getTime());
    expect(digests()).toHaveLength(2);
    expect(digests()[1]).toContain('2026-01-08 12:00 UTC – 2026-01-15 12:00 UTC');
  });

  it('a digest job run twice (a crash after sending, before the job was marked done) sends each admin one copy', async () => {
    const { bot, group, say, digests } = await setUp();
    await say('/digest weekly');
    await bot.advance(WEEK);
    expect(digests()).toHaveLength(1);
    const circle = await bot.app.store.circles.find({ platform: 'telegram', id: String(group.id) });
    await bot.app.store.jobs.schedule({
      kind: DIGEST_JOB,
      payload: { circleId: circle!.id, from: new Date(T0), to: new Date(T0 + WEEK) },
      runAt: bot.clock.now(),
    });
    await bot.advance(0);
    expect(digests()).toHaveLength(1);
  });

  it('goes only to admins who asked and still are admins; /digest off stops it', async () => {
    const { fake, bot, group, owner, say, texts, digests, member } = await setUp();
    const pat = member('pat', 'Pat');
    fake.world.setMember(group.id, pat, 'administrator');
    await bot.deliver(fake.build.message(group.id, pat, '/digest weekly'));
    await say('/digest weekly');
    await say('/digest');
    expect(texts(group.id).at(-1)).toBe(
      'Weekly digest: on, for 2 admins (you: yes); the next comes 2026-01-08 12:00 UTC.',
    );
    // Pat is no longer an admin when the week ends.
    fake.world.setMember(group.id, pat, 'member');
    await bot.deliver(fake.build.chatMember(group.id, owner, pat, 'administrator', 'member'));
    await bot.advance(WEEK);
    expect(digests()).toHaveLength(1);
    expect(texts(pat.id).filter((text) => text.startsWith('📊'))).toEqual([]);

    await say('/digest');
    expect(texts(group.id).at(-1)).toBe(
      'Weekly digest: on, for 1 admin (you: yes); the next comes 2026-01-15 12:00 UTC.',
    );

    await say('/digest off');
    expect(texts(group.id).at(-1)).toBe('You will no longer get the weekly digest.');
    await say('/digest off');
    expect(texts(group.id).at(-1)).toBe('You were not getting the weekly digest.');
    await bot.advance(2 * WEEK);
    expect(digests()).toHaveLength(1);
    await say('/digest');
    expect(texts(group.id).at(-1)).toBe('Weekly digest: off. /digest weekly sends it to you privately.');
  });

  it('an admin the bot cannot write to privately is told so, and not added', async () => {
    const { fake, bot, group, texts } = await setUp();
    const quinn = fake.world.addUser({ username: 'quinn', first_name: 'Quinn' });
    fake.world.setMember(group.id, quinn, 'administrator');
    await bot.deliver(fake.build.message(group.id, quinn, '/digest weekly'));
    expect(texts(group.id).at(-1)).toBe(
      'I cannot message you privately: start a private chat with me first, then try again.',
    );
    await bot.deliver(fake.build.message(group.id, quinn, '/digest'));
    expect(texts(group.id).at(-1)).toBe('Weekly digest: off. /digest weekly sends it to you privately.');
  });
});
