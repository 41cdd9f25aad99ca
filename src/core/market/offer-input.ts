import type { MessageKey } from '../i18n/index.js';
import { MAX_WHOLE_AMOUNT, type PriceError, parsePrice } from './money.js';

export const MAX_TITLE = 100;
export const MAX_URL = 2000;
export const MAX_DESCRIPTION = 500;

/** An offer as an admin typed it, checked. */
export interface OfferInput {
  readonly title: string;
  readonly url: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly description: string | null;
}

export type OfferInputResult =
  | { readonly ok: true; readonly offer: OfferInput }
  | { readonly ok: false; readonly key: MessageKey; readonly params: Record<string, string | number> };

const fail = (key: MessageKey, params: Record<string, string | number> = {}): OfferInputResult => ({
  ok: false,
  key,
  params,
});

/**
 * The merchant or payment address of an offer: an absolute http(s) URL with a host, no credentials, at most
 * `MAX_URL` characters, returned as the WHATWG parser normalises it. `null` otherwise. Never throws.
 */
export function readOfferUrl(raw: string): string | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_URL || /\s/.test(text)) return null;
  if (!/^https?:\/\//i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.href.length > MAX_URL ? null : url.href;
}

function priceFailure(error: PriceError): OfferInputResult {
  switch (error.kind) {
    case 'format':
      return fail('market.err.price', { value: error.value });
    case 'amount':
      return fail('market.err.amount', { value: error.value });
    case 'currency':
      return fail('market.err.currency', { value: error.value });
    case 'decimals':
      return error.digits === 0
        ? fail('market.err.wholeOnly', { currency: error.currency })
        : fail('market.err.decimals', { currency: error.currency, digits: error.digits });
    case 'too_big':
      return fail('market.err.tooBig', { max: MAX_WHOLE_AMOUNT });
  }
}

/**
 * Reads `/offer add`'s text: `title | url | price currency [| description]` (a description may itself hold
 * `|`). Each bad part gets its own message key. Never throws, whatever the string.
 */
export function parseOfferInput(text: string): OfferInputResult {
  const [title = '', url, price, ...rest] = text.split('|').map((part) => part.trim());
  if (url === undefined || price === undefined) return fail('market.err.format');
  if (title === '' || [...title].length > MAX_TITLE) return fail('market.err.title', { max: MAX_TITLE });
  if (url.length > MAX_URL) return fail('market.err.urlLength', { max: MAX_URL });
  const href = readOfferUrl(url);
  if (href === null) return fail('market.err.url', { value: clip(url) });
  const parsed = parsePrice(price);
  if (!parsed.ok) return priceFailure(parsed.error);
  const description = rest.join(' | ').trim();
  if ([...description].length > MAX_DESCRIPTION) {
    return fail('market.err.description', { max: MAX_DESCRIPTION });
  }
  return {
    ok: true,
    offer: {
      title,
      url: href,
      priceMinor: parsed.price.minor,
      currency: parsed.price.currency,
      description: description === '' ? null : description,
    },
  };
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
