import { describe, expect, it } from 'vitest';
import { telegramGroups } from './telegram-harness.js';

const WELCOME = 'Welcome to {circle}, {name}! Our rules:\n{rules}';

describe('the welcome on Telegram (real telegraf, fake Bot API)', () => {
  const groups = telegramGroups();

  it('an applicant who answers right is approved, then gets the circle’s welcome privately, filled in, once', async () => {
    const { fake, bot, group, owner, say, texts } = await groups.start();
    await say('/rules set Be kind. No spam.');
    await say(`/welcome set ${WELCOME}`);
    expect(texts(group.id).at(-1)).toBe(
      [
        'Welcome saved and on: new members get it privately. Preview:',
        `Welcome to Tea lovers, ${owner.first_name}! Our rules:`,
        'Be kind. No spam.',
      ].join('\n'),
    );
    await say('/question add Which city hosts our meetups? | Beijing | *Hangzhou | Shanghai');
    await say('/gate on');

    const carol = fake.world.addUser({ username: 'carol', first_name: 'Carol' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, carol));
    expect(texts(carol.id).at(-1)).toContain('Question 1/1: Which city hosts our meetups?');
    await bot.deliver(fake.build.message(carol, carol, 'Hangzhou'));

    expect(fake.calls('approveChatJoinRequest')).toHaveLength(1);
    // The approval made Telegram report Carol as a member (`chat_member`): she is not welcomed twice.
    expect(fake.world.isMember(group.id, carol.id)).toBe(true);
    expect(texts(carol.id).slice(-2)).toEqual([
      'Welcome! You have been admitted to Tea lovers.',
      'Welcome to Tea lovers, Carol! Our rules:\nBe kind. No spam.',
    ]);
    expect(texts(carol.id).filter((text) => text.startsWith('Welcome to Tea lovers'))).toHaveLength(1);
  });

  it('someone joining without the gate is welcomed in the circle, once for the two updates Telegram sends', async () => {
    const { fake, bot, group, say, texts } = await groups.start();
    await say('/welcome set Hi {NAME}, welcome to {circle}! {rules}');
    await say('/welcome where circle');
    expect(texts(group.id).at(-1)).toBe('New members now get the welcome in the circle.');

    const dan = fake.world.addUser({ username: 'dan', first_name: 'Dan' });
    fake.world.setMember(group.id, dan, 'member');
    await bot.deliver(fake.build.chatMember(group.id, dan, dan, 'left', 'member'));
    await bot.deliver(fake.build.message(group.id, dan, '', { new_chat_members: [dan] }));
    const welcomes = texts(group.id).filter((text) => text.startsWith('Hi Dan'));
    expect(welcomes).toEqual(['Hi Dan, welcome to Tea lovers! (no rules are written yet)']);

    // Leaving and coming back is a new stay: welcomed again.
    await bot.deliver(fake.build.chatMember(group.id, dan, dan, 'member', 'left'));
    await bot.deliver(fake.build.chatMember(group.id, dan, dan, 'left', 'member'));
    expect(texts(group.id).filter((text) => text.startsWith('Hi Dan'))).toHaveLength(2);
  });

  it('refuses an unknown placeholder or a text too long, saving nothing; /welcome shows the text and a preview', async () => {
    const { group, owner, say, texts } = await groups.start();
    await say('/welcome set Hello {user}, enjoy {circle}');
    expect(texts(group.id).at(-1)).toBe(
      'I do not know the placeholder {user}: the ones I fill in are {name}, {circle}, {rules}. Nothing was saved.',
    );
    await say(`/welcome set ${'x'.repeat(1001)}`);
    expect(texts(group.id).at(-1)).toBe(
      'Sorry, that welcome is 1001 characters long and at most 1000 fit. Nothing was saved.',
    );
    await say('/welcome');
    expect(texts(group.id).at(-1)).toBe(
      [
        'Welcome: off, sent privately.',
        '',
        'Text (the default — /welcome set <text> to write your own):',
        'Welcome to {circle}, {name}! 🎉 Say hello, and send /rules to read how we do things here.',
        '',
        'Placeholders: {name}, {circle}, {rules}.',
        '',
        'Preview, as you would get it:',
        `Welcome to Tea lovers, ${owner.first_name}! 🎉 Say hello, and send /rules to read how we do things here.`,
      ].join('\n'),
    );
    // Braces that are not a placeholder are plain text.
    await say('/welcome set Hi {name} :-{ see { you }');
    expect(texts(group.id).at(-1)).toContain(`Hi ${owner.first_name} :-{ see { you }`);
  });

  it('anyone reads /rules; only an admin changes them', async () => {
    const { fake, bot, group, say, texts } = await groups.start();
    const bob = fake.world.addUser({ username: 'bob', first_name: 'Bob' });
    fake.world.setMember(group.id, bob, 'member');
    await bot.deliver(fake.build.message(group.id, bob, '/rules'));
    expect(texts(group.id).at(-1)).toBe('No rules are written for this circle yet.');
    await bot.deliver(fake.build.message(group.id, bob, '/rules set Anything goes'));
    expect(texts(group.id).at(-1)).toBe('/rules set is for the admins of this circle.');
    await say(`/rules set ${'y'.repeat(3001)}`);
    expect(texts(group.id).at(-1)).toBe(
      'Sorry, those rules are 3001 characters long and at most 3000 fit. Nothing was saved.',
    );
    await say('/rules set Be kind.\nNo spam.');
    await bot.deliver(fake.build.message(group.id, bob, '/rules'));
    expect(texts(group.id).at(-1)).toBe('Rules of Tea lovers:\n\nBe kind.\nNo spam.');
    await say('/lang zh');
    await bot.deliver(fake.build.message(group.id, bob, '/rules'));
    expect(texts(group.id).at(-1)).toBe('Tea lovers 的群规：\n\nBe kind.\nNo spam.');
  });
});
