import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCreditProvider, startFakeCreditProvider } from '../fakes/credit-provider.js';
import { type ConsoleBot, captureLogs, startConsoleBot, tempDbFile } from './console-harness.js';

const CITY = '/question add Which city hosts our meetups? | Beijing | *Hangzhou | Shanghai';
const TEA = '/question add Which tea is green? | *Longjing | Pu-erh';
const WHY = '/question add Why do you want to join?';

describe('the gate through the console', () => {
  const bots: ConsoleBot[] = [];
  const fakes: FakeCreditProvider[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });
  const start = async (opts?: Parameters<typeof startConsoleBot>[0]) => {
    const bot = await startConsoleBot(opts);
    bots.push(bot);
    return bot;
  };

  async function ownerSetsTwoQuestionsAndThreshold(bot: ConsoleBot) {
    const out = await bot.run(
      `owner: ${CITY}`,
      `owner: ${TEA}`,
      'owner: /gate minscore 500',
      'owner: /gate on',
    );
    expect(out).toContain('Question 1 added (3 options)');
    expect(out).toContain('Question 2 added (2 options)');
    expect(out).toContain('at least 500');
    expect(out).toContain('The gate is on');
  }

  it('admits an applicant who answers both questions right and clears the threshold', async () => {
    const bot = await start();
    await ownerSetsTwoQuestionsAndThreshold(bot);

    const asked = await bot.run('carol joins');
    expect(asked).toContain('[bot → @carol]');
    expect(asked).toContain('Question 1/2: Which city hosts our meetups?');

    const out = await bot.run('carol presses 2', 'carol dm: 1');
    expect(out).toContain('Question 2/2: Which tea is green?');
    expect(out).toContain('carol is now in the group');
    expect(out).toContain('Welcome! You have been admitted to lobby.');

    const audit = await bot.app.store.audit.list(1, 20);
    const verdict = audit.find((a) => a.action === 'gate.approved');
    expect(verdict?.detail).toMatchObject({
      reason: { key: 'gate.reason.passed', params: { right: 2, total: 2 } },
    });
  });

  it('declines a wrong answer and tells the applicant why', async () => {
    const bot = await start();
    await ownerSetsTwoQuestionsAndThreshold(bot);
    await bot.run('dave joins');
    const out = await bot.run('dave presses 1', 'dave dm: Longjing');
    expect(out).toContain("dave's request to join was declined");
    expect(out).toContain('was declined: 1 answer(s) right, 2 needed');
    const audit = await bot.app.store.audit.list(1, 20);
    expect(audit.find((a) => a.action === 'gate.declined')?.detail).toMatchObject({
      reason: { key: 'gate.reason.wrongAnswers' },
    });
  });

  it('sends a free-text answer to review, and the admin approves it with the button', async () => {
    const bot = await start();
    await bot.run(`owner: ${WHY}`, 'owner: /gate on');
    await bot.run('erin joins');
    const answered = await bot.run('erin dm: I organise tea tastings');
    expect(answered).toContain('An admin of lobby will look at your answers soon');
    expect(answered).toContain('[bot → @owner] Application #1: @erin wants to join lobby');
    expect(answered).toContain('→ I organise tea tastings');
    expect(answered).toContain('[1] Approve  [2] Decline');

    const review = await bot.run('owner: /review');
    expect(review).toContain('1 application(s) waiting');

    const approved = await bot.run('owner presses 1');
    expect(approved).toContain('erin is now in the group');
    expect(approved).toContain('✓ Approved by @owner');
    expect(await bot.run('owner: /review')).toContain('No applications are waiting.');
  });

  it('refuses /gate off from a member who is not an admin, and changes nothing', async () => {
    const bot = await start();
    await bot.run('owner: /gate on');
    const out = await bot.run('mallory: /gate off');
    expect(out).toContain('/gate is for the admins of this circle.');
    const circle = await bot.app.store.circles.find({ platform: 'console', id: 'lobby' });
    expect(circle?.settings.gate.enabled).toBe(true);
  });

  it('sends an application to review when the credit provider is down', async () => {
    const fake = await startFakeCreditProvider({ secret: 's3cret' });
    fakes.push(fake);
    fake.setBehaviour({ kind: 'status', status: 500 });
    const bot = await start({
      config: {
        credit: { providers: [{ name: 'sesame', url: fake.url, secret: 's3cret', timeoutMs: 500 }] },
      },
    });
    await bot.run(`owner: ${CITY}`, 'owner: /gate on');
    await bot.run('frank joins');
    const out = await bot.run('frank presses 2');
    expect(out).toContain('Waiting because: the credit check (sesame) did not answer');
    expect(out).not.toContain('frank is now in the group');
    expect(fake.calls.length).toBeGreaterThan(0);
  });

  it('resumes an application after a restart, and its deadline still fires exactly once', async () => {
    const dbFile = tempDbFile();
    const first = await startConsoleBot({ dbFile });
    await first.run(`owner: ${CITY}`, `owner: ${TEA}`, 'owner: /gate timeout 10m', 'owner: /gate on');
    await first.run('gina joins', 'gina presses 2');
    await first.stop();

    // The process comes back: gina's answer to question 2 continues the same application.
    const second = await start({ dbFile, clock: first.clock });
    const resumed = await second.run('gina dm: 1');
    expect(resumed).toContain('Welcome! You have been admitted to lobby.');

    // Another applicant goes silent across a restart: the deadline job survives and fires once.
    await second.run('hank joins');
    await second.stop();
    bots.pop();
    const third = await start({ dbFile, clock: first.clock });
    const fired = await third.advance(11 * 60_000);
    expect(fired).toContain('Time is up for your request to join lobby');
    expect(await third.advance(60 * 60_000)).toBe('');
    const hank = await third.app.store.members.findByHandle('console', 'hank');
    const circle = await third.app.store.circles.find({ platform: 'console', id: 'lobby' });
    const application = await third.app.store.gate.lastClosedApplication(circle!.id, hank!.id);
    expect(application?.state).toBe('expired');
  });

  it('lets a vouch from a member in good standing lift a borderline applicant over the threshold', async () => {
    const bot = await start();
    // A newcomer scores 550; the owner asks for 560 and lets 550-point members vouch.
    await bot.run(
      `owner: ${CITY}`,
      'owner: /gate minscore 560',
      'owner: /gate vouchfloor 550',
      'owner: /gate on',
    );

    await bot.run('ivan joins');
    const alone = await bot.run('ivan presses 2');
    expect(alone).toContain('credit score 550 is below the minimum 560');

    await bot.run('judy joins');
    // ivan was declined, so he is not a member in good standing; kim, a member, is.
    const vouched = await bot.run('ivan: /vouch @judy');
    expect(vouched).toContain('Only members of this circle can vouch.');
    const kim = await bot.run('kim: hi', 'kim: /vouch @judy');
    expect(kim).toContain('You vouched for @judy.');
    const out = await bot.run('judy presses 2');
    expect(out).toContain('judy is now in the group');
  });
});

