import { badRequest, emptyParam, TG } from './errors.js';

/** A call's parameters as parsed from JSON, a form, or multipart (where every field is a string). */
export type Params = Record<string, unknown>;

/** Fields telegraf sends JSON-encoded inside multipart and form bodies. */
const JSON_FIELDS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'allowed_updates',
  'commands',
  'scope',
  'permissions',
  'prices',
  'reply_parameters',
  'link_preview_options',
  'results',
  'reaction',
]);

/** Decodes the JSON-encoded fields of a form body so every transport yields the same params. */
export function normaliseParams(raw: Params): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' && JSON_FIELDS.has(key)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // Left as the string; the method reports it as Telegram would.
      }
    }
    out[key] = value;
  }
  return out;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** `chat_id`: a number, a numeric string, or `@username`. Throws `chat_id is empty` when missing. */
export function chatIdParam(p: Params, name = 'chat_id'): number | string {
  const value = p[name];
  if (isBlank(value)) throw name === 'chat_id' ? badRequest(TG.chatIdEmpty) : emptyParam(name);
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value.startsWith('@')) return value;
    const n = Number(value);
    if (Number.isInteger(n)) return n;
  }
  throw badRequest(TG.chatNotFound);
}

export function optInt(p: Params, name: string): number | undefined {
  const value = p[name];
  if (isBlank(value)) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) throw badRequest(`Bad Request: invalid ${name} specified`);
  return n;
}

export function intParam(p: Params, name: string): number {
  const n = optInt(p, name);
  if (n === undefined) throw emptyParam(name);
  return n;
}

export function optString(p: Params, name: string): string | undefined {
  const value = p[name];
  if (isBlank(value)) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function stringParam(p: Params, name: string): string {
  const value = optString(p, name);
  if (value === undefined) throw emptyParam(name);
  return value;
}

export function optBool(p: Params, name: string): boolean | undefined {
  const value = p[name];
  if (isBlank(value)) return undefined;
  return value === true || value === 'true' || value === 1 || value === '1';
}

/** `allowed_updates`: undefined when absent (keep the previous setting), else the list of names. */
export function optStringList(p: Params, name: string): string[] | undefined {
  const value = p[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badRequest(`Bad Request: can't parse ${name} JSON array`);
  return value.map(String);
}
