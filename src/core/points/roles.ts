import type { PointsSettings } from './settings.js';

/**
 * The level roles a member at `level` should hold and those to take away: with `stack` every role of a
 * level reached; with `replace` only the highest one. Pure.
 */
export function levelRolesFor(settings: Pick<PointsSettings, 'levelRoles' | 'levelRoleMode'>, level: number) {
  const entries = Object.entries(settings.levelRoles)
    .map(([at, role]) => ({ at: Number(at), role }))
    .sort((a, b) => a.at - b.at);
  const reached = entries.filter((e) => e.at <= level);
  const keep = settings.levelRoleMode === 'replace' ? reached.slice(-1) : reached;
  const grant = keep.map((e) => e.role);
  const revoke = entries.map((e) => e.role).filter((role) => !grant.includes(role));
  return { grant, revoke };
}
