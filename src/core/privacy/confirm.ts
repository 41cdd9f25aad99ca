import { createHash } from 'node:crypto';

const HOUR_MS = 3_600_000;

/**
 * The code that confirms `/forgetme` when typed back. It guards against a slip, not an attacker (only the
 * member can run commands as the member), so it needs no secret: the member's id and the hour, hashed.
 */
function codeFor(memberId: number, hour: number): string {
  return createHash('sha256').update(`forgetme:${memberId}:${hour}`).digest('hex').slice(0, 6).toUpperCase();
}

export function forgetCode(memberId: number, now: Date): string {
  return codeFor(memberId, Math.floor(now.getTime() / HOUR_MS));
}

/** Codes from this hour and the one before are accepted (so one issued at 10:59 works at 11:01). */
export function checkForgetCode(memberId: number, code: string, now: Date): boolean {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  const given = code.trim().toUpperCase();
  return given === codeFor(memberId, hour) || given === codeFor(memberId, hour - 1);
}

/** Button data of the confirmation: `privacy:forget:<expires ms>`; the presser is who is forgotten. */
export const forgetButton = (expiresAt: Date) => `privacy:forget:${expiresAt.getTime()}`;

/** When a confirmation button expires; `null` for anything else. */
export function readForgetButton(data: string): Date | null {
  const match = /^privacy:forget:(\d{13})$/.exec(data);
  return match ? new Date(Number(match[1])) : null;
}
