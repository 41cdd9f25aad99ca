import type { Circle } from '../circle.js';
import type { Clock } from '../clock.js';
import { PlatformError } from '../errors.js';
import type { MessageEvent, ReactionEvent } from '../events.js';
import { labelOf } from '../format.js';
import { t } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { Ports } from '../ports.js';
import { type ChatRef, type MemberRef, refKey } from '../refs.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import { levelFor } from './curve.js';
import { decideMessagePoints, decideReactionPoints, decideReplyPoints } from './earn.js';
import { containsLink, mayPost } from './privileges.js';
import type { LedgerEntry, RecordResult } from './repo.js';
import { levelRolesFor } from './roles.js';

export interface PointsDeps {
  readonly store: Store;
  readonly ports: Ports;
  readonly clock: Clock;
  readonly log: Logger;
  /** Uniform draw in [0, 1) for message points; injected so tests are deterministic. */
  readonly random?: () => number;
}

export const NOTICE_JOB = 'points.deleteNotice';
/** How long a privilege notice stays before the bot deletes it. */
export const NOTICE_TTL_MS = 30_000;
/**
 * Recent message authors remembered for reactions (Telegram does not say whose message was reacted to): at
 * least this many, at most twice as many.
 */
const AUTHORS_KEPT = 20_000;

export const levelOf = (points: number) => levelFor(points).level;

/** The emoji of a quiet level-up (one Telegram lets bots react with). */
export const LEVEL_UP_REACTION = '🎉';

/** The message that earned the points, where a level-up can be marked with a reaction. */
export interface PointsCause {
  readonly chat: ChatRef;
  readonly messageId: string;
}

/**
 * Points from activity: messages (cooldown, length, similarity), replies and reactions received, streaks;
 * level-ups announced; links and media held back until the level that unlocks them. Every change is a
 * ledger row written with the member's total in one transaction.
 */
export class PointsFlow {
  // Two generations instead of one map trimmed oldest-first: V8 leaves a deleted Map entry as a hole
  // until the next rehash, so `keys().next()` after many deletions walks thousands of holes per message.
  #authors = new Map<string, MemberRef>();
  #olderAuthors = new Map<string, MemberRef>();
  readonly #random: () => number;

  constructor(private readonly deps: PointsDeps) {
    this.#random = deps.random ?? Math.random;
  }

  /** A group message. Returns false when it was removed for a missing privilege. */
  async onMessage(circle: Circle, member: MemberRecord, event: MessageEvent): Promise<boolean> {
    const { store, clock } = this.deps;
    const settings = circle.settings.points;
    const at = clock.now();
    if (!(await this.#allowed(circle, member, event))) return false;
    this.#rememberAuthor(event.chat.id, event.messageId, event.member);

    const standing = await store.points.standing(circle.id, member.id);
    const decision = decideMessagePoints({
      settings,
      at,
      text: event.text,
      hasMedia: event.hasMedia === true,
      state: standing.state,
      random: this.#random,
    });
    const source = `${event.chat.platform}:${event.chat.id}:${event.messageId}`;
    const entries: LedgerEntry[] = [];
    if (decision.points > 0) {
      entries.push({
        circleId: circle.id,
        memberId: member.id,
        kind: 'message',
        points: decision.points,
        sourceKey: `msg:${source}`,
        at,
      });
    }
    if (decision.streak && decision.streak.bonus > 0) {
      entries.push({
        circleId: circle.id,
        memberId: member.id,
        kind: 'streak',
        points: decision.streak.bonus,
        sourceKey: `streak:${circle.id}:${member.id}:${decision.streak.day}`,
        note: `${decision.streak.length} days`,
        at,
      });
    }
    if (decision.reason !== 'disabled' && decision.reason !== 'too_short') {
      const result = await store.points.record(
        circle.id,
        member.id,
        entries,
        { state: decision.nextState, activeAt: at },
        levelOf,
      );
      await this.afterRecord(circle, member, result, { chat: event.chat, messageId: event.messageId });
    }

    if (
      event.replyTo &&
      !(event.replyTo.platform === event.member.platform && event.replyTo.id === event.member.id)
    ) {
      const author = await store.members.find(event.replyTo);
      // The level-up, if any, is the replied-to author's; their message is not known here: a line.
      if (author) await this.#received(circle, author, 'reply', `reply:${source}`, at);
    }
    return true;
  }

  /** A reaction: points for the author of the message reacted to (capped a day), never for one's own. */
  async onReaction(circle: Circle, member: MemberRecord, event: ReactionEvent): Promise<void> {
    const key = `${event.chat.id}:${event.messageId}`;
    const target = event.target ?? this.#authors.get(key) ?? this.#olderAuthors.get(key);
    if (!target || refKey(target) === refKey(event.member)) return;
    const author = await this.deps.store.members.find(target);
    if (!author) return;
    const source = `react:${event.chat.platform}:${event.chat.id}:${event.messageId}:${member.id}`;
    await this.#received(circle, author, 'reaction', source, this.deps.clock.now(), {
      chat: event.chat,
      messageId: event.messageId,
    });
  }

