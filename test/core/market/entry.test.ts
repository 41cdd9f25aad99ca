import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { Logger } from '../../../src/core/logger.js';
import { paidEntry } from '../../../src/core/market/entry.js';
import type { PaymentNotice } from '../../../src/core/market/payment.js';
import { PaymentService } from '../../../src/core/market/payments.js';
import { entryReference } from '../../../src/core/market/references.js';
import type { PaidEntry } from '../../../src/core/market/settings.js';
import type { ChatPort, Invoice, OutMessage } from '../../../src/core/port.js';
import { Ports } from '../../../src/core/ports.js';
import type { MemberRef } from '../../../src/core/refs.js';
import type { Store } from '../../../src/core/store.js';
import { openSqliteStore } from '../../../src/store/open.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };
const LINK: PaidEntry = { priceMinor: 3000, currency: 'CNY', method: 'link', url: 'https://pay.example/tea' };
const STARS: PaidEntry = { priceMinor: 50, currency: 'XTR', method: 'stars', url: null };

let dir: string;
let store: Store;
let clock: ManualClock;
let dms: Array<{ to: MemberRef; message: OutMessage }>;
let invoices: Array<{ to: MemberRef; invoice: Invoice }>;
/** Whether the applicant's private chat is open to the bot. */
let reachable: boolean;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'circlebot-entry-'));
  store = openSqliteStore(join(dir, 'circlebot.db'));
  clock = new ManualClock();
  dms = [];
  invoices = [];
  reachable = true;
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A Telegram port that records private messages and invoices. */
function ports(): Ports {
  const port: ChatPort = {
    platform: 'telegram',
    capabilities: new Set(['invoices']),
    send: async (chat) => ({ chat, messageId: '1' }),
    sendDirect: async (to, message) => {
      if (!reachable) return null;
      dms.push({ to, message });
      return { chat: { platform: 'telegram', id: to.id }, messageId: String(dms.length) };
    },
    sendInvoice: async (to, invoice) => {
      if (!reachable) return null;
      invoices.push({ to, invoice });
      return { chat: { platform: 'telegram', id: to.id }, messageId: String(invoices.length) };
    },
    edit: async () => {},
    deleteMessage: async () => {},
    acknowledge: async () => {},
    approveJoin: async () => 'done',
    declineJoin: async () => 'done',
    kick: async () => {},
    isAdmin: async () => false,
    registerCommands: async () => {},
    checkSetup: async () => [],
  };
  const all = new Ports();
  all.add(port);
  return all;
}

/** Tea lovers with an entry fee; Ann has just passed screening. */
async function passed(fee: PaidEntry) {
  const now = clock.now();
  const created = await store.circles.ensure({ platform: 'telegram', id: '-1001' }, 'Tea lovers', now);
  const circle = await store.circles.updateSettings(created.id, {
    ...created.settings,
    market: { ...created.settings.market, paidEntry: fee },
  });
  const ann = await store.members.upsert({ platform: 'telegram', id: '7' }, { username: 'ann' }, now);
  const application = await store.gate.createApplication({
    circleId: circle.id,
    memberId: ann.id,
    questions: [],
    createdAt: now,
    deadline: new Date(now.getTime() + 3_600_000),
  });
  const entry = paidEntry({ store, ports: ports(), log: silentLog });
  return { circle, ann, application, entry };
}

/** The applicant pays before the verdict, through the payments service (it admits nobody yet). */
async function paysEarly(applicationId: number, more: Partial<PaymentNotice> = {}) {
  const service = new PaymentService({ store, clock, log: silentLog, onEntryPaid: async () => null });
  await service.receive({
    provider: 'stripe',
    providerPaymentId: 'pi_1',
    eventId: 'evt_1',
    status: 'completed',
    amountMinor: 3000,
    currency: 'CNY',
    reference: entryReference(applicationId),
    occurredAt: clock.now(),
    ...more,
  });
}

describe('paid entry: asking a screened applicant to pay', () => {
  it('sends the payment link naming the application, privately', async () => {
    const { circle, ann, application, entry } = await passed(LINK);
    expect(entry.required(circle)).toBe(true);
    expect(await entry.request(circle, ann, application)).toBe('asked');
    expect(dms).toHaveLength(1);
    expect(dms[0]?.to).toEqual(ann.ref);
    const button = dms[0]?.message.buttons?.[0]?.[0];
    const url = new URL(button && 'url' in button ? button.url : '');
    expect(url.origin + url.pathname).toBe('https://pay.example/tea');
    expect(url.searchParams.get('client_reference_id')).toBe(entryReference(application.id));
  });

  it('asks with a Stars invoice whose payload names the application', async () => {
    const { circle, ann, application, entry } = await passed(STARS);
    expect(await entry.request(circle, ann, application)).toBe('asked');
    expect(invoices).toMatchObject([
      { to: ann.ref, invoice: { payload: entryReference(application.id), currency: 'XTR', amountMinor: 50 } },
    ]);
    expect(dms).toEqual([]);
  });

  it('an applicant whose private chat is closed cannot be asked', async () => {
    const { circle, ann, application, entry } = await passed(LINK);
    reachable = false;
    expect(await entry.request(circle, ann, application)).toBe('unreachable');
  });

  it('a payment of the fee that came before the verdict counts: nothing is asked', async () => {
    const { circle, ann, application, entry } = await passed(LINK);
    await paysEarly(application.id);
    expect(await entry.request(circle, ann, application)).toBe('paid');
    expect(dms).toEqual([]);
  });

  it('a short payment that came before the verdict does not: the applicant is asked for the fee', async () => {
    const { circle, ann, application, entry } = await passed(LINK);
    await paysEarly(application.id, { amountMinor: 100 });
    expect(await entry.request(circle, ann, application)).toBe('asked');
    expect(dms).toHaveLength(1);
  });

  it('nor does the amount paid in another currency', async () => {
    const { circle, ann, application, entry } = await passed(LINK);
    await paysEarly(application.id, { amountMinor: 3000, currency: 'USD' });
    expect(await entry.request(circle, ann, application)).toBe('asked');
  });
});
