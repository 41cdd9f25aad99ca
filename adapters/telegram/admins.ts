/**
 * Who administers which chat, cached: Telegram's `getChatMember` on every admin command would be slow and
 * rate-limited. Entries expire, and a `chat_member` update about a person drops theirs at once.
 */
export class AdminCache {
  readonly #entries = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly lookup: (chatId: string, userId: string) => Promise<boolean>,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async isAdmin(chatId: string, userId: string): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const hit = this.#entries.get(key);
    if (hit && hit.until > this.now()) return hit.admin;
    const admin = await this.lookup(chatId, userId);
    this.#entries.set(key, { admin, until: this.now() + this.ttlMs });
    return admin;
  }

  invalidate(chatId: string, userId: string): void {
    this.#entries.delete(`${chatId}:${userId}`);
  }
}
