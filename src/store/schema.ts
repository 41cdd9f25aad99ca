import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Only `import type` from the core here: drizzle-kit loads this file on its own, outside the app.
import type { Answer, ApplicationState, QuestionKind, QuestionSnapshot, Reason } from '../core/gate/repo.js';
import type { PaymentProvider, PaymentStatus } from '../core/market/payment.js';
import type { PaymentPurpose, ScheduledPostOutcome } from '../core/market/repo.js';
import type { LedgerKind } from '../core/points/repo.js';
import type { Platform } from '../core/refs.js';
import type { MembershipStatus } from '../core/repos.js';

/**
 * The SQLite schema. Times are integer milliseconds; platform ids (chats, users, messages, updates) are
 * TEXT because Discord snowflakes exceed 2^53. JSON columns hold plain JSON: Dates inside them are ISO
 * strings, turned back into Dates by the repositories (`sqlite/codec.ts`).
 */

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A credit report as stored in JSON: the Dates are ISO strings. */
export interface StoredCreditReport {
  readonly score: number;
  readonly verified: boolean | null;
  readonly factors: ReadonlyArray<{ readonly key: string; readonly points: number; readonly value: number }>;
  readonly source: string;
  readonly fetchedAt: string;
  readonly expiresAt?: string;
}

export const circles = sqliteTable(
  'circles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').$type<Platform>().notNull(),
    chatId: text('chat_id').notNull(),
    title: text('title'),
    lang: text('lang').notNull().default('en'),
    /** Parsed through `circleSettingsSchema` on every read. */
    settings: text('settings', { mode: 'json' }).$type<unknown>().notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('circles_platform_chat_uq').on(t.platform, t.chatId)],
);

export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').$type<Platform>().notNull(),
    userId: text('user_id').notNull(),
    username: text('username'),
    /** `username` lower-cased in JS (Unicode-aware, unlike SQLite's `lower`), for handle look-ups. */
    usernameLc: text('username_lc'),
    displayName: text('display_name'),
    firstSeenAt: ms('first_seen_at').notNull(),
  },
  (t) => [
    uniqueIndex('members_platform_user_uq').on(t.platform, t.userId),
    index('members_platform_username_lc_idx').on(t.platform, t.usernameLc),
  ],
);

export const memberships = sqliteTable(
  'memberships',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    status: text('status').$type<MembershipStatus>().notNull(),
    since: ms('since').notNull(),
    joinedAt: ms('joined_at'),
  },
  (t) => [
    primaryKey({ columns: [t.circleId, t.memberId] }),
    index('memberships_circle_status_idx').on(t.circleId, t.status),
    index('memberships_member_idx').on(t.memberId),
  ],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id').references(() => circles.id),
    actorId: integer('actor_id').references(() => members.id),
    action: text('action').notNull(),
    targetId: integer('target_id').references(() => members.id),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: ms('at').notNull(),
  },
  (t) => [
    index('audit_log_circle_at_idx').on(t.circleId, t.at),
    index('audit_log_target_action_idx').on(t.targetId, t.action),
  ],
);

export const processedUpdates = sqliteTable(
  'processed_updates',
  {
    platform: text('platform').$type<Platform>().notNull(),
    updateId: text('update_id').notNull(),
    processedAt: ms('processed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.updateId] }),
    index('processed_updates_at_idx').on(t.processedAt),
  ],
);

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    key: text('key').unique('jobs_key_uq'),
    payload: text('payload', { mode: 'json' }).$type<unknown>(),
    runAt: ms('run_at').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: ms('lease_until'),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
    finishedAt: ms('finished_at'),
  },
  (t) => [index('jobs_status_run_at_idx').on(t.status, t.runAt)],
);

export const entryQuestions = sqliteTable(
  'entry_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    /** 1-based and gap-free per circle (not UNIQUE: closing a gap shifts rows one by one). */
    position: integer('position').notNull(),
    kind: text('kind').$type<QuestionKind>().notNull(),
    prompt: text('prompt').notNull(),
    options: text('options', { mode: 'json' }).$type<string[]>().notNull(),
    correct: text('correct', { mode: 'json' }).$type<number[]>().notNull(),
  },
  (t) => [index('entry_questions_circle_position_idx').on(t.circleId, t.position)],
);

