import type { FakeTelegram, TgChat, TgUser } from '../fakes/telegram/index.js';

const LINES = [
  'good morning, everyone',
  'anyone tried the new Longjing this spring?',
  'the meetup was great, thanks for organising it',
  'I brew mine at 80 degrees for two minutes',
  'see you all on Saturday',
];

/** A small seeded generator (mulberry32), so every run sends the same conversation. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Groups where many members chat: ordinary text messages (no commands, mentions or links, so the bot
 * answers nothing), each from a random member in a random group, as serialised webhook bodies with unique
 * `update_id`s from 1. Remembers who spoke where, to check what the store holds afterwards.
 */
export interface Chatter {
  readonly chats: readonly TgChat[];
  readonly users: readonly TgUser[];
  /** The next `count` updates, as JSON request bodies. */
  take(count: number): Buffer[];
  /** `chatId:userId` of every member who has spoken in a group so far. */
  readonly pairs: ReadonlySet<string>;
  readonly speakers: ReadonlySet<number>;
}

export function createChatter(fake: FakeTelegram, opts: { chats: number; users: number }): Chatter {
  const chats = Array.from({ length: opts.chats }, (_, i) =>
    fake.world.addChat({ title: `Tea circle ${i + 1}` }),
  );
  const users = Array.from({ length: opts.users }, () => fake.world.addUser());
  const random = seeded(4);
  const pairs = new Set<string>();
  const speakers = new Set<number>();
  let updateId = 0;
  return {
    chats,
    users,
    pairs,
    speakers,
    take(count) {
      return Array.from({ length: count }, () => {
        const chat = chats[Math.floor(random() * chats.length)]!;
        const user = users[Math.floor(random() * users.length)]!;
        updateId += 1;
        pairs.add(`${chat.id}:${user.id}`);
        speakers.add(user.id);
        const text = `${LINES[updateId % LINES.length]} (${updateId})`;
        return Buffer.from(
          JSON.stringify({ update_id: updateId, ...fake.build.message(chat.id, user, text) }),
        );
      });
    },
  };
}
