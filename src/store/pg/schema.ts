import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// Only `import type` from the core here: drizzle-kit loads this file on its own, outside the app.
import type {
  Answer,
  ApplicationState,
  QuestionKind,
  QuestionSnapshot,
  Reason,
} from '../../core/gate/repo.js';
import type { PaymentProvider, PaymentStatus } from '../../core/market/payment.js';
import type { PaymentPurpose, ScheduledPostOutcome } from '../../core/market/repo.js';
import type { LedgerKind } from '../../core/points/repo.js';
import type { Platform } from '../../core/refs.js';
import type { MembershipStatus } from '../../core/repos.js';
import { JOB_STATUSES, type StoredCreditReport } from '../schema.js';

/**
 * The PostgreSQL schema: every table, column, index and unique constraint of the SQLite schema
 * (`../schema.ts`) under the same names, so one contract suite reads both (`test/store/schema-drift.test.ts`
 * fails when they drift apart). Types where PostgreSQL has better ones:
 * - times are `timestamptz(3)`: millisecond precision like a JS Date and SQLite's integer ms, but readable and
 *   comparable in SQL by an operator (`now() - at`), and `date_trunc`/`extract` work on them directly;
 * - platform ids (chats, users, messages, updates) stay TEXT: Discord snowflakes exceed 2^53;
 * - JSON columns are `jsonb`; Dates inside them are ISO strings, as in SQLite;
 * - ids (identity columns), the columns referring to them, points and money amounts are `bigint` read as JS
 *   numbers: SQLite's INTEGER is 64-bit, so any safe integer a caller passes is a valid value there too (an
 *   id from a payment reference finds nothing rather than failing as out of range for `integer`).
 */

const ms = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });
/** Ids and the columns referring to them (see above). */
const bigId = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();
const ref = (name: string) => bigint(name, { mode: 'number' });
const big = (name: string) => bigint(name, { mode: 'number' });

export const circles = pgTable(
  'circles',
  {
    id: bigId(),
    platform: text('platform').$type<Platform>().notNull(),
    chatId: text('chat_id').notNull(),
    title: text('title'),
    lang: text('lang').notNull().default('en'),
    /** Parsed through `circleSettingsSchema` on every read. */
    settings: jsonb('settings').$type<unknown>().notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('circles_platform_chat_uq').on(t.platform, t.chatId)],
);

export const members = pgTable(
  'members',
  {
    id: bigId(),
    platform: text('platform').$type<Platform>().notNull(),
    userId: text('user_id').notNull(),
    username: text('username'),
    /** `username` lower-cased in JS (the same folding as the SQLite store), for handle look-ups. */
    usernameLc: text('username_lc'),
    displayName: text('display_name'),
    firstSeenAt: ms('first_seen_at').notNull(),
  },
  (t) => [
    uniqueIndex('members_platform_user_uq').on(t.platform, t.userId),
    index('members_platform_username_lc_idx').on(t.platform, t.usernameLc),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
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

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigId(),
    circleId: ref('circle_id').references(() => circles.id),
    actorId: ref('actor_id').references(() => members.id),
    action: text('action').notNull(),
    targetId: ref('target_id').references(() => members.id),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: ms('at').notNull(),
  },
  (t) => [
    index('audit_log_circle_at_idx').on(t.circleId, t.at),
    index('audit_log_target_action_idx').on(t.targetId, t.action),
  ],
);

