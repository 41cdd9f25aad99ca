/** Telegram Stars: not an ISO 4217 code, and whole stars only. */
export const STARS = 'XTR';

/** Largest whole amount a price may have (well inside 2^53 once turned into minor units). */
export const MAX_WHOLE_AMOUNT = 999_999_999;

/** Why a text does not read as a price. */
export type PriceError =
  | { readonly kind: 'format'; readonly value: string }
  | { readonly kind: 'amount'; readonly value: string }
  | { readonly kind: 'currency'; readonly value: string }
  | { readonly kind: 'decimals'; readonly currency: string; readonly digits: number }
  | { readonly kind: 'too_big' };

/** A price as stored: an integer count of the currency's minor unit (cents, fen; whole stars for XTR). */
export interface Price {
  readonly minor: number;
  readonly currency: string;
}

let iso: ReadonlySet<string> | undefined;

/** ISO 4217 codes this Node knows (full ICU ships with Node 20); `null` when it cannot say. */
function isoCodes(): ReadonlySet<string> | null {
  if (iso) return iso;
  try {
    iso = new Set(Intl.supportedValuesOf('currency'));
    return iso;
  } catch {
    return null;
  }
}

/** `CNY`, `usd` → `USD`; `null` for anything that is neither an ISO 4217 code nor XTR. Never throws. */
export function readCurrency(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return null;
  if (code === STARS) return code;
  const known = isoCodes();
  return known === null || known.has(code) ? code : null;
}

/** Digits after the point the currency's minor unit has: 2 for CNY, 0 for JPY and XTR, 3 for KWD. */
export function minorDigits(currency: string): number {
  if (currency === STARS) return 0;
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    return digits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Reads `89.00 CNY` (or `89 cny`, `1,299.50 USD`, `50 XTR`): an amount with at most two decimals — and no
 * more than the currency's minor unit has — then a currency. Never throws.
 */
export function parsePrice(text: string): { ok: true; price: Price } | { ok: false; error: PriceError } {
  const input = text.trim();
  const parts = /^(\S*?)\s*([A-Za-z]{1,10})$/.exec(input);
  if (!parts || parts[1] === '') return { ok: false, error: { kind: 'format', value: clip(input) } };
  const [, amount = '', currencyWord = ''] = parts;
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) return { ok: false, error: { kind: 'amount', value: clip(amount) } };
  const currency = readCurrency(currencyWord);
  if (currency === null) return { ok: false, error: { kind: 'currency', value: clip(currencyWord) } };
  const whole = match[1]!.replaceAll(',', '').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  const digits = minorDigits(currency);
  const allowed = Math.min(2, digits);
  if (fraction.length > 2 || fraction.replace(/0+$/, '').length > allowed) {
    return { ok: false, error: { kind: 'decimals', currency, digits: allowed } };
  }
  if (whole.length > 9 || Number(whole) > MAX_WHOLE_AMOUNT) return { ok: false, error: { kind: 'too_big' } };
  const cents = fraction.padEnd(digits, '0').slice(0, digits);
  return { ok: true, price: { minor: Number(whole) * 10 ** digits + Number(cents || '0'), currency } };
}

/** `8900 CNY` → `89.00 CNY`; `50 XTR` → `50 XTR`. */
export function formatPrice(price: Price): string {
  const digits = minorDigits(price.currency);
  if (digits === 0) return `${price.minor} ${price.currency}`;
  const scale = 10 ** digits;
  const whole = Math.floor(price.minor / scale);
  const fraction = String(price.minor % scale).padStart(digits, '0');
  return `${whole}.${fraction} ${price.currency}`;
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
