import type { CommandSpec } from './commands/spec.js';
import type { ChatRef, MemberRef, Platform } from './refs.js';

/** An inline button: either data the core gets back as a `button` event, or a link. */
export type Button =
  | { readonly label: string; readonly data: string }
  | { readonly label: string; readonly url: string };

/** A message the core wants shown. Plain text: adapters escape it for their platform. */
export interface OutMessage {
  readonly text: string;
  /** Rows of buttons. */
  readonly buttons?: ReadonlyArray<ReadonlyArray<Button>>;
  /** Reply to this message id in the same chat. */
  readonly replyTo?: string;
}

export interface SentMessage {
  readonly chat: ChatRef;
  readonly messageId: string;
}

/** Result of approving or declining a join: a human admin may have been faster. */
export type JoinOutcome = 'done' | 'already_handled';

/** One line of `/setup`: a right or setting the bot checked, and how to fix it when missing. */
export interface SetupCheck {
  readonly key: string;
  readonly ok: boolean;
  /** Message-catalog key explaining the fix, shown when `ok` is false. */
  readonly hintKey?: string;
  /** Parameters of the check's label and hint (e.g. the role name). */
  readonly params?: Readonly<Record<string, string>>;
}

/** What the circle's features need the platform to have, for `/setup` to check. */
export interface SetupNeeds {
  /** Roles given by name (Discord level roles). */
  readonly roles?: readonly string[];
}

/** Optional features; a platform that lacks one says so instead of faking it. */
export type Capability =
  | 'join_requests'
  | 'buttons'
  | 'direct_messages'
  | 'delete_messages'
  | 'command_menu'
  /** Applicants answer in forms the platform shows (Discord: Apply button → modal / select menus). */
  | 'application_form'
  /** Members can be given roles by name (Discord level roles). */
  | 'roles'
  /** Pictures can be sent (check-in QR codes). */
  | 'images'
  /** The bot can react to a message with an emoji (quiet level-up announcements). */
  | 'reactions'
  /** Invoices paid inside the messenger (Telegram Stars). */
  | 'invoices'
  /** Files can be sent privately (a member's data export). */
  | 'files';

/** Consecutive questions shown at once: text questions (up to 5, a modal) or one choice question. */
export interface QuestionStep {
  readonly applicationId: number;
  /** Index of the first question shown. */
  readonly first: number;
  readonly total: number;
  readonly title: string;
  /** Labels in the circle's language: the button that opens the next form, the select's placeholder. */
  readonly labels: { readonly next: string; readonly choose: string };
  readonly questions: ReadonlyArray<{
    readonly kind: 'choice' | 'text';
    readonly prompt: string;
    readonly options: readonly string[];
  }>;
}

/** A PNG picture with an optional caption. */
export interface OutImage {
  readonly png: Uint8Array;
  /** File name shown where the platform shows one (`checkin.png`). */
  readonly filename: string;
  readonly caption?: string;
}

/** A file sent privately, e.g. a member's data export. */
export interface OutFile {
  readonly bytes: Uint8Array;
  readonly filename: string;
  /** `application/json`, `text/plain; charset=utf-8`… */
  readonly mimeType: string;
  readonly caption?: string;
}

/** An invoice paid inside the messenger (Telegram Stars: currency `XTR`, whole stars). */
export interface Invoice {
  readonly title: string;
  readonly description: string;
  /** Comes back in the pre-checkout check and with the payment: names what is paid for (≤ 128 bytes). */
  readonly payload: string;
  readonly currency: string;
  /** Integer count of the currency's minor unit (whole stars for XTR). */
  readonly amountMinor: number;
  /** The price line's label. */
  readonly label: string;
}

/**
 * Everything the core asks of a messenger. One implementation per adapter; the core never calls a
 * platform library. Methods throw `PlatformError` when the platform refuses.
 */
export interface ChatPort {
  readonly platform: Platform;
  readonly capabilities: ReadonlySet<Capability>;

  /** Sends to a group or private chat. */
  send(chat: ChatRef, message: OutMessage): Promise<SentMessage>;
  /** Sends privately to a person; `null` when the platform will not let the bot reach them. */
  sendDirect(member: MemberRef, message: OutMessage): Promise<SentMessage | null>;
  /** Replaces the text and buttons of a message the bot sent. */
  edit(sent: SentMessage, message: OutMessage): Promise<void>;
  deleteMessage(chat: ChatRef, messageId: string): Promise<void>;
  /** Answers a button press (a short toast, or nothing). */
  acknowledge(interactionId: string, text?: string): Promise<void>;

  /** Lets an applicant in. Idempotent: `already_handled` when someone else already decided. */
  approveJoin(chat: ChatRef, member: MemberRef): Promise<JoinOutcome>;
  /**
   * Turns an applicant away. Idempotent like `approveJoin`. `keep`: where applicants are already inside
   * (Discord quarantine), leave them held instead of removing them.
   */
  declineJoin(chat: ChatRef, member: MemberRef, opts?: { readonly keep?: boolean }): Promise<JoinOutcome>;
  /** Removes a member from the group (they may come back through the gate). */
  kick(chat: ChatRef, member: MemberRef): Promise<void>;

  /** True when the member may administer the chat right now (adapters cache and refresh). */
  isAdmin(chat: ChatRef, member: MemberRef): Promise<boolean>;
  /** Publishes the command menu (scopes: members see member commands, admins see all). */
  registerCommands(commands: readonly CommandSpec[]): Promise<void>;
  /** Checks the bot's rights and the platform settings the features need. */
  checkSetup(chat: ChatRef, needs?: SetupNeeds): Promise<readonly SetupCheck[]>;

  /** With `application_form`: invites an applicant to start (the message carries the Apply button). */
  inviteToApply?(circle: ChatRef, member: MemberRef, message: OutMessage): Promise<void>;
  /** With `application_form`: shows the next questions as the answer to an interaction. */
  presentQuestions?(interactionId: string, step: QuestionStep): Promise<void>;
  /** With `roles`: gives and takes roles by name; a name the circle lacks is skipped and logged. */
  setRoles?(
    chat: ChatRef,
    member: MemberRef,
    grant: readonly string[],
    revoke: readonly string[],
  ): Promise<void>;
  /** With `images`: sends a picture to a group or private chat. */
  sendImage?(chat: ChatRef, image: OutImage): Promise<SentMessage>;
  /** With `reactions`: reacts to a message with an emoji. */
  react?(chat: ChatRef, messageId: string, emoji: string): Promise<void>;
  /** With `invoices`: sends an invoice privately; `null` when the person cannot be reached. */
  sendInvoice?(member: MemberRef, invoice: Invoice): Promise<SentMessage | null>;
  /** With `files`: sends a file privately; `null` when the person cannot be reached. */
  sendFile?(member: MemberRef, file: OutFile): Promise<SentMessage | null>;
  /** With `invoices`: answers a pre-checkout check (`payment_check` event); `error` is shown when refused. */
  answerPaymentCheck?(checkId: string, ok: boolean, error?: string): Promise<void>;
}