export const processedUpdates = pgTable(
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

export const jobs = pgTable(
  'jobs',
  {
    id: bigId(),
    kind: text('kind').notNull(),
    key: text('key').unique('jobs_key_uq'),
    payload: jsonb('payload').$type<unknown>(),
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

export const entryQuestions = pgTable(
  'entry_questions',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    /** 1-based and gap-free per circle (not UNIQUE: closing a gap shifts rows one by one). */
    position: integer('position').notNull(),
    kind: text('kind').$type<QuestionKind>().notNull(),
    prompt: text('prompt').notNull(),
    options: jsonb('options').$type<string[]>().notNull(),
    correct: jsonb('correct').$type<number[]>().notNull(),
  },
  (t) => [index('entry_questions_circle_position_idx').on(t.circleId, t.position)],
);

export const applications = pgTable(
  'applications',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    state: text('state').$type<ApplicationState>().notNull(),
    questions: jsonb('questions').$type<QuestionSnapshot[]>().notNull(),
    answers: jsonb('answers').$type<Answer[]>().notNull(),
    credit: jsonb('credit').$type<StoredCreditReport>(),
    reason: jsonb('reason').$type<Reason>(),
    decidedBy: ref('decided_by').references(() => members.id),
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

export const vouches = pgTable(
  'vouches',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    applicantId: ref('applicant_id')
      .notNull()
      .references(() => members.id),
    voucherId: ref('voucher_id')
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

export const creditCache = pgTable(
  'credit_cache',
  {
    provider: text('provider').notNull(),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    report: jsonb('report').$type<StoredCreditReport>().notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.memberId] })],
);

/** Every movement of points; for each member of a circle, the sum of `points` equals the standing's total. */
export const pointLedger = pgTable(
  'point_ledger',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').$type<LedgerKind>().notNull(),
    /** What really moved: a take larger than the total is stored capped. */
    points: big('points').notNull(),
    sourceKey: text('source_key').unique('point_ledger_source_key_uq'),
    actorId: ref('actor_id').references(() => members.id),
    note: text('note'),
    at: ms('at').notNull(),
  },
  (t) => [
    index('point_ledger_circle_at_idx').on(t.circleId, t.at),
    index('point_ledger_circle_member_idx').on(t.circleId, t.memberId),
  ],
);

/** One row per member who ever earned in a circle: the running total, its level and the rules' memory. */
export const pointStandings = pgTable(
  'point_standings',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    points: big('points').notNull().default(0),
    level: integer('level').notNull().default(0),
    lastActiveAt: ms('last_active_at'),
    /** A `MemberActivityState`, read back through `readActivityState`. */
    state: jsonb('state').$type<unknown>().notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.circleId, t.memberId] }),
    index('point_standings_circle_points_idx').on(t.circleId, t.points),
    index('point_standings_circle_active_idx').on(t.circleId, t.lastActiveAt),
    index('point_standings_member_idx').on(t.memberId),
  ],
);

export const checkinCodes = pgTable(
  'checkin_codes',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    points: big('points').notNull(),
    expiresAt: ms('expires_at'),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    createdBy: ref('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('checkin_codes_circle_code_uq').on(t.circleId, t.code)],
);

export const checkinRedemptions = pgTable(
  'checkin_redemptions',
  {
    codeId: ref('code_id')
      .notNull()
      .references(() => checkinCodes.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.codeId, t.memberId] })],
);

/** Offers a circle makes: merchant or payment links with a price, each reached through its tracked link. */
export const offers = pgTable(
  'offers',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    title: text('title').notNull(),
    url: text('url').notNull(),
    /** Integer count of the currency's minor unit (fen, cents; whole stars for XTR). */
    priceMinor: big('price_minor').notNull(),
    currency: text('currency').notNull(),
    description: text('description'),
    sponsored: boolean('sponsored').notNull().default(false),
    /** The tracked link's random code: `/l/<code>`. */
    code: text('code').notNull(),
    createdBy: ref('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: ms('created_at').notNull(),
    /** Soft delete: a removed offer keeps its clicks for `/revenue`, and its link answers 404. */
    removedAt: ms('removed_at'),
  },
  (t) => [uniqueIndex('offers_code_uq').on(t.code), index('offers_circle_idx').on(t.circleId)],
);

