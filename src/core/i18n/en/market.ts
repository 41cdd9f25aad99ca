const clicks = (n: number) => `${n} click${n === 1 ? '' : 's'}`;

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
  'market.revenue.payments': 'Payments will be counted here once paid entry is available.',
  'market.help.offer': 'Offers: add, list, remove, post, sponsored',
  'market.help.add': 'Title | http(s) URL | price currency [| description]',
  'market.help.list': 'Every offer with its tracked link',
  'market.help.remove': 'Remove an offer; its tracked link stops working',
  'market.help.post': 'Post an offer here with a button through its tracked link',
  'market.help.sponsored': 'Label an offer’s posts “Sponsored”, or not',
  'market.help.offers': 'What this circle offers (sent privately)',
  'market.help.revenue': 'Clicks per offer: last 7d, 30d or all time (sent privately)',
} satisfies Record<string, string | ((p: never) => string)>;
