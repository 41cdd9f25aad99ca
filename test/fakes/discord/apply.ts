import type { DcMessage, DcUser, DispatchEvent } from './types.js';
import type { World } from './world.js';

type Data = Record<string, unknown>;

/**
 * What a dispatch means for the world, applied before it is sent: joins and leaves change membership, messages
 * are stored (so buttons and reactions can point at them), interactions open their 3-second window.
 */
export function applyEvent(world: World, event: DispatchEvent<unknown>): void {
  const d = event.d as Data;
  switch (event.t) {
    case 'GUILD_CREATE': {
      const id = String(d.id);
      if (world.guilds.has(id) && !world.guilds.get(id)?.members.has(world.botUser.id)) {
        const guild = world.requireGuild(id);
        world.addMember(id, world.botUser.id, { roles: [guild.botRoleId] });
      }
      return;
    }
    case 'GUILD_DELETE':
      if (!d.unavailable && world.guilds.has(String(d.id)))
        world.removeMember(String(d.id), world.botUser.id);
      return;
    case 'GUILD_MEMBER_ADD':
    case 'GUILD_MEMBER_UPDATE': {
      const user = d.user as DcUser;
      if (!world.user(user.id)) world.users.set(user.id, { user: structuredClone(user), dmsClosed: false });
      world.addMember(String(d.guild_id), user.id, {
        roles: d.roles as string[],
        nick: (d.nick as string | null | undefined) ?? null,
        ...(typeof d.joined_at === 'string' ? { joinedAt: Date.parse(d.joined_at) } : {}),
        pending: Boolean(d.pending),
        communicationDisabledUntil: (d.communication_disabled_until as string | null | undefined) ?? null,
      });
      return;
    }
    case 'GUILD_MEMBER_REMOVE':
      world.removeMember(String(d.guild_id), (d.user as DcUser).id);
      return;
    case 'MESSAGE_CREATE': {
      const { guild_id: _g, member: _m, channel_type: _c, ...message } = structuredClone(d);
      const stored = message as unknown as DcMessage;
      stored.mentions = stored.mentions.map(
        ({ member: _member, ...user }: DcUser & { member?: unknown }) => user,
      );
      world.storeMessage(stored);
      return;
    }
    case 'INTERACTION_CREATE': {
      const member = d.member as { user: DcUser } | undefined;
      const user = (d.user as DcUser | undefined) ?? member?.user;
      const message = d.message as DcMessage | undefined;
      world.openInteraction({
        id: String(d.id),
        token: String(d.token),
        type: Number(d.type),
        createdAt: world.now(),
        ...(d.guild_id !== undefined ? { guildId: String(d.guild_id) } : {}),
        channelId: String(d.channel_id),
        userId: user?.id ?? '',
        ...(message ? { messageId: message.id } : {}),
      });
      return;
    }
    default:
      return;
  }
}
