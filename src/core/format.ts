import type { MemberRecord } from './repos.js';

/** `@name`, else the display name, else the platform id. */
export function labelOf(member: Pick<MemberRecord, 'username' | 'displayName' | 'ref'>): string {
  if (member.username) return `@${member.username}`;
  return member.displayName ?? member.ref.id;
}

/** `2026-01-01 12:00 UTC` — one format for every language. */
export function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-11-27 20:00 Asia/Shanghai`: a time as the clocks of a zone show it. */
export function formatTimeIn(at: Date, timeZone: string): string {
  if (timeZone === 'UTC') return formatTime(at);
  // Sweden's format is ISO-like: `2026-11-27 20:00`.
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${local} ${timeZone}`;
}
