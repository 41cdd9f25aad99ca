import { dayIndex, dayNumber, utcDay } from './day.js';
import type { PointsSettings } from './settings.js';
import { MAX_RECENT } from './settings.js';
import { fingerprint, highestSimilarity } from './similarity.js';
import type { MemberActivityState } from './state.js';
import { isLongEnough } from './text.js';

/** Why a message earned what it did. */
export type MessageReason = 'earned' | 'cooldown' | 'too_short' | 'too_similar' | 'disabled';

/** A streak that moved: the day counted, the consecutive days ending there, and the bonus it pays. */
export interface StreakStep {
  readonly day: string;
  readonly length: number;
  readonly bonus: number;
}

/** One message as the rules see it: who said what, when, and what they remembered before. */
export interface MessageInput {
  readonly settings: PointsSettings;
  readonly at: Date;
  readonly text: string;
  readonly hasMedia: boolean;
  readonly state: MemberActivityState;
  /** A uniform draw in [0, 1), injected so tests and replays are deterministic. */
  readonly random: () => number;
}

/** What a message earns and the state to store for the member after it. */
export interface MessageDecision {
  /** Points for the message itself; the streak bonus is separate so the ledger can say why. */
  readonly points: number;
  readonly reason: MessageReason;
  /** Set on the member's first counted message of a new UTC day, whatever `reason` says. */
  readonly streak: StreakStep | null;
  readonly nextState: MemberActivityState;
}

/**
 * What one message earns, and the member's state after it. The rules, in order:
 * - points off for the circle → nothing at all, state unchanged (`disabled`);
 * - fewer than `minLength` visible characters and no media → nothing, state unchanged (`too_short`);
 * - otherwise the message counts for the streak: the first one of a new UTC day extends the streak when the
 *   last counted day was yesterday, else restarts it at 1, pays the week bonus at day 7 and the month bonus
 *   at every multiple of 30, and starts a fresh list of recent texts;
 * - within `cooldownMs` of the last earning message (or older than it) → 0 (`cooldown`);
 * - a text at least `similarityThreshold` alike to one of the day's recent texts → 0 (`too_similar`);
 * - else a uniform draw in `messageMin`–`messageMax` (`earned`).
 * Texts that reach the similarity check are remembered (at most `recentCount`), so repeating one message
 * keeps failing. Pure: the clock and the dice are inputs. Throws `RangeError` only for an invalid date.
 */
export function decideMessagePoints(input: MessageInput): MessageDecision {
  const { settings, state } = input;
  if (!settings.enabled) return { points: 0, reason: 'disabled', streak: null, nextState: state };
  if (!input.hasMedia && !isLongEnough(input.text, settings.minLength)) {
    return { points: 0, reason: 'too_short', streak: null, nextState: state };
  }

  const at = input.at.getTime();
  const streak = streakStep(settings, state, at);
  const counted: MemberActivityState = streak
    ? { ...state, streakDay: streak.day, streakLength: streak.length, recent: [] }
    : state;

  if (
    settings.cooldownMs > 0 &&
    state.lastEarnedAt !== null &&
    at - state.lastEarnedAt < settings.cooldownMs
  ) {
    return { points: 0, reason: 'cooldown', streak, nextState: counted };
  }

  const print = fingerprint(input.text);
  const keep = Math.min(settings.recentCount, MAX_RECENT);
  const recent = print === '' || keep === 0 ? counted.recent : [...counted.recent, print].slice(-keep);
  if (
    print !== '' &&
    keep > 0 &&
    highestSimilarity(print, counted.recent.slice(-keep)) >= settings.similarityThreshold
  ) {
    return { points: 0, reason: 'too_similar', streak, nextState: { ...counted, recent } };
  }
  return {
    points: draw(settings.messageMin, settings.messageMax, input.random),
    reason: 'earned',
    streak,
    nextState: { ...counted, recent, lastEarnedAt: at },
  };
}

/**
 * The streak after a counted message at `at`, or `null` when its UTC day was already counted (or is
 * earlier than the last counted day: a late event never breaks a streak).
 */
