import { type Catalog, en } from './en.js';
import { zhCN } from './zh-CN.js';

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];
export type { Catalog };
export type MessageKey = keyof Catalog;

/** Keys whose message takes no parameters (command help lines, button labels). */
export type TextKey = { [K in MessageKey]: Catalog[K] extends string ? K : never }[MessageKey];

/** The parameters a key takes: none for plain strings, one object for templates. */
export type ParamsOf<K extends MessageKey> = Catalog[K] extends (p: infer P) => string ? [params: P] : [];

const catalogs: Record<Lang, Catalog> = { en, 'zh-CN': zhCN };

/** Renders a message in a language. Never throws for a typed key. */
export function t<K extends MessageKey>(lang: Lang, key: K, ...params: ParamsOf<K>): string {
  const entry = catalogs[lang][key] as string | ((p: unknown) => string);
  return typeof entry === 'function' ? entry(params[0]) : entry;
}

/** Renders a key known only at run time (e.g. a reason stored in the database); falls back to the key. */
export function tDynamic(lang: Lang, key: string, params: Record<string, unknown> = {}): string {
  const entry = (catalogs[lang] as Record<string, string | ((p: unknown) => string)>)[key];
  if (entry === undefined) return key;
  return typeof entry === 'function' ? entry(params) : entry;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Maps a platform language code (`zh-hans`, `zh`, `en-US`) to a catalog language. */
export function langFromCode(code: string | undefined): Lang {
  return code?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function catalogOf(lang: Lang): Catalog {
  return catalogs[lang];
}