describe('admin tools of the gate', () => {
  const bots: ConsoleBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });

  it('posts review items in the chosen chat, and /decline sends the reason to the applicant', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    await bot.run(
      'owner: /question add Why do you want to join?',
      'owner: /gate on',
      'owner: /gate reviewchat here',
    );
    await bot.run('lena joins');
    const answered = await bot.run('lena dm: for the free tea');
    expect(answered).toContain('[bot → #lobby] Application #1: @lena wants to join lobby');

    const out = await bot.run('owner: /decline @lena we meet in person only');
    expect(out).toContain('@lena is declined.');
    expect(out).toContain('was declined: declined by @owner: we meet in person only');
    expect(out).toContain('✗ Declined by @owner');

    // A member pressing a stale review button changes nothing.
    expect(await bot.run('owner presses 1')).toContain('This application was already decided.');
  });

  it('refuses a review button pressed by a member who is not an admin', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    await bot.run('owner: /question add Why?', 'owner: /gate on', 'owner: /gate reviewchat here', 'max: hi');
    await bot.run('olga joins', 'olga dm: because');
    const out = await bot.run('max presses 1');
    expect(out).toContain('Only admins of this circle can decide applications.');
    expect(out).not.toContain('olga is now in the group');
    expect(await bot.run('owner: /review')).toContain('1 application(s) waiting');
  });

  it('lists current members below a raised threshold without removing anyone', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    await bot.run('bob: hi', 'carol: hi');
    expect(await bot.run('owner: /gate recheck')).toContain('no credit threshold');
    await bot.run('owner: /gate minscore 600');
    const out = await bot.run('owner: /gate recheck');
    expect(out).toContain(
      '[bot → @owner] 3 of 3 members are below the current requirements. Nobody was removed:',
    );
    expect(out).toContain('• @bob: 550');
    expect(out).toContain('[bot → #lobby] I sent it to you in a private message.');
    const circle = await bot.app.store.circles.find({ platform: 'console', id: 'lobby' });
    expect(await bot.app.store.memberships.list(circle!.id, 'member')).toHaveLength(3);
  });

  it('a recheck over many members shows its progress privately and in the logs, then a capped list', async () => {
    const logs = captureLogs();
    const bot = await startConsoleBot({ logTo: logs.logTo });
    bots.push(bot);
    const people = Array.from({ length: 120 }, (_, i) => `m${i}: hello`);
    await bot.run(...people);
    await bot.run('owner: /gate minscore 600');
    const out = await bot.run('owner: /gate recheck');
    // 121 members: the progress message, edited at each tenth, then the time it took.
    expect(out).toContain('[bot → @owner] Re-checking members’ credit: 0 of 121 (0%)…');
    expect(out).toContain('Re-checking members’ credit: 61 of 121 (50%)…');
    expect(out).toContain('Re-checked 121 members in 0 s.');
    expect(out.match(/\[bot edits message/g)).toHaveLength(10);
    // Newcomers score below 600: the first 50 by name, the rest counted.
    expect(out).toContain('121 of 121 members are below the current requirements. Nobody was removed:');
    expect(out).toContain('…and 71 more.');
    expect(out).toContain('[bot → #lobby] I sent it to you in a private message.');
    const progress = logs
      .text()
      .split('\n')
      .filter((line) => line.includes('"gate.recheck.progress"'))
      .map((line) => JSON.parse(line).done);
    expect(progress).toEqual([13, 25, 37, 49, 61, 73, 85, 97, 109]);
    expect(logs.text()).toMatch(/"event":"gate.recheck.done".*"total":121,"below":121/);
  });

  it('turns a declined applicant away during the cooldown', async () => {
    const bot = await startConsoleBot();
    bots.push(bot);
    await bot.run(`owner: ${CITY}`, 'owner: /gate cooldown 2h', 'owner: /gate on');
    await bot.run('pete joins', 'pete presses 1');
    const again = await bot.run('pete joins');
    expect(again).toContain('You can apply again after 2026-01-01 14:00 UTC');
    expect(again).not.toContain('Question 1/1');
    await bot.clock.advance(2 * 3_600_000 + 1);
    expect(await bot.run('pete joins')).toContain('Question 1/1');
  });
});