/** One row per hit on a tracked link; `member_id` only when a signed member token came with it. */
export const offerClicks = pgTable(
  'offer_clicks',
  {
    id: bigId(),
    offerId: ref('offer_id')
      .notNull()
      .references(() => offers.id),
    memberId: ref('member_id').references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [index('offer_clicks_offer_at_idx').on(t.offerId, t.at)],
);

/** One row per payment a provider confirmed, whatever it paid for; `member_id` null for unknown or forgotten payers. */
export const payments = pgTable(
  'payments',
  {
    id: bigId(),
    provider: text('provider').$type<PaymentProvider>().notNull(),
    providerPaymentId: text('provider_payment_id').notNull(),
    status: text('status').$type<PaymentStatus>().notNull(),
    amountMinor: big('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /**
     * The total given back so far, as the provider last reported it (cumulative, so only ever raised); a
     * payment in status `refunded` counts as given back in full whatever this says.
     */
    refundedMinor: big('refunded_minor').notNull().default(0),
    /** What circlebot put on the payment (`cb-a-12`, `cb-o-3-m-7`), as the provider returned it. */
    reference: text('reference'),
    purpose: text('purpose').$type<PaymentPurpose>().notNull(),
    circleId: ref('circle_id').references(() => circles.id),
    memberId: ref('member_id').references(() => members.id),
    /** A random id standing for a payer who asked to be forgotten (accounting keeps the row). */
    payerAlias: text('payer_alias'),
    applicationId: ref('application_id').references(() => applications.id),
    offerId: ref('offer_id').references(() => offers.id),
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
export const paymentEvents = pgTable(
  'payment_events',
  {
    provider: text('provider').$type<PaymentProvider>().notNull(),
    eventId: text('event_id').notNull(),
    paymentId: ref('payment_id')
      .notNull()
      .references(() => payments.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

/** An offer's posting schedule (one per offer): a cron pattern in a time zone, posted where it was set. */
export const offerSchedules = pgTable('offer_schedules', {
  offerId: ref('offer_id')
    .primaryKey()
    .references(() => offers.id),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull(),
  placePlatform: text('place_platform').$type<Platform>().notNull(),
  placeId: text('place_id').notNull(),
  createdBy: ref('created_by')
    .notNull()
    .references(() => members.id),
  createdAt: ms('created_at').notNull(),
});

/** One row per scheduled run of an offer, claimed before posting: a run is posted at most once. */
export const offerPosts = pgTable(
  'offer_posts',
  {
    offerId: ref('offer_id')
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
export const dashboardLoginTokens = pgTable('dashboard_login_tokens', {
  id: text('id').primaryKey(),
  memberId: ref('member_id')
    .notNull()
    .references(() => members.id),
  usedAt: ms('used_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
});

/** Dashboard sessions. `id` is the SHA-256 of the cookie's random token, so the table opens no session. */
export const dashboardSessions = pgTable(
  'dashboard_sessions',
  {
    id: text('id').primaryKey(),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    csrf: text('csrf').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('dashboard_sessions_expires_idx').on(t.expiresAt)],
);

/** Group messages and joins per circle and UTC day (days since 1970), counted as they happen. */
export const activityDays = pgTable(
  'activity_days',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    day: integer('day').notNull(),
    messages: integer('messages').notNull().default(0),
    joins: integer('joins').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.day] })],
);

/** Members welcomed during their current stay in a circle (the row goes when they leave): welcomed once. */
export const automationWelcomes = pgTable(
  'automation_welcomes',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** People who sent `/quiet`: no nudges in any circle. */
export const automationQuiet = pgTable('automation_quiet', {
  memberId: ref('member_id')
    .primaryKey()
    .references(() => members.id),
  at: ms('at').notNull(),
});

/** The last nudge of a member in a circle; `reached` is false when their private chat was closed. */
export const automationNudges = pgTable(
  'automation_nudges',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
    reached: boolean('reached').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** Admins who asked for a circle's weekly digest. */
export const automationDigestSubscribers = pgTable(
  'automation_digest_subscribers',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** One row per digest sent (claimed before sending): an admin gets each week's digest at most once. */
export const automationDigestSends = pgTable(
  'automation_digest_sends',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    periodEnd: ms('period_end').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId, t.periodEnd] })],
);