  async #received(
    circle: Circle,
    author: MemberRecord,
    kind: 'reply' | 'reaction',
    sourceKey: string,
    at: Date,
    cause?: PointsCause,
  ) {
    const { store } = this.deps;
    const settings = circle.settings.points;
    const standing = await store.points.standing(circle.id, author.id);
    const input = { settings, at, state: standing.state, selfAction: false };
    const decision = kind === 'reply' ? decideReplyPoints(input) : decideReactionPoints(input);
    if (decision.points <= 0) return;
    const result = await store.points.record(
      circle.id,
      author.id,
      [{ circleId: circle.id, memberId: author.id, kind, points: decision.points, sourceKey, at }],
      { state: decision.nextState },
      levelOf,
    );
    if (result.duplicates === 0) await this.afterRecord(circle, author, result, cause);
  }

  /**
   * After points moved: level roles follow the level (where the platform has roles), and a level-up is
   * announced as the circle says: a line, or (`reaction`) a 🎉 on `cause`, the message that earned it —
   * a line where the platform cannot react, the message is not known (admin commands), or the reaction is
   * refused.
   */
  async afterRecord(
    circle: Circle,
    member: MemberRecord,
    result: RecordResult,
    cause?: PointsCause,
  ): Promise<void> {
    if (result.after.level === result.before.level) return;
    const port = this.deps.ports.get(circle.chat.platform);
    if (port.setRoles && Object.keys(circle.settings.points.levelRoles).length > 0) {
      const { grant, revoke } = levelRolesFor(circle.settings.points, result.after.level);
      await port.setRoles(circle.chat, member.ref, grant, revoke);
    }
    const style = circle.settings.points.levelUp;
    if (result.after.level < result.before.level || style === 'off') return;
    if (style === 'reaction' && cause && port.react && port.capabilities.has('reactions')) {
      try {
        await port.react(cause.chat, cause.messageId, LEVEL_UP_REACTION);
        return;
      } catch (err) {
        if (!(err instanceof PlatformError)) throw err;
        this.deps.log.warn(
          { err, circleId: circle.id, memberId: member.id },
          'level-up reaction refused; announced with a line',
        );
      }
    }
    const text = t(circle.lang, 'points.levelUp', { member: labelOf(member), level: result.after.level });
    await port.send(circle.chat, { text });
  }

  /** Deletes a link or media from a member below the level that unlocks it, and says why once. */
  async #allowed(circle: Circle, member: MemberRecord, event: MessageEvent): Promise<boolean> {
    const { privileges } = circle.settings.points;
    const hasLink = privileges.links !== null && (event.hasLink === true || containsLink(event.text));
    const hasMedia = privileges.media !== null && event.hasMedia === true;
    if (!hasLink && !hasMedia) return true;
    const { level } = await this.deps.store.points.standing(circle.id, member.id);
    const check = mayPost({ level, hasLink, hasMedia, privileges });
    if (check.allowed) return true;
    const port = this.deps.ports.get(circle.chat.platform);
    if (await port.isAdmin(circle.chat, event.member)) return true;
    await port.deleteMessage(circle.chat, event.messageId);
    const key = check.needs === 'links' ? 'points.privilege.links' : 'points.privilege.media';
    const notice = await port.send(circle.chat, {
      text: t(circle.lang, key, { member: labelOf(member), level: check.level }),
    });
    await this.deps.store.jobs.schedule({
      kind: NOTICE_JOB,
      payload: { platform: notice.chat.platform, chatId: notice.chat.id, messageId: notice.messageId },
      runAt: new Date(this.deps.clock.now().getTime() + NOTICE_TTL_MS),
    });
    this.deps.log.info(
      { circleId: circle.id, memberId: member.id, needs: check.needs },
      'post removed: privilege not unlocked',
    );
    return false;
  }

  #rememberAuthor(chatId: string, messageId: string, author: MemberRef): void {
    if (this.#authors.size >= AUTHORS_KEPT) {
      this.#olderAuthors = this.#authors;
      this.#authors = new Map();
    }
    this.#authors.set(`${chatId}:${messageId}`, author);
  }
}
