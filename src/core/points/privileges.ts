import type { Privileges } from './settings.js';

/** Bare domains (no scheme, no path) count as links only with one of these endings. */
const BARE_TLDS = new Set(
  (
    'com net org edu gov mil int info biz name pro io co ai app dev xyz top shop store site online club vip ' +
    'link live tech cloud space fun icu cc tv gg ly su ru cn uk de fr jp kr hk tw sg ua pl nl ' +
    'br es eu ca au vn th id ph pk ir tr рф'
  ).split(' '),
);
const LABEL_CHAR = /[\p{L}\p{N}\p{M}_-]/u;
const ASCII_LABEL_CHAR = /[a-z0-9-]/i;
const TLD = /^(?:[a-z]{2,63}|рф)$/;
const SCHEME_BEFORE = /[a-z][a-z0-9+.-]*$/i;
const MAX_SCAN = 10_000;

/**
 * Whether a message holds a link: `scheme://…`, `www.…`, `domain.tld/…` for any alphabetic TLD, or a bare
 * `domain.tld` with a common TLD (`example.com`, `discord.gg`, `t.me/joinchat`; e-mail addresses count).
 * Decimals, versions, ellipses and `file.txt` do not. Reads the first 10 000 characters in one linear pass;
 * never throws.
 */
export function containsLink(text: string): boolean {
  const head = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  for (let at = head.indexOf('://'); at !== -1; at = head.indexOf('://', at + 3)) {
    const after = head[at + 3];
    if (
      after !== undefined &&
      !/\s/.test(after) &&
      SCHEME_BEFORE.test(head.slice(Math.max(0, at - 32), at))
    ) {
      return true;
    }
  }
  let labelStart = 0;
  for (let dot = head.indexOf('.'); dot !== -1; dot = head.indexOf('.', dot + 1)) {
    // Labels run between dots, so scanning left stops at the previous dot: the pass stays linear.
    let start = dot;
    while (start > labelStart && LABEL_CHAR.test(head[start - 1] ?? '')) start -= 1;
    labelStart = dot + 1;
    if (start === dot) continue;
    // The ASCII run after the dot is the candidate TLD, so `访问google.com看看` still ends in `com`.
    let end = dot + 1;
    while (end < head.length && ASCII_LABEL_CHAR.test(head[end] ?? '')) end += 1;
    if (end === dot + 1) while (end < head.length && LABEL_CHAR.test(head[end] ?? '')) end += 1;
    if (end === dot + 1) continue;
    if (head.slice(start, dot).toLowerCase() === 'www') return true;
    if (head[end] === '.' && LABEL_CHAR.test(head[end + 1] ?? '')) continue; // not the last label yet
    const tld = head.slice(dot + 1, end).toLowerCase();
    if (!TLD.test(tld)) continue;
    const next = head[end + 1];
    if (head[end] === '/' && next !== undefined && !/\s/.test(next)) return true;
    if (BARE_TLDS.has(tld)) return true;
  }
  return false;
}

/** Whether a post may stay, and if not, which privilege and level it lacks. */
export type PostCheck =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly needs: 'links' | 'media'; readonly level: number };

/**
 * Whether a member at `level` may post a message with a link and/or media, under the circle's
 * privileges (`null` = everyone may). When refused, says which privilege is missing and the level it
 * needs (links are checked before media). Admins are the caller's business. Pure, never throws.
 */
export function mayPost(input: {
  readonly level: number;
  readonly hasLink: boolean;
  readonly hasMedia: boolean;
  readonly privileges: Privileges;
}): PostCheck {
  const { level, privileges } = input;
  if (input.hasLink && privileges.links !== null && !(level >= privileges.links)) {
    return { allowed: false, needs: 'links', level: privileges.links };
  }
  if (input.hasMedia && privileges.media !== null && !(level >= privileges.media)) {
    return { allowed: false, needs: 'media', level: privileges.media };
  }
  return { allowed: true };
}
