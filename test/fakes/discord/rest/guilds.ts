import { Perm } from '../constants.js';
import { DC, forbidden, notFound } from '../errors.js';
import { channelPayload, guildPayload, memberPayload, userPayload } from '../payloads.js';
import { basePermissions, canManageRole, outranks } from '../permissions.js';
import type { DcRole, Snowflake } from '../types.js';
import type { GuildRecord, World } from '../world.js';
import { NO_CONTENT, type RestContext, type RestRequest, type RouteDef, route } from './router.js';

/** A guild the bot is in: unknown → 404 Unknown Guild; not a member → 403 Missing Access (guessed). */
export function requireBotGuild(world: World, id: Snowflake): GuildRecord {
  const guild = world.guilds.get(id);
  if (!guild) throw notFound(DC.unknownGuild);
  if (!guild.members.has(world.botUser.id)) throw forbidden(DC.missingAccess);
  return guild;
}

function requireMemberOf(guild: GuildRecord, userId: Snowflake) {
  const member = guild.members.get(userId);
  if (!member) throw notFound(DC.unknownMember);
  return member;
}

function requireRoleOf(guild: GuildRecord, roleId: Snowflake): DcRole {
  const role = guild.roles.get(roleId);
  if (!role) throw notFound(DC.unknownRole);
  return role;
}

function hasPerm(world: World, guild: GuildRecord, perm: bigint): boolean {
  return (basePermissions(guild, world.botUser.id) & perm) !== 0n;
}

/** The bot may act on the member: holds `perm` and outranks them (else 403 Missing Permissions). */
function requireOutranks(world: World, guild: GuildRecord, userId: Snowflake, perm: bigint): void {
  if (!hasPerm(world, guild, perm) || !outranks(guild, world.botUser.id, userId)) {
    throw forbidden(DC.missingPermissions);
  }
}

function memberUpdated(ctx: RestContext, guildId: Snowflake, userId: Snowflake): void {
  ctx.emit({
    t: 'GUILD_MEMBER_UPDATE',
    d: { guild_id: guildId, ...memberPayload(ctx.world, guildId, userId) },
  });
}

function setRole(req: RestRequest, ctx: RestContext, add: boolean) {
  const { world } = ctx;
  const guild = requireBotGuild(world, req.params.guild ?? '');
  const member = requireMemberOf(guild, req.params.user ?? '');
  const role = requireRoleOf(guild, req.params.role ?? '');
  if (!canManageRole(guild, world.botUser.id, role)) throw forbidden(DC.missingPermissions);
  const has = member.roles.includes(role.id);
  if (add && !has) member.roles.push(role.id);
  if (!add && has) member.roles = member.roles.filter((r) => r !== role.id);
  if (add !== has) memberUpdated(ctx, guild.id, member.userId);
  return NO_CONTENT;
}

function removeMember(ctx: RestContext, guild: GuildRecord, userId: Snowflake): void {
  ctx.world.removeMember(guild.id, userId);
  ctx.emit({ t: 'GUILD_MEMBER_REMOVE', d: { guild_id: guild.id, user: userPayload(ctx.world, userId) } });
}