export const applications = sqliteTable(
  'applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    state: text('state').$type<ApplicationState>().notNull(),
    questions: text('questions', { mode: 'json' }).$type<QuestionSnapshot[]>().notNull(),
    answers: text('answers', { mode: 'json' }).$type<Answer[]>().notNull(),
    credit: text('credit', { mode: 'json' }).$type<StoredCreditReport>(),
    reason: text('reason', { mode: 'json' }).$type<Reason>(),
    decidedBy: integer('decided_by').references(() => members.id),
    reviewChatPlatform: text('review_chat_platform').$type<Platform>(),
    reviewChatId: text('review_chat_id'),
    reviewMessageId: text('review_message_id'),
    createdAt: ms('created_at').notNull(),
    deadline: ms('deadline').notNull(),
    decidedAt: ms('decided_at'),
  },
  (t) => [
    index('applications_circle_member_state_idx').on(t.circleId, t.memberId, t.state),
    index('applications_member_state_idx').on(t.memberId, t.state),
  ],
);

export const vouches = sqliteTable(
  'vouches',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    applicantId: integer('applicant_id')
      .notNull()
      .references(() => members.id),
    voucherId: integer('voucher_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.circleId, t.applicantId, t.voucherId] }),
    index('vouches_applicant_idx').on(t.applicantId),
    index('vouches_voucher_idx').on(t.voucherId),
  ],
);

export const creditCache = sqliteTable(
  'credit_cache',
  {
    provider: text('provider').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    report: text('report', { mode: 'json' }).$type<StoredCreditReport>().notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.memberId] })],
);

/**
 * Every movement of points, the truth the standings are kept in step with: for each member of a circle,
 * the sum of `points` equals the standing's total. `source_key` makes an event count once, globally.
 */
export const pointLedger = sqliteTable(
  'point_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').$type<LedgerKind>().notNull(),
    /** What really moved: a take larger than the total is stored capped. */
    points: integer('points').notNull(),
    sourceKey: text('source_key').unique('point_ledger_source_key_uq'),
    actorId: integer('actor_id').references(() => members.id),
    note: text('note'),
    at: ms('at').notNull(),
  },
  (t) => [
    index('point_ledger_circle_at_idx').on(t.circleId, t.at),
    index('point_ledger_circle_member_idx').on(t.circleId, t.memberId),
  ],
);

/** One row per member who ever earned in a circle: the running total, its level and the rules' memory. */
export const pointStandings = sqliteTable(
  'point_standings',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    points: integer('points').notNull().default(0),
    level: integer('level').notNull().default(0),
    lastActiveAt: ms('last_active_at'),
    /** A `MemberActivityState`, read back through `readActivityState`. */
    state: text('state', { mode: 'json' }).$type<unknown>().notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.circleId, t.memberId] }),
    index('point_standings_circle_points_idx').on(t.circleId, t.points),
    index('point_standings_circle_active_idx').on(t.circleId, t.lastActiveAt),
    // Community credit reads a member's best level across circles; member_id is never updated, so this
    // index costs nothing on the hot path.
    index('point_standings_member_idx').on(t.memberId),
  ],
);

export const checkinCodes = sqliteTable(
  'checkin_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    points: integer('points').notNull(),
    expiresAt: ms('expires_at'),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    createdBy: integer('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('checkin_codes_circle_code_uq').on(t.circleId, t.code)],
);

export const checkinRedemptions = sqliteTable(
  'checkin_redemptions',
  {
    codeId: integer('code_id')
      .notNull()
      .references(() => checkinCodes.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.codeId, t.memberId] })],
);

/** Offers a circle makes: merchant or payment links with a price, each reached through its tracked link. */
export const offers = sqliteTable(
  'offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    title: text('title').notNull(),
    url: text('url').notNull(),
    /** Integer count of the currency's minor unit (fen, cents; whole stars for XTR). */
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency').notNull(),
    description: text('description'),
    sponsored: integer('sponsored', { mode: 'boolean' }).notNull().default(false),
    /** The tracked link's random code: `/l/<code>`. */
    code: text('code').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: ms('created_at').notNull(),
    /** Soft delete: a removed offer keeps its clicks for `/revenue`, and its link answers 404. */
    removedAt: ms('removed_at'),
  },
  (t) => [uniqueIndex('offers_code_uq').on(t.code), index('offers_circle_idx').on(t.circleId)],
);

/** One row per hit on a tracked link; `member_id` only when a signed member token came with it. */
export const offerClicks = sqliteTable(
  'offer_clicks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    offerId: integer('offer_id')
      .notNull()
      .references(() => offers.id),
    memberId: integer('member_id').references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [index('offer_clicks_offer_at_idx').on(t.offerId, t.at)],
);

/**
 * One row per payment a provider confirmed (Stripe, Standard Webhooks, Telegram Stars), whatever it paid for.
 * `member_id` is nullable: unknown payers, and `/forgetme` replaces the payer with `payer_alias`.
 */
