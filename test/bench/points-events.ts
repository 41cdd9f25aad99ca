import type { MessageEvent } from '../../src/core/events.js';

const WORDS = (
  'tea cup leaf pot brew steam jade oolong green black white herbal kettle cozy rain moon lamp book river ' +
  'stone garden morning spring autumn mountain valley harbour lantern market bridge window candle letter ' +
  'violin piano summer winter cloud thunder meadow forest orchard pepper ginger honey lemon maple cedar ' +
  'willow pebble canyon desert island comet planet rocket engine signal pixel museum castle village'
).split(' ');

/** A small seeded generator (mulberry32), so every run sends the same conversation. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const chatIdOf = (circle: number) => String(-1_000_000_000_000 - circle);
export const userIdOf = (member: number) => String(10_000_000 + member);
export const circleIndexOf = (chatId: string) => -1_000_000_000_000 - Number(chatId);
export const memberIndexOf = (userId: string) => Number(userId) - 10_000_000;

/**
 * Group chatter as the Telegram adapter maps it: ordinary text messages (no commands, links or media, so
 * the bot answers nothing), each from a random member in a random circle, with unique update ids and
 * message ids. Within one batch a (circle, member) pair speaks at most once, so with the clock moved past
 * the cooldown between batches every message earns points; texts are random sentences, so the similarity
 * rule never refuses one. Counts what each pair said, to check the store afterwards.
 */
export class Chatter {
  readonly #random: () => number;
  #updateId: number;
  readonly #firstUpdate: number;
  /** Messages sent per `circle:member` (indices, not platform ids). */
  readonly said = new Map<string, number>();

  constructor(
    readonly circles: number,
    readonly members: number,
    seed = 7,
    /**
     * Where this chatter's circles and update ids start: processes sharing one database each take their
     * own circles `firstCircle … firstCircle + circles - 1` and their own update ids.
     */
    readonly firstCircle = 0,
    firstUpdate = 0,
  ) {
    this.#random = seeded(seed);
    this.#updateId = firstUpdate;
    this.#firstUpdate = firstUpdate;
  }

  get sent(): number {
    return this.#updateId - this.#firstUpdate;
  }

  #sentence(): string {
    const words: string[] = [];
    for (let k = 0; k < 6; k++) words.push(WORDS[Math.floor(this.#random() * WORDS.length)]!);
    return `${words.join(' ')} ${this.#updateId}`;
  }

  /** One event for `circle` × `member` (indices from 0, `circle` counted from `firstCircle`). */
  event(local: number, member: number): MessageEvent {
    this.#updateId += 1;
    const circle = this.firstCircle + local;
    const key = `${circle}:${member}`;
    this.said.set(key, (this.said.get(key) ?? 0) + 1);
    return {
      kind: 'message',
      chat: { platform: 'telegram', id: chatIdOf(circle) },
      member: { platform: 'telegram', id: userIdOf(member) },
      profile: { username: `member${member}`, displayName: `Member ${member}`, languageCode: 'en' },
      chatTitle: `Tea circle ${circle}`,
      updateId: String(this.#updateId),
      private: false,
      messageId: String(this.#updateId),
      text: this.#sentence(),
    };
  }

  /** A getUpdates batch: `size` events from distinct (circle, member) pairs. */
  batch(size: number): MessageEvent[] {
    const taken = new Set<number>();
    const out: MessageEvent[] = [];
    while (out.length < size) {
      const circle = Math.floor(this.#random() * this.circles);
      const member = Math.floor(this.#random() * this.members);
      const pair = circle * this.members + member;
      if (taken.has(pair)) continue;
      taken.add(pair);
      out.push(this.event(circle, member));
    }
    return out;
  }

  /** Every (circle, member) pair once, in batches of `size` (the warm-up: members, memberships, standings). */
  *everyPair(size: number): Generator<MessageEvent[]> {
    let batch: MessageEvent[] = [];
    for (let member = 0; member < this.members; member++) {
      for (let circle = 0; circle < this.circles; circle++) {
        batch.push(this.event(circle, member));
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  }
}
