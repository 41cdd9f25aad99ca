import { ALL_PERMISSIONS, Perm } from './constants.js';
import type { DcRole, Snowflake } from './types.js';
import type { ChannelRecord, GuildRecord } from './world.js';

/**
 * Discord's permission arithmetic (https://discord.com/developers/docs/topics/permissions): base permissions from
 * `@everyone` and the member's roles, then channel overwrites; owners and administrators hold everything.
 */

export function basePermissions(guild: GuildRecord, userId: Snowflake): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  let bits = BigInt(guild.roles.get(guild.id)?.permissions ?? '0');
  for (const roleId of member.roles) bits |= BigInt(guild.roles.get(roleId)?.permissions ?? '0');
  return bits & Perm.Administrator ? ALL_PERMISSIONS : bits;
}

export function channelPermissions(guild: GuildRecord, channel: ChannelRecord, userId: Snowflake): bigint {
  const base = basePermissions(guild, userId);
  if (base & Perm.Administrator) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  let bits = base;
  const find = (id: Snowflake) => channel.overwrites.find((o) => o.id === id);
  const everyone = find(guild.id);
  if (everyone) bits = (bits & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const roleId of member.roles) {
    const o = channel.overwrites.find((x) => x.id === roleId && x.type === 0);
    if (o) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  bits = (bits & ~deny) | allow;
  const own = channel.overwrites.find((o) => o.id === userId && o.type === 1);
  if (own) bits = (bits & ~BigInt(own.deny)) | BigInt(own.allow);
  // Without View Channel nothing else in the channel applies.
  return bits & Perm.ViewChannel ? bits : 0n;
}

/** The member's highest role (`@everyone` if none), the one hierarchy checks compare. */
export function highestRole(guild: GuildRecord, userId: Snowflake): DcRole | undefined {
  const member = guild.members.get(userId);
  let top = guild.roles.get(guild.id);
  for (const roleId of member?.roles ?? []) {
    const role = guild.roles.get(roleId);
    if (role && (!top || compareRoles(role, top) > 0)) top = role;
  }
  return top;
}

/** Positive when `a` sits above `b`; on equal positions the older (smaller) id is higher, as in Discord's client. */
export function compareRoles(a: DcRole, b: DcRole): number {
  if (a.position !== b.position) return a.position - b.position;
  return BigInt(a.id) < BigInt(b.id) ? 1 : BigInt(a.id) > BigInt(b.id) ? -1 : 0;
}

/** The bot may give or take the role: Manage Roles, not managed, not `@everyone`, strictly below its highest role. */
export function canManageRole(guild: GuildRecord, actorId: Snowflake, role: DcRole): boolean {
  if (role.managed || role.id === guild.id) return false;
  if (guild.ownerId === actorId) return true;
  if (!(basePermissions(guild, actorId) & Perm.ManageRoles)) return false;
  const top = highestRole(guild, actorId);
  return top !== undefined && compareRoles(top, role) > 0;
}

/** The actor outranks the target: the target is not the owner and the actor's highest role is strictly above theirs. */
export function outranks(guild: GuildRecord, actorId: Snowflake, targetId: Snowflake): boolean {
  if (guild.ownerId === targetId) return false;
  if (guild.ownerId === actorId) return true;
  const mine = highestRole(guild, actorId);
  const theirs = highestRole(guild, targetId);
  return mine !== undefined && theirs !== undefined && compareRoles(mine, theirs) > 0;
}
