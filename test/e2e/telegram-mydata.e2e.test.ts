import { describe, expect, it } from 'vitest';
import { type TelegramGroup, telegramGroups } from './telegram-harness.js';

describe('members’ data on Telegram (real telegraf, fake Bot API)', () => {
  const groups = telegramGroups();

  /** Carol asks to join and answers the one question right (by typing it). */
  async function carolPassesScreening(ctx: TelegramGroup) {
    const { fake, bot, group, say } = ctx;
    await say('/question add Which tea is green? | *Longjing | Pu-erh');
    await say('/gate on');
    const carol = fake.world.addUser({ username: 'carol' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, carol));
    await bot.deliver(fake.build.message(carol, carol, 'Longjing'));
    return carol;
  }

  it('/mydata arrives as a document in the private chat, and the group is told where it went', async () => {
    const ctx = await groups.start();
    const { fake, bot, group, texts } = ctx;
    const carol = await carolPassesScreening(ctx);
    await bot.deliver(fake.build.message(group.id, carol, '/mydata'));
    expect(texts(group.id).at(-1)).toBe('I sent it to you in a private message.');
    const [document] = fake.calls('sendDocument');
    expect(Number(document?.params.chat_id)).toBe(carol.id);
    const upload = document?.params.document as { filename: string; bytes?: Uint8Array };
    expect(upload.filename).toBe('circlebot-mydata.json');
    const json = JSON.parse(Buffer.from(upload.bytes ?? []).toString('utf8')) as {
      member: { username: string };
      applications: { answers: { text: string }[] }[];
    };
    expect(json.member.username).toBe('carol');
    expect(json.applications[0]?.answers[0]?.text).toBe('Longjing');
    expect(texts(carol.id).at(-1)).toContain('What circlebot holds about you:');
  });
});
