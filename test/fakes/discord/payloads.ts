import { ChannelType } from './constants.js';
import { channelPermissions } from './permissions.js';
import type { DcChannel, DcMember, DcMemberNoUser, DcUser, Snowflake } from './types.js';
import type { ChannelRecord, World } from './world.js';

/** Renders the world's records as the JSON objects Discord sends. Every call returns a fresh copy. */

export function userPayload(world: World, userId: Snowflake): DcUser {
  return structuredClone(world.requireUser(userId).user);
}

export function memberNoUser(world: World, guildId: Snowflake, userId: Snowflake): DcMemberNoUser {
  const m = world.requireMember(guildId, userId);
  return {
    nick: m.nick,
    avatar: null,
    banner: null,
    roles: [...m.roles],
    joined_at: m.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: m.pending,
    communication_disabled_until: m.communicationDisabledUntil,
  };
}

export function memberPayload(world: World, guildId: Snowflake, userId: Snowflake): DcMember {
  return { user: userPayload(world, userId), ...memberNoUser(world, guildId, userId) };
}

/** A channel; `inGuildCreate` leaves out `guild_id`, as GUILD_CREATE's channel list does. */
export function channelPayload(world: World, channel: ChannelRecord, inGuildCreate = false): DcChannel {
  if (channel.type === ChannelType.DM) {
    return {
      id: channel.id,
      type: ChannelType.DM,
      name: null,
      last_message_id: channel.lastMessageId,
      recipients: channel.recipientId ? [userPayload(world, channel.recipientId)] : [],
      flags: 0,
    };
  }
  return {
    id: channel.id,
    type: channel.type,
    ...(inGuildCreate ? {} : { guild_id: channel.guildId }),
    name: channel.name,
    position: channel.position,
    permission_overwrites: structuredClone(channel.overwrites),
    parent_id: channel.parentId,
    nsfw: false,
    flags: 0,
    ...(channel.type === ChannelType.GuildCategory
      ? {}
      : { topic: channel.topic, last_message_id: channel.lastMessageId, rate_limit_per_user: 0 }),
  };
}

/** The guild as `GET /guilds/{id}` returns it. */
export function guildPayload(world: World, guildId: Snowflake, withCounts = false) {
  const g = world.requireGuild(guildId);
  const firstText = g.channelIds.find((id) => world.channels.get(id)?.type === ChannelType.GuildText) ?? null;
  return {
    id: g.id,
    name: g.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: g.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    roles: [...g.roles.values()].map((r) => structuredClone(r)),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: firstText,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: g.preferredLocale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    ...(withCounts ? { approximate_member_count: g.members.size, approximate_presence_count: 0 } : {}),
  };
}

/**
 * GUILD_CREATE's data: the guild plus channels, members and counts. Members are all of them only with the
 * GUILD_PRESENCES intent in a guild under `large_threshold`; otherwise just the bot, as Discord sends.
 */
export function guildCreatePayload(
  world: World,
  guildId: Snowflake,
  opts: { allMembers: boolean; largeThreshold: number },
) {
  const g = world.requireGuild(guildId);
  const large = g.members.size > opts.largeThreshold;
  const memberIds = [...g.members.keys()].filter(
    (id) => id === world.botUser.id || (opts.allMembers && !large),
  );
  return {
    ...guildPayload(world, guildId),
    joined_at: g.members.get(world.botUser.id)?.joinedAt ?? world.iso(),
    large,
    unavailable: false,
    member_count: g.members.size,
    voice_states: [],
    members: memberIds.map((id) => memberPayload(world, guildId, id)),
    channels: g.channelIds.map((id) => channelPayload(world, world.requireChannel(id), true)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** The member as an interaction carries it: with `permissions`, their total in the channel (overwrites applied). */
export function interactionMember(world: World, guildId: Snowflake, userId: Snowflake, channelId: Snowflake) {
  const guild = world.requireGuild(guildId);
  const permissions = channelPermissions(guild, world.requireChannel(channelId), userId);
  return { ...memberPayload(world, guildId, userId), permissions: String(permissions) };
}

/** The bot user as READY and `GET /users/@me` describe it. */
export function readyUser(world: World): DcUser {
  return { ...userPayload(world, world.botUser.id), mfa_enabled: false, verified: true, flags: 0, bot: true };
}

/** READY's `application`: id and flags (which privileged intents are on). */
export function applicationSummary(world: World) {
  return { id: world.application.id, flags: world.applicationFlags() };
}

/** The application as `GET /applications/@me` returns it. */
export function applicationPayload(world: World) {
  const app = world.application;
  const botGuilds = [...world.guilds.values()].filter((g) => g.members.has(world.botUser.id)).length;
  return {
    id: app.id,
    name: app.name,
    icon: null,
    description: app.description,
    summary: '',
    type: null,
    bot: readyUser(world),
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: 'f'.repeat(64),
    flags: world.applicationFlags(),
    flags_new: String(world.applicationFlags()),
    owner: userPayload(world, app.ownerId),
    team: null,
    hook: true,
    is_monetized: false,
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
    tags: [],
    approximate_guild_count: botGuilds,
    approximate_user_install_count: 0,
    integration_types_config: { '0': {} },
  };
}
