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
