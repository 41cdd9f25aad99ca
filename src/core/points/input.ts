import { randomBytes } from 'node:crypto';
import { parseDuration } from '../duration.js';
import type { PointsSettings } from './settings.js';

/** What the points commands read from admins' free text: event definitions, decay rules, new codes. */

/** The most points one admin command or one event may give or take. */
export const MAX_AMOUNT = 1_000_000;

/** Check-in codes: 8 letters and digits people can type, without look-alikes (0/O, 1/I/L). */
export function newCheckinCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Reads `Spring meetup 50 expires 3d uses 100`; `null` when it does not fit. Never throws. */
export function parseEvent(
  text: string,
): { title: string; points: number; expiresMs: number | null; uses: number | null } | null {
  const words = text.trim().split(/\s+/);
  let uses: number | null = null;
  let expiresMs: number | null = null;
  for (;;) {
    const [key, value] = words.slice(-2);
    if (key?.toLowerCase() === 'uses' && value && /^\d{1,6}$/.test(value) && Number(value) > 0)
      uses = Number(value);
    else if (key?.toLowerCase() === 'expires' && value && parseDuration(value) !== null)
      expiresMs = parseDuration(value);
    else break;
    words.splice(-2, 2);
  }
  const points = words.pop();
  if (!points || !/^\d{1,7}$/.test(points) || Number(points) < 1 || Number(points) > MAX_AMOUNT) return null;
  const title = words.join(' ').trim();
  if (title === '' || title.length > 100) return null;
  return { title, points: Number(points), expiresMs, uses };
}

/** Reads `2%/week after 30d` (or `off`). Never throws. */
export function parseDecay(text: string): PointsSettings['decay'] | 'invalid' {
  const input = text.trim().toLowerCase();
  if (input === 'off') return null;
  const match = /^(\d{1,2}(?:\.\d{1,2})?)%\s*\/\s*week\s+after\s+(\d{1,4})d$/.exec(input);
  if (!match) return 'invalid';
  const percentPerWeek = Number(match[1]);
  const afterDays = Number(match[2]);
  if (percentPerWeek <= 0 || percentPerWeek > 100 || afterDays < 1 || afterDays > 3650) return 'invalid';
  return { percentPerWeek, afterDays };
}
