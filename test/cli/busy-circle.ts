import Database from 'better-sqlite3';
import type { PaymentNotice } from '../../src/core/market/payment.js';
import { type ConsoleBot, startConsoleBot } from '../e2e/console-harness.js';
import { startFakeCreditProvider } from '../fakes/credit-provider.js';

const PUBLIC_URL = 'https://circle.example';
const DAY = 24 * 60 * 60_000;

/** Opens a link the bot printed against its own HTTP server (the public URL is not this machine). */
async function open(bot: ConsoleBot, link: string) {
  const url = new URL(link);
  return bot.app.http!.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
}

/** Logs in to the dashboard with a one-time link, as the owner's browser would. */
async function logIn(bot: ConsoleBot, link: string): Promise<void> {
  const url = new URL(link);
  const page = await open(bot, link);
  const nonce = /name="_login" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await bot.app.http!.inject({
    method: 'POST',
    url: '/dashboard/login',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ t: url.searchParams.get('t')!, _login: nonce }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`dashboard login answered ${res.statusCode}`);
}

function match(out: string, pattern: RegExp): string {
  const found = pattern.exec(out)?.[1] ?? pattern.exec(out)?.[0];
  if (!found) throw new Error(`${pattern} not in:\n${out}`);
  return found;
}

const payment = (reference: string | null, id: string, more: Partial<PaymentNotice> = {}): PaymentNotice => ({
  provider: 'standard',
  providerPaymentId: `pay_${id}`,
  eventId: `evt_${id}`,
  status: 'completed',
  amountMinor: 3000,
  currency: 'CNY',
  reference,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 12)),
  ...more,
});

/**
 * A circle that has lived a while, made through the real app (the console adapter, its HTTP server and its
 * payment sink) on the SQLite file `dbFile`: entry questions, applications with answers (approved after
 * review, vouched, paid), points from messages and a check-in, offers posted by hand and on a schedule with
 * clicks, payments and a refund, a dashboard login, welcome/rules/digest/nudges/quiet/autodelete, a weekly
 * digest and nudges sent as the clock moves on. Every table ends up with rows (the test checks).
 */
export async function fillBusyCircle(dbFile: string): Promise<void> {
  const provider = await startFakeCreditProvider({ secret: 's3cret' });
  const bot = await startConsoleBot({
    dbFile,
    config: {
      http: { enabled: true, port: 0 },
      publicUrl: PUBLIC_URL,
      credit: { providers: [{ name: 'sesame', url: provider.url, secret: 's3cret', timeoutMs: 2_000 }] },
    },
  });
  try {
    await bot.run(
      'owner: hello, I run this circle',
      'owner: /question add Which tea is green? | *Longjing | Pu-erh',
      'owner: /question add Why do you want to join?',
      'owner: /gate on',
      'owner: /gate vouchfloor 550',
      'owner: /welcome set Welcome {name} to {circle}!',
      'owner: /rules set Be kind; no spam',
      'owner: /digest weekly',
      'owner: /nudge 14d',
      'owner: /autodelete 2m',
      'owner: /level links 1',
    );
    // Members chatting (a minute apart: a message counts once a minute).
    for (const [i, who] of ['bob', 'kim', 'bob', 'kim', 'bob'].entries()) {
      await bot.run(`${who}: message number ${i} about oolong and green tea`);
      await bot.advance(61_000);
    }
    // An applicant answers both questions and is approved by the owner after review, with a vouch.
    await bot.run('carol joins', 'carol presses 1', 'carol dm: I organise tea tastings in Hangzhou');
    const vouch = await bot.run('bob: /vouch @carol');
    if (!vouch.includes('You vouched for @carol.')) throw new Error(`no vouch: ${vouch}`);
    await bot.run('owner: /approve @carol');
    await bot.run('carol: thanks everyone, happy to be here');
    // A check-in code redeemed.
    const event = await bot.run('owner: /event create Tea tasting 30');
    await bot.run(`bob: /checkin ${match(event, /: ([A-Z0-9]{8}) — worth 30 points/)}`);
    await bot.run('owner: /points give @kim 50 helped at the tasting', 'owner: /points take @bob 5 spam');
    // Offers: posted by hand and on a schedule; clicked, anonymously and by a known member.
    const added = await bot.run(
      'owner: /offer add Spring tea set | https://shop.example/tea | 89.00 CNY | Loose-leaf oolong, 200 g',
    );
    await bot.run('owner: /offer sponsored 1 on', 'owner: /offer post 1');
    await open(bot, match(added, /https:\/\/circle\.example\/l\/[0-9A-Za-z]{12}/));
    await bot.run('bob: /offers');
    await open(bot, match(await bot.run('bob presses 1'), /button \d+ is a link: (\S+)/));
    await bot.run('owner: /offer schedule 1 0 20 * * *');
    // Paid entry: dave passes screening, pays, and is let in; a second payment is refunded.
    await bot.run('owner: /paidentry 30 CNY link https://pay.example/circle');
    await bot.run('dave joins', 'dave presses 1', 'dave dm: a friend told me', 'owner: /approve @dave');
    await bot.app.payments.receive(payment('cb-a-2', 'dave'));
    await bot.app.payments.receive(payment(null, 'gift', { amountMinor: 500 }));
    await bot.app.payments.receive(
      payment(null, 'gift', { eventId: 'evt_gift_refund', status: 'refunded', amountMinor: 500 }),
    );
    await bot.run();
    // The owner's dashboard.
    await logIn(
      bot,
      match(await bot.run('owner: /dashboard'), /https:\/\/circle\.example\/dashboard\/login\?t=\S+/),
    );
    // kim asks for no nudges; time passes: scheduled posts, the weekly digest and nudges go out.
    await bot.run('kim: /quiet', 'bob: /rank');
    for (let day = 0; day < 16; day++) await bot.advance(DAY);
  } finally {
    await bot.stop();
    await provider.close();
  }
}

/** Tables of a SQLite file that hold no row (drizzle's own left out). */
export function emptyTables(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    const tables = db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name",
      )
      .pluck()
      .all() as string[];
    return tables.filter((t) => db.prepare(`select count(*) from "${t}"`).pluck().get() === 0);
  } finally {
    db.close();
  }
}