export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    provider: text('provider').$type<PaymentProvider>().notNull(),
    providerPaymentId: text('provider_payment_id').notNull(),
    status: text('status').$type<PaymentStatus>().notNull(),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /**
     * The total given back so far, as the provider last reported it (cumulative, so only ever raised); a
     * payment in status `refunded` counts as given back in full whatever this says.
     */
    refundedMinor: integer('refunded_minor').notNull().default(0),
    /** What circlebot put on the payment (`cb-a-12`, `cb-o-3-m-7`), as the provider returned it. */
    reference: text('reference'),
    purpose: text('purpose').$type<PaymentPurpose>().notNull(),
    circleId: integer('circle_id').references(() => circles.id),
    memberId: integer('member_id').references(() => members.id),
    /** A random id standing for a payer who asked to be forgotten (accounting keeps the row). */
    payerAlias: text('payer_alias'),
    applicationId: integer('application_id').references(() => applications.id),
    offerId: integer('offer_id').references(() => offers.id),
    /** When the provider says the newest event applied happened: older events are kept out. */
    lastEventAt: ms('last_event_at').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('payments_provider_id_uq').on(t.provider, t.providerPaymentId),
    index('payments_circle_created_idx').on(t.circleId, t.createdAt),
    index('payments_member_idx').on(t.memberId),
    index('payments_application_idx').on(t.applicationId),
  ],
);

/** Provider event ids already applied: a redelivered webhook changes nothing. */
export const paymentEvents = sqliteTable(
  'payment_events',
  {
    provider: text('provider').$type<PaymentProvider>().notNull(),
    eventId: text('event_id').notNull(),
    paymentId: integer('payment_id')
      .notNull()
      .references(() => payments.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

/** An offer's posting schedule (one per offer): a cron pattern in a time zone, posted where it was set. */
export const offerSchedules = sqliteTable('offer_schedules', {
  offerId: integer('offer_id')
    .primaryKey()
    .references(() => offers.id),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull(),
  placePlatform: text('place_platform').$type<Platform>().notNull(),
  placeId: text('place_id').notNull(),
  createdBy: integer('created_by')
    .notNull()
    .references(() => members.id),
  createdAt: ms('created_at').notNull(),
});

/**
 * One row per scheduled run of an offer, claimed before posting: a run is posted at most once, however often
 * its job fires (restarts, two processes).
 */
export const offerPosts = sqliteTable(
  'offer_posts',
  {
    offerId: integer('offer_id')
      .notNull()
      .references(() => offers.id),
    slot: ms('slot').notNull(),
    outcome: text('outcome').$type<ScheduledPostOutcome>().notNull(),
    messageId: text('message_id'),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.slot] })],
);

/** Dashboard login links already used: a link opens one session, once. Rows past `expires_at` may go. */
export const dashboardLoginTokens = sqliteTable('dashboard_login_tokens', {
  id: text('id').primaryKey(),
  memberId: integer('member_id')
    .notNull()
    .references(() => members.id),
  usedAt: ms('used_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
});

/** Dashboard sessions. `id` is the SHA-256 of the cookie's random token, so the table opens no session. */
export const dashboardSessions = sqliteTable(
  'dashboard_sessions',
  {
    id: text('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    csrf: text('csrf').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('dashboard_sessions_expires_idx').on(t.expiresAt)],
);

/** Group messages and joins per circle and UTC day (days since 1970), counted as they happen. */
export const activityDays = sqliteTable(
  'activity_days',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    day: integer('day').notNull(),
    messages: integer('messages').notNull().default(0),
    joins: integer('joins').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.day] })],
);

/** Members welcomed during their current stay in a circle (the row goes when they leave): welcomed once. */
export const automationWelcomes = sqliteTable(
  'automation_welcomes',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** People who sent `/quiet`: no nudges in any circle. */
export const automationQuiet = sqliteTable('automation_quiet', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  at: ms('at').notNull(),
});

/** The last nudge of a member in a circle; `reached` is false when their private chat was closed. */
export const automationNudges = sqliteTable(
  'automation_nudges',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
    reached: integer('reached', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** Admins who asked for a circle's weekly digest. */
export const automationDigestSubscribers = sqliteTable(
  'automation_digest_subscribers',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** One row per digest sent (claimed before sending): an admin gets each week's digest at most once. */
export const automationDigestSends = sqliteTable(
  'automation_digest_sends',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    periodEnd: ms('period_end').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId, t.periodEnd] })],
);
