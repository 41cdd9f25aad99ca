const clicks = (n: number) => `${n} click${n === 1 ? '' : 's'}`;
const payments = (n: number) => `${n} payment${n === 1 ? '' : 's'}`;

/** Messages of the market: offers, tracked links, posts, `/offers`, `/revenue`. */
export const market = {
  'market.describe': (p: { links: string }) => `Market: tracked links ${p.links}`,
  'market.describe.linksOff': 'off (set publicUrl)',
  'market.linksOff':
    'Tracked links are off: set publicUrl (env PUBLIC_URL) to the public https address of this server, with http enabled.',
  'market.err.format':
    'Write it like: /offer add Spring tea set | https://shop.example/tea | 89.00 CNY | optional description',
  'market.err.title': (p: { max: number }) => `The title must be 1 to ${p.max} characters.`,
  'market.err.url': (p: { value: string }) =>
    `“${p.value}” is not a web address: use a full http:// or https:// URL.`,
  'market.err.urlLength': (p: { max: number }) => `That address is too long: at most ${p.max} characters.`,
  'market.err.price': (p: { value: string }) =>
    `“${p.value}” is not a price: write an amount and a currency, like 89.00 CNY.`,
  'market.err.amount': (p: { value: string }) =>
    `“${p.value}” is not an amount: use digits with at most 2 decimals, like 89.00.`,
  'market.err.currency': (p: { value: string }) =>
    `“${p.value}” is not a currency: use a 3-letter ISO code such as CNY, USD or EUR, or XTR for Telegram Stars.`,
  'market.err.decimals': (p: { currency: string; digits: number }) =>
    `${p.currency} prices take at most ${p.digits} decimals.`,
  'market.err.wholeOnly': (p: { currency: string }) =>
    `${p.currency} has no smaller unit: write a whole amount.`,
  'market.err.tooBig': (p: { max: number }) => `That price is too high: at most ${p.max}.`,
  'market.err.description': (p: { max: number }) => `The description must be at most ${p.max} characters.`,
  'market.err.id': (p: { value: string }) => `“${p.value}” is not an offer number: see /offer list.`,
  'market.err.noSuch': (p: { id: number }) => `There is no offer #${p.id} here: see /offer list.`,
  'market.err.full': (p: { max: number }) => `This circle already has ${p.max} offers: remove one first.`,
  'market.added': (p: { id: number; title: string; price: string }) =>
    `Offer #${p.id} added: ${p.title} — ${p.price}. Post it with /offer post ${p.id}.`,
  'market.link': (p: { url: string }) => `Tracked link: ${p.url}`,
  'market.list.header': 'Offers in this circle:',
  'market.list.line': (p: { id: number; title: string; price: string; sponsored: string }) =>
    `#${p.id} ${p.title} — ${p.price}${p.sponsored}`,
  'market.list.sponsored': ' · sponsored',
  'market.list.url': (p: { url: string }) => `    → ${p.url}`,
  'market.list.link': (p: { url: string }) => `    tracked: ${p.url}`,
  'market.none': 'No offers yet. Add one with /offer add.',
  'market.removed': (p: { id: number; title: string }) =>
    `Offer #${p.id} (${p.title}) removed; its tracked link no longer works.`,
  'market.post.noLinks':
    'Not posted: tracked links need a public address. Set publicUrl (env PUBLIC_URL) to the public https address of this server, with http enabled, then try again.',
  'market.post.sponsored': 'Sponsored',
  'market.post.headline': (p: { title: string; price: string }) => `🛍 ${p.title} — ${p.price}`,
  'market.post.button': 'Open the offer',
  'market.sponsored.on': (p: { id: number }) => `Offer #${p.id} now carries a “Sponsored” label when posted.`,
  'market.sponsored.off': (p: { id: number }) => `Offer #${p.id} no longer carries a “Sponsored” label.`,
  'market.offers.header': (p: { circle: string }) => `What ${p.circle} offers:`,
  'market.offers.line': (p: { n: number; title: string; price: string; sponsored: string }) =>
    `${p.n}. ${p.title} — ${p.price}${p.sponsored}`,
  'market.offers.sponsored': ' (sponsored)',
  'market.offers.more': (p: { count: number }) => `…and ${p.count} more.`,
  'market.offers.none': 'This circle offers nothing yet.',
  'market.offers.noLinks': 'Links to the offers are not set up yet; an admin can fix that.',
  'market.revenue.header': (p: { circle: string; period: string }) => `Revenue of ${p.circle}, ${p.period}`,
  'market.revenue.period.7d': 'last 7 days',
  'market.revenue.period.30d': 'last 30 days',
  'market.revenue.period.all': 'all time',
  'market.revenue.clicks': 'Clicks per offer:',
  'market.revenue.line': (p: {
    id: number;
    title: string;
    clicks: number;
    members: number;
    removed: string;
  }) =>
    `#${p.id} ${p.title}${p.removed}: ${clicks(p.clicks)}, ${p.members} known member${p.members === 1 ? '' : 's'}`,
  'market.revenue.removed': ' (removed)',
  'market.revenue.total': (p: { clicks: number }) => `Total: ${clicks(p.clicks)}`,
  'market.revenue.noClicks': 'No clicks on tracked links in this period.',
  'market.revenue.payments': 'Payments:',
  'market.revenue.noPayments': 'No payments in this period.',
  'market.revenue.gross': (p: { count: number; amount: string }) =>
    `Gross: ${p.amount} (${payments(p.count)})`,
  'market.revenue.refunded': (p: { count: number; amount: string }) =>
    `Refunded: ${p.amount} (${payments(p.count)})`,
  'market.revenue.net': (p: { amount: string }) => `Net: ${p.amount}`,
  'market.revenue.amounts': (p: { net: string; gross: string; refunded: string }) =>
    p.refunded ? `${p.net} net of ${p.gross} paid, ${p.refunded} refunded` : p.net,
  'market.revenue.entry': (p: { count: number; amount: string }) =>
    `Entry fees: ${p.amount} (${payments(p.count)})`,
  'market.revenue.offer': (p: {
    id: number;
    title: string;
    count: number;
    amount: string;
    conversion: string;
  }) => `#${p.id} ${p.title}: ${p.amount} (${payments(p.count)})${p.conversion}`,
  'market.revenue.conversion': (p: { payers: number; members: number; percent: number }) =>
    ` — ${p.percent}% conversion (${p.payers} of ${p.members} clicking member${p.members === 1 ? '' : 's'} paid)`,
  'market.describe.paidEntry': (p: { price: string; method: string }) =>
    `Paid entry: ${p.price} by ${p.method}`,
  'market.describe.freeEntry': 'Paid entry: off (entry is free)',
  'market.entry.invoiceTitle': (p: { circle: string; price: string; time: string }) => `Entry to ${p.circle}`,
  'market.entry.invoiceDescription': (p: { circle: string; price: string; time: string }) =>
    `You passed the screening. Pay the entry fee within ${p.time} and you are let in at once.`,
  'market.entry.invoiceLabel': 'Entry fee',
  'market.entry.payLink': (p: { circle: string; price: string; time: string }) =>
    `You passed the screening for ${p.circle}. The entry fee is ${p.price}: pay within ${p.time} with the button below, and you are let in as soon as the payment is confirmed.`,
  'market.entry.payButton': (p: { circle: string; price: string; time: string }) => `Pay ${p.price}`,
  'market.entry.stale': 'This invoice is no longer open: the application was decided or its time ran out.',
  'market.entry.err.format':
    'Write it like: /paidentry 30 CNY stripe https://buy.stripe.com/… · /paidentry 50 XTR stars · /paidentry 30 CNY link https://pay.example/… · /paidentry off',
  'market.entry.err.starsCurrency': 'Telegram Stars prices are in XTR: /paidentry 50 XTR stars',
  'market.entry.err.starsMethod': 'XTR is paid with Telegram Stars: /paidentry 50 XTR stars',
  'market.entry.err.url': (p: { method: string }) =>
    `${p.method} needs the payment page: /paidentry 30 CNY ${p.method} https://…`,
  'market.entry.err.noInvoices': 'Stars invoices only work on Telegram: use stripe or link here.',
  'market.entry.current': (p: { price: string; method: string }) =>
    `Entry costs ${p.price}, paid by ${p.method}. /paidentry off makes it free.`,
  'market.entry.free': 'Entry is free. Charge a fee with /paidentry 30 CNY stripe https://buy.stripe.com/…',
  'market.entry.off':
    'Entry is free again; applicants who are already paying are still let in when they pay.',
  'market.entry.on': (p: { circle: string; price: string; method: string }) =>
    `Entry to ${p.circle} now costs ${p.price} (${p.method}): applicants who pass screening are let in once their payment is confirmed.`,
  'market.entry.gateOff':
    'Note: the gate is off, so nobody is screened or charged yet. Turn it on with /gate on.',
  'market.schedule.err.format': (p: { value: string }) =>
    `“${p.value}” is not a schedule: use a cron pattern of 5 fields, like 0 20 * * FRI (Fridays at 20:00).`,
  'market.schedule.err.invalid': (p: { value: string; detail: string }) =>
    `“${p.value}” is not a valid cron pattern (${p.detail}). Example: 0 20 * * FRI`,
  'market.schedule.err.often': (p: { value: string }) =>
    `“${p.value}” would post more than once every 10 minutes: choose a calmer schedule.`,
  'market.schedule.err.never': (p: { value: string }) =>
    `“${p.value}” never comes round: check the date fields.`,
  'market.schedule.err.zone': (p: { value: string }) =>
    `“${p.value}” is not a time zone: use a name like Asia/Shanghai, Europe/Berlin or UTC.`,
  'market.schedule.set': (p: { id: number; title: string; words: string; timezone: string; runs: string }) =>
    `Offer #${p.id} (${p.title}) will be posted here: ${p.words} (${p.timezone}). Next:\n${p.runs}`,
  'market.schedule.none': (p: { id: number }) => `Offer #${p.id} has no schedule.`,
  'market.schedule.removed': (p: { id: number; title: string }) =>
    `Offer #${p.id} (${p.title}) is no longer posted on a schedule.`,
  'market.schedule.zone': (p: { zone: string; count: number }) =>
    `Schedules set from now on read their times in ${p.zone}.${p.count > 0 ? ` Set the ${p.count} existing one(s) again to move them.` : ''}`,
  'market.schedule.missed.post':
    'A scheduled post missed while the bot was down is posted once when it is back.',
  'market.schedule.missed.skip': 'A scheduled post missed while the bot was down is skipped (and logged).',
  'market.schedule.line': (p: { words: string; timezone: string }) => `    ⏰ ${p.words} (${p.timezone})`,
  'market.help.offer':
    'Offers: add, list, remove, post, sponsored, schedule, unschedule, timezone, missed, points',
  'market.help.schedule': 'Post an offer here on a cron schedule, e.g. 0 20 * * FRI',
  'market.help.unschedule': 'Stop posting an offer on its schedule',
  'market.help.timezone': 'Time zone schedules are read in, e.g. Asia/Shanghai',
  'market.help.missed': 'A post missed while the bot was down: post it late, or skip it',
  'market.help.points': 'Points a completed payment earns the payer here (0: none)',
  'market.paymentPoints': (p: { points: number }) =>
    p.points > 0
      ? `Each completed payment now earns the payer ${p.points} points.`
      : 'Payments no longer earn points.',
  'market.help.paidentry': 'Entry fee: <price> <stars|stripe|link> [payment page], or off',
  'market.help.add': 'Title | http(s) URL | price currency [| description]',
  'market.help.list': 'Every offer with its tracked link',
  'market.help.remove': 'Remove an offer; its tracked link stops working',
  'market.help.post': 'Post an offer here with a button through its tracked link',
  'market.help.sponsored': 'Label an offer’s posts “Sponsored”, or not',
  'market.help.offers': 'What this circle offers (sent privately)',
  'market.help.revenue': 'Clicks, payments and conversion: last 7d, 30d or all time (sent privately)',
} satisfies Record<string, string | ((p: never) => string)>;
