import type { ChatRef, MemberProfile, MemberRef } from './refs.js';

/** Fields every inbound event carries. */
interface EventBase {
  /** The chat the event happened in: a circle's group, or the private chat with the bot. */
  readonly chat: ChatRef;
  /** Who acted. */
  readonly member: MemberRef;
  readonly profile?: MemberProfile;
  /** The group's title when the platform sent it; kept as the circle's name. */
  readonly chatTitle?: string;
  /** Platform update id, for dedupe (Telegram redelivers until it gets a 200). */
  readonly updateId?: string;
}

/** Someone asked to join a circle (Telegram join request; Discord member held in quarantine). */
export interface JoinRequestedEvent extends EventBase {
  readonly kind: 'join_requested';
}

export interface MemberJoinedEvent extends EventBase {
  readonly kind: 'member_joined';
}

export interface MemberLeftEvent extends EventBase {
  readonly kind: 'member_left';
}

/** A message; `private` when it was sent to the bot directly. */
export interface MessageEvent extends EventBase {
  readonly kind: 'message';
  readonly private: boolean;
  readonly messageId: string;
  readonly text: string;
  readonly hasMedia?: boolean;
  /** A link the text does not show (Telegram `text_link` entities); links in the text are found anyway. */
  readonly hasLink?: boolean;
  /** The author of the message this one replies to. */
  readonly replyTo?: MemberRef;
}

export interface ReactionEvent extends EventBase {
  readonly kind: 'reaction';
  readonly messageId: string;
  readonly emoji: string;
  /** Author of the message that received the reaction, when the platform says. */
  readonly target?: MemberRef;
}

/** `/name args`: text after the name, exactly as typed (Discord adapters rebuild it from options). */
export interface CommandEvent extends EventBase {
  readonly kind: 'command';
  readonly private: boolean;
  readonly name: string;
  readonly argsText: string;
  readonly messageId?: string;
  /** Where inside the circle it was typed, when the platform has places (a Discord channel). */
  readonly place?: ChatRef;
}

/** Answers given in one go (Discord modal), bound to an application. */
export interface AnswerEvent extends EventBase {
  readonly kind: 'answer';
  readonly circle: ChatRef;
  readonly answers: ReadonlyArray<{ readonly question: number; readonly text: string }>;
  /** The interaction that carried the answers (a modal submit), to show the next questions in. */
  readonly interactionId?: string;
}

/** A button press; `data` is what the core put on the button, unverified. */
export interface ButtonEvent extends EventBase {
  readonly kind: 'button';
  readonly data: string;
  readonly messageId?: string;
  /** Token the adapter needs to answer the press (Telegram callback query id, Discord interaction id). */
  readonly interactionId: string;
}

/** The bot was added to a group (by `member`): the group becomes a circle. */
export interface BotAddedEvent extends EventBase {
  readonly kind: 'bot_added';
}

/** The group got a new id (Telegram group → supergroup); the circle moves with it. */
export interface ChatMigratedEvent extends EventBase {
  readonly kind: 'chat_migrated';
  readonly to: ChatRef;
}

/**
 * The messenger asks whether an in-chat payment may go ahead (Telegram `pre_checkout_query`); the core must
 * answer with `answerPaymentCheck` within seconds.
 */
export interface PaymentCheckEvent extends EventBase {
  readonly kind: 'payment_check';
  readonly checkId: string;
  /** The invoice's payload, as the core set it. */
  readonly payload: string;
  readonly currency: string;
  readonly amountMinor: number;
}

/** An in-chat payment went through (Telegram `successful_payment`). */
export interface PaymentCompletedEvent extends EventBase {
  readonly kind: 'payment_completed';
  readonly provider: 'telegram_stars';
  /** The messenger's charge id (Telegram `telegram_payment_charge_id`): one payment, however often sent. */
  readonly providerPaymentId: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** The invoice's payload, as the core set it. */
  readonly payload: string;
}

/** Everything an adapter hands to the core. One platform update becomes one event (a few, at most). */
export type ChatEvent =
  | JoinRequestedEvent
  | MemberJoinedEvent
  | MemberLeftEvent
  | MessageEvent
  | ReactionEvent
  | CommandEvent
  | AnswerEvent
  | ButtonEvent
  | PaymentCheckEvent
  | PaymentCompletedEvent
  | BotAddedEvent
  | ChatMigratedEvent;

export type ChatEventKind = ChatEvent['kind'];