export const guildRoutes: RouteDef[] = [
  route('GET', '/guilds/:guild', (req, { world }) => {
    const guild = requireBotGuild(world, req.params.guild ?? '');
    return guildPayload(world, guild.id, req.query.with_counts === 'true');
  }),
  route('GET', '/guilds/:guild/channels', (req, { world }) => {
    const guild = requireBotGuild(world, req.params.guild ?? '');
    return guild.channelIds.map((id) => channelPayload(world, world.requireChannel(id)));
  }),
  route('GET', '/guilds/:guild/roles', (req, { world }) => {
    const guild = requireBotGuild(world, req.params.guild ?? '');
    return [...guild.roles.values()];
  }),
  route('POST', '/guilds/:guild/roles', (req, ctx) => {
    const guild = requireBotGuild(ctx.world, req.params.guild ?? '');
    if (!hasPerm(ctx.world, guild, Perm.ManageRoles)) throw forbidden(DC.missingPermissions);
    const role = ctx.world.addRole(guild.id, {
      name: typeof req.body.name === 'string' ? req.body.name : 'new role',
      permissions: BigInt(String(req.body.permissions ?? '0')),
      color: typeof req.body.color === 'number' ? req.body.color : 0,
      hoist: req.body.hoist === true,
      mentionable: req.body.mentionable === true,
    });
    ctx.emit({ t: 'GUILD_ROLE_CREATE', d: { guild_id: guild.id, role: structuredClone(role) } });
    return role;
  }),
  route('GET', '/guilds/:guild/members', (req, { world }) => {
    const guild = requireBotGuild(world, req.params.guild ?? '');
    // Listing members needs the Server Members intent switched on in the portal.
    if (!world.application.privilegedIntents.guildMembers) throw forbidden(DC.missingAccess);
    const after = BigInt(req.query.after ?? '0');
    const limit = Math.min(Number(req.query.limit ?? 1) || 1, 1000);
    return [...guild.members.keys()]
      .filter((id) => BigInt(id) > after)
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
      .slice(0, limit)
      .map((id) => memberPayload(world, guild.id, id));
  }),
  route('GET', '/guilds/:guild/members/:user', (req, { world }) => {
    const guild = requireBotGuild(world, req.params.guild ?? '');
    const member = requireMemberOf(
      guild,
      req.params.user === '@me' ? world.botUser.id : (req.params.user ?? ''),
    );
    return memberPayload(world, guild.id, member.userId);
  }),
  route('PATCH', '/guilds/:guild/members/:user', (req, ctx) => {
    const { world } = ctx;
    const guild = requireBotGuild(world, req.params.guild ?? '');
    const member = requireMemberOf(guild, req.params.user ?? '');
    const body = req.body;
    if (Array.isArray(body.roles)) {
      const next = body.roles.map(String);
      const changed = [
        ...next.filter((r) => !member.roles.includes(r)),
        ...member.roles.filter((r) => !next.includes(r)),
      ];
      for (const id of changed) {
        if (!canManageRole(guild, world.botUser.id, requireRoleOf(guild, id)))
          throw forbidden(DC.missingPermissions);
      }
    }
    if ('communication_disabled_until' in body)
      requireOutranks(world, guild, member.userId, Perm.ModerateMembers);
    if ('nick' in body) requireOutranks(world, guild, member.userId, Perm.ManageNicknames);
    if (Array.isArray(body.roles)) member.roles = body.roles.map(String);
    if ('communication_disabled_until' in body) {
      member.communicationDisabledUntil = (body.communication_disabled_until as string | null) ?? null;
    }
    if ('nick' in body) member.nick = (body.nick as string | null) ?? null;
    memberUpdated(ctx, guild.id, member.userId);
    return memberPayload(world, guild.id, member.userId);
  }),
  route('PUT', '/guilds/:guild/members/:user/roles/:role', (req, ctx) => setRole(req, ctx, true)),
  route('DELETE', '/guilds/:guild/members/:user/roles/:role', (req, ctx) => setRole(req, ctx, false)),
  route('DELETE', '/guilds/:guild/members/:user', (req, ctx) => {
    const guild = requireBotGuild(ctx.world, req.params.guild ?? '');
    const member = requireMemberOf(guild, req.params.user ?? '');
    requireOutranks(ctx.world, guild, member.userId, Perm.KickMembers);
    removeMember(ctx, guild, member.userId);
    return NO_CONTENT;
  }),
  route('PUT', '/guilds/:guild/bans/:user', (req, ctx) => {
    const { world } = ctx;
    const guild = requireBotGuild(world, req.params.guild ?? '');
    const userId = req.params.user ?? '';
    if (!world.user(userId)) throw notFound(DC.unknownUser);
    if (guild.members.has(userId)) requireOutranks(world, guild, userId, Perm.BanMembers);
    else if (!hasPerm(world, guild, Perm.BanMembers)) throw forbidden(DC.missingPermissions);
    guild.bans.set(userId, { reason: req.reason ?? null });
    ctx.emit({ t: 'GUILD_BAN_ADD', d: { guild_id: guild.id, user: userPayload(world, userId) } });
    if (guild.members.has(userId)) removeMember(ctx, guild, userId);
    return NO_CONTENT;
  }),
  route('DELETE', '/guilds/:guild/bans/:user', (req, ctx) => {
    const guild = requireBotGuild(ctx.world, req.params.guild ?? '');
    if (!hasPerm(ctx.world, guild, Perm.BanMembers)) throw forbidden(DC.missingPermissions);
    const userId = req.params.user ?? '';
    if (!guild.bans.delete(userId)) throw notFound(DC.unknownBan);
    ctx.emit({ t: 'GUILD_BAN_REMOVE', d: { guild_id: guild.id, user: userPayload(ctx.world, userId) } });
    return NO_CONTENT;
  }),
];