function streakStep(settings: PointsSettings, state: MemberActivityState, at: number): StreakStep | null {
  const last = dayIndex(state.streakDay);
  const now = dayNumber(at);
  if (last !== null && now <= last) return null;
  const length = last !== null && now === last + 1 ? state.streakLength + 1 : 1;
  return { day: utcDay(at), length, bonus: streakBonus(settings, length) };
}

/** The bonus a streak of `length` days pays on the day it reaches that length. */
export function streakBonus(settings: PointsSettings, length: number): number {
  let bonus = 0;
  if (length === 7) bonus += settings.streakWeekBonus;
  if (length > 0 && length % 30 === 0) bonus += settings.streakMonthBonus;
  return bonus;
}

/** A uniform integer in [min, max] (either order) from a draw in [0, 1); a bad draw gives the low end. */
function draw(a: number, b: number, random: () => number): number {
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.min(high, low + Math.floor(unit * (high - low + 1)));
}

/** Why a reaction or reply received earned what it did. */
export type ReceivedReason = 'earned' | 'capped' | 'self' | 'disabled';

/** A reaction to, or a reply to, a member's message, seen from the member who receives it. */
export interface ReceivedInput {
  readonly settings: PointsSettings;
  readonly at: Date;
  /** The state of the member who received the reaction or reply. */
  readonly state: MemberActivityState;
  /** The member reacted to, or replied to, their own message. */
  readonly selfAction: boolean;
}

/** What a reaction or reply earns its author and their state after it. */
export interface ReceivedDecision {
  readonly points: number;
  readonly reason: ReceivedReason;
  readonly nextState: MemberActivityState;
}

/**
 * Points a member receives for a reaction to their message: `reactionPoints`, cut so the UTC day's total
 * never passes `reactionDailyCap` (the last award may be partial). Own reactions, points off or a zero
 * setting earn nothing and leave the state alone. Pure; throws `RangeError` only for an invalid date.
 */
export function decideReactionPoints(input: ReceivedInput): ReceivedDecision {
  const { settings, state } = input;
  const tally = { day: state.reactionDay, total: state.reactionPointsToday };
  const result = award(input, settings.reactionPoints, settings.reactionDailyCap, tally);
  const nextState = result.tally
    ? { ...state, reactionDay: result.tally.day, reactionPointsToday: result.tally.total }
    : state;
  return { points: result.points, reason: result.reason, nextState };
}

/** As `decideReactionPoints`, for a reply received: `replyPoints` up to `replyDailyCap` a UTC day. */
export function decideReplyPoints(input: ReceivedInput): ReceivedDecision {
  const { settings, state } = input;
  const tally = { day: state.replyDay, total: state.replyPointsToday };
  const result = award(input, settings.replyPoints, settings.replyDailyCap, tally);
  const nextState = result.tally
    ? { ...state, replyDay: result.tally.day, replyPointsToday: result.tally.total }
    : state;
  return { points: result.points, reason: result.reason, nextState };
}

/** Points received on one UTC day. */
interface Tally {
  readonly day: string | null;
  readonly total: number;
}

/** The award under a daily cap, and the tally after it (`null`: leave the state as it was). */
function award(
  input: ReceivedInput,
  points: number,
  cap: number,
  tally: Tally,
): { points: number; reason: ReceivedReason; tally: Tally | null } {
  if (!input.settings.enabled || points <= 0) return { points: 0, reason: 'disabled', tally: null };
  if (input.selfAction) return { points: 0, reason: 'self', tally: null };
  const at = input.at.getTime();
  const last = dayIndex(tally.day);
  // A late event from an earlier day counts against the day already open, so it never reopens a cap.
  const open = tally.day !== null && last !== null && dayNumber(at) <= last;
  const day = open && tally.day !== null ? tally.day : utcDay(at);
  const spent = open ? Math.max(0, tally.total) : 0;
  const given = Math.max(0, Math.min(points, cap - spent));
  return given === 0
    ? { points: 0, reason: 'capped', tally: { day, total: spent } }
    : { points: given, reason: 'earned', tally: { day, total: spent + given } };
}
