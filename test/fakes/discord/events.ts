import { MessageType } from './constants.js';
import { createInteractionBuilders } from './interaction-events.js';
import { guildCreatePayload, memberNoUser, memberPayload, userPayload } from './payloads.js';
import {
  type DcAttachment,
  type DcUser,
  type DispatchEvent,
  idOf,
  type MessageLike,
  type MessagePayload,
  type Snowflake,
  type UserLike,
} from './types.js';
import type { MemberSpec, World } from './world.js';

/** GUILD_CREATE for a guild in the world; the gateway fills `members` per session (see `guildCreatePayload`). */
export function guildCreateEvent(
  world: World,
  guildId: Snowflake,
  opts: { allMembers: boolean; largeThreshold: number } = { allMembers: true, largeThreshold: 50 },
): DispatchEvent {
  return { t: 'GUILD_CREATE', d: guildCreatePayload(world, guildId, opts) };
}

export interface MessageExtra {
  /** Users mentioned (their ids); the content is left as given. */
  mentions?: Snowflake[];
  mentionRoles?: Snowflake[];
  attachments?: { filename: string; size?: number; content_type?: string }[];
  embeds?: unknown[];
  /** The message this one replies to. */
  replyTo?: Snowflake;
}

/**
 * Builds gateway dispatches from the world's users, guilds and messages. Building changes nothing but the
 * id counter; `dispatch` applies the event to the world and sends it.
 */
export function createEventBuilders(world: World) {
  function mentionOf(guildId: Snowflake | undefined, userId: Snowflake) {
    const user = userPayload(world, userId);
    const inGuild = guildId !== undefined && world.guilds.get(guildId)?.members.has(userId);
    return inGuild ? { ...user, member: memberNoUser(world, guildId, userId) } : user;
  }

  function requireMembership(guildId: Snowflake | undefined, userId: Snowflake): void {
    if (guildId !== undefined) world.requireMember(guildId, userId);
  }

  return {
    /** The bot's guild became available or the bot joined it (make it with `world.addGuild({ botMember: false })`). */
    guildCreate: (guildId: Snowflake): DispatchEvent => guildCreateEvent(world, guildId),

    /** The bot was removed from the guild (or, with `unavailable`, an outage hid it). */
    guildDelete: (guildId: Snowflake, unavailable = false): DispatchEvent => ({
      t: 'GUILD_DELETE',
      d: { id: guildId, ...(unavailable ? { unavailable: true } : {}) },
    }),

    /** A user joined the guild; applying it makes them a member with `spec`'s roles. */
    memberAdd(guildId: Snowflake, user: UserLike, spec: MemberSpec = {}): DispatchEvent {
      world.requireGuild(guildId);
      return {
        t: 'GUILD_MEMBER_ADD',
        d: {
          guild_id: guildId,
          user: userPayload(world, idOf(user)),
          nick: spec.nick ?? null,
          avatar: null,
          banner: null,
          roles: [...(spec.roles ?? [])],
          joined_at: world.iso(spec.joinedAt),
          premium_since: null,
          deaf: false,
          mute: false,
          flags: 0,
          pending: spec.pending ?? false,
          communication_disabled_until: spec.communicationDisabledUntil ?? null,
        },
      };
    },

    /** A member left, was kicked or banned. */
    memberRemove: (guildId: Snowflake, user: UserLike): DispatchEvent => ({
      t: 'GUILD_MEMBER_REMOVE',
      d: { guild_id: guildId, user: userPayload(world, idOf(user)) },
    }),

    /** The member as the world has them now (after a test changed roles or nick). */
    memberUpdate: (guildId: Snowflake, user: UserLike): DispatchEvent => ({
      t: 'GUILD_MEMBER_UPDATE',
      d: { guild_id: guildId, ...memberPayload(world, guildId, idOf(user)) },
    }),

    roleCreate: (guildId: Snowflake, roleId: Snowflake): DispatchEvent => ({
      t: 'GUILD_ROLE_CREATE',
      d: { guild_id: guildId, role: structuredClone(world.requireRole(guildId, roleId)) },
    }),

    /** The role as the world has it now (after `world.moveRole` etc.). */
    roleUpdate: (guildId: Snowflake, roleId: Snowflake): DispatchEvent => ({
      t: 'GUILD_ROLE_UPDATE',
      d: { guild_id: guildId, role: structuredClone(world.requireRole(guildId, roleId)) },
    }),

    /** A user's message in a guild channel or their DM with the bot. */
    message(
      channelId: Snowflake,
      author: UserLike,
      content: string,
      extra: MessageExtra = {},
    ): DispatchEvent<MessagePayload> {
      const channel = world.requireChannel(channelId);
      const authorId = idOf(author);
      requireMembership(channel.guildId, authorId);
      const id = world.ids.next();
      const replied = extra.replyTo ? world.findMessage(channelId, extra.replyTo) : undefined;
      const attachments: DcAttachment[] = (extra.attachments ?? []).map((a) => {
        const attachmentId = world.ids.next();
        const url = `https://cdn.discordapp.com/attachments/${channelId}/${attachmentId}/${a.filename}`;
        return {
          id: attachmentId,
          filename: a.filename,
          size: a.size ?? 1024,
          url,
          proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
          ...(a.content_type ? { content_type: a.content_type } : {}),
        };
      });
      const message: MessagePayload = {
        id,
        channel_id: channelId,
        author: userPayload(world, authorId),
        content,
        timestamp: world.iso(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: /@everyone|@here/.test(content),
        mentions: (extra.mentions ?? []).map((u) => mentionOf(channel.guildId, u)) as DcUser[],
        mention_roles: [...(extra.mentionRoles ?? [])],
        attachments,
        embeds: extra.embeds ?? [],
        pinned: false,
        type: extra.replyTo ? MessageType.Reply : MessageType.Default,
        flags: 0,
        components: [],
        ...(extra.replyTo
          ? {
              message_reference: {
                type: 0,
                message_id: extra.replyTo,
                channel_id: channelId,
                ...(channel.guildId ? { guild_id: channel.guildId } : {}),
              },
              referenced_message: replied ? structuredClone(replied) : null,
            }
          : {}),
        channel_type: channel.type,
        ...(channel.guildId
          ? { guild_id: channel.guildId, member: memberNoUser(world, channel.guildId, authorId) }
          : {}),
      };
      return { t: 'MESSAGE_CREATE', d: message };
    },

    /** A user reacts to a message with a unicode emoji (`'👍'`) or a custom one (`{ id, name }`). */
    reactionAdd(
      user: UserLike,
      message: MessageLike,
      emoji: string | { id: Snowflake; name: string; animated?: boolean },
    ): DispatchEvent {
      const channel = world.requireChannel(message.channel_id);
      const userId = idOf(user);
      requireMembership(channel.guildId, userId);
      const author = world.findMessage(message.channel_id, message.id)?.author.id;
      return {
        t: 'MESSAGE_REACTION_ADD',
        d: {
          user_id: userId,
          type: 0,
          message_id: message.id,
          ...(author ? { message_author_id: author } : {}),
          emoji: typeof emoji === 'string' ? { id: null, name: emoji } : { animated: false, ...emoji },
          channel_id: message.channel_id,
          burst: false,
          burst_colors: [],
          ...(channel.guildId
            ? { guild_id: channel.guildId, member: memberPayload(world, channel.guildId, userId) }
            : {}),
        },
      };
    },

    ...createInteractionBuilders(world),
  };
}

export type EventBuilders = ReturnType<typeof createEventBuilders>;
