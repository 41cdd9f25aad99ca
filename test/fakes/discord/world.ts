import {
  AppFlag,
  ChannelType,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  INTERACTION_RESPONSE_MS,
} from './constants.js';
import type {
  ApplicationRecord,
  ChannelRecord,
  ChannelSpec,
  GuildRecord,
  GuildSpec,
  InteractionRecord,
  MemberRecord,
  MemberSpec,
  PrivilegedIntents,
  RolePlacement,
  RoleSpec,
  UserRecord,
  UserSpec,
} from './records.js';
import { Snowflakes } from './snowflake.js';
import type { DcCommand, DcMessage, DcRole, DcUser, Snowflake } from './types.js';

export type * from './records.js';

const NAMES = ['alice', 'bob', 'chen', 'dana', 'eve', 'farid', 'gita', 'hiro', 'ines', 'jon'];

/** The fake's little Discord: users, guilds with roles/channels/members, DMs, messages, commands, interactions. */
export class World {
  readonly ids: Snowflakes;
  readonly users = new Map<Snowflake, UserRecord>();
  readonly guilds = new Map<Snowflake, GuildRecord>();
  readonly channels = new Map<Snowflake, ChannelRecord>();
  /** Application commands by scope: `'global'` or a guild id. */
  readonly commands = new Map<string, DcCommand[]>();
  readonly interactions = new Map<Snowflake, InteractionRecord>();
  /** Messages made through interaction tokens (replies, follow-ups; ephemeral ones live only here), by id. */
  readonly interactionMessages = new Map<Snowflake, DcMessage>();
  readonly application: ApplicationRecord;
  readonly botUser: DcUser;
  private userCount = 0;

  constructor(
    readonly now: () => number,
    app: { id?: Snowflake; name?: string; privilegedIntents?: Partial<PrivilegedIntents> } = {},
  ) {
    this.ids = new Snowflakes(now);
    const owner = this.addUser({ username: 'developer' });
    const id = app.id ?? this.ids.next();
    const name = app.name ?? 'Circle Bot';
    const username = name.toLowerCase().replace(/\W+/g, '_');
    this.botUser = this.addUser({ id, username, global_name: null, bot: true });
    this.application = {
      id,
      name,
      description: 'circlebot under test',
      ownerId: owner.id,
      privilegedIntents: {
        guildMembers: true,
        presences: true,
        messageContent: true,
        ...app.privilegedIntents,
      },
    };
  }

  iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  /** `flags` as `/applications/@me` and READY report them: the `_LIMITED` bits of the intents switched on. */
  applicationFlags(): number {
    const on = this.application.privilegedIntents;
    return (
      AppFlag.ApplicationCommandBadge |
      (on.presences ? AppFlag.GatewayPresenceLimited : 0) |
      (on.guildMembers ? AppFlag.GatewayGuildMembersLimited : 0) |
      (on.messageContent ? AppFlag.GatewayMessageContentLimited : 0)
    );
  }

  addUser(spec: UserSpec = {}): DcUser {
    const id = spec.id ?? this.ids.next();
    const base = NAMES[this.userCount++ % NAMES.length] ?? 'user';
    const username = spec.username ?? `${base}${this.userCount}`;
    const user: DcUser = {
      id,
      username,
      discriminator: '0',
      global_name:
        spec.global_name === undefined ? username[0]?.toUpperCase() + username.slice(1) : spec.global_name,
      avatar: null,
      public_flags: 0,
      ...(spec.bot ? { bot: true, discriminator: '7351', global_name: null } : {}),
    };
    this.users.set(id, { user, dmsClosed: spec.dmsClosed ?? false });
    return user;
  }

  user(id: Snowflake): DcUser | undefined {
    return this.users.get(id)?.user;
  }

  /** Closes or opens the user's DMs to the bot ("Allow direct messages from server members"). */
  setDmsClosed(userId: Snowflake, closed = true): void {
    this.requireUser(userId).dmsClosed = closed;
  }

  addGuild(spec: GuildSpec = {}): GuildRecord {
    const id = spec.id ?? this.ids.next();
    const ownerId =
      typeof spec.owner === 'string' ? this.requireUser(spec.owner).user.id : this.addUser(spec.owner).id;
    const everyone = this.makeRole(
      id,
      { name: '@everyone', permissions: spec.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS },
      0,
    );
    const guild: GuildRecord = {
      id,
      name: spec.name ?? `Circle ${id.slice(-4)}`,
      ownerId,
      preferredLocale: spec.preferredLocale ?? 'en-US',
      roles: new Map([[id, everyone]]),
      channelIds: [],
      members: new Map(),
      bans: new Map(),
      botRoleId: '',
    };
    this.guilds.set(id, guild);
    const botRole = this.addRole(id, {
      name: this.application.name,
      permissions: spec.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
    });
    botRole.managed = true;
    botRole.tags = { bot_id: this.botUser.id };
    guild.botRoleId = botRole.id;
    for (const role of spec.roles ?? []) this.addRole(id, role);
    for (const channel of spec.channels ?? [{ name: 'general' }]) this.addChannel(id, channel);
    this.addMember(id, ownerId);
    if (spec.botMember ?? true) this.addMember(id, this.botUser.id, { roles: [botRole.id] });
    return guild;
  }

  addRole(guildId: Snowflake, spec: RoleSpec = {}): DcRole {
    const guild = this.requireGuild(guildId);
    const others = [...guild.roles.values()].filter((r) => r.id !== guild.id);
    const top = others.reduce((max, r) => Math.max(max, r.position), 0);
    const at = this.placement(guild, spec.position ?? 'bottom', top);
    for (const role of others) if (role.position >= at) role.position += 1;
    const role = this.makeRole(spec.id ?? this.ids.next(), spec, at);
    guild.roles.set(role.id, role);
    return role;
  }

  /** Moves a role as an owner dragging it in the role list would; the others close up around it. */
  moveRole(guildId: Snowflake, roleId: Snowflake, where: RolePlacement): DcRole {
    const guild = this.requireGuild(guildId);
    const role = this.requireRole(guildId, roleId);
    const order = [...guild.roles.values()]
      .filter((r) => r.id !== guild.id && r.id !== roleId)
      .sort((a, b) => a.position - b.position);
    const indexOf = (id: Snowflake) => order.findIndex((r) => r.id === id);
    let at: number;
    if (where === 'top') at = order.length;
    else if (where === 'bottom') at = 0;
    else if (typeof where === 'number') at = Math.min(Math.max(where - 1, 0), order.length);
    else if ('above' in where) at = indexOf(this.requireRole(guildId, where.above).id) + 1;
    else at = indexOf(this.requireRole(guildId, where.below).id);
    order.splice(at, 0, role);
    order.forEach((r, i) => {
      r.position = i + 1;
    });
    return role;
  }

  private placement(guild: GuildRecord, where: RolePlacement, top: number): number {
    if (where === 'top') return top + 1;
    if (where === 'bottom') return 1;
    if (typeof where === 'number') return Math.max(1, where);
    if ('above' in where) return this.requireRole(guild.id, where.above).position + 1;
    return Math.max(1, this.requireRole(guild.id, where.below).position);
  }

  private makeRole(id: Snowflake, spec: RoleSpec, position: number): DcRole {
    const color = spec.color ?? 0;
    return {
      id,
      name: spec.name ?? 'new role',
      color,
      colors: { primary_color: color, secondary_color: null, tertiary_color: null },
      hoist: spec.hoist ?? false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: String(spec.permissions ?? 0n),
      managed: false,
      mentionable: spec.mentionable ?? false,
      flags: 0,
    };
  }

  addChannel(guildId: Snowflake, spec: ChannelSpec = {}): ChannelRecord {
    const guild = this.requireGuild(guildId);
    const channel: ChannelRecord = {
      id: spec.id ?? this.ids.next(),
      type: spec.type ?? ChannelType.GuildText,
      guildId,
      name: spec.name ?? `channel-${guild.channelIds.length + 1}`,
      position: guild.channelIds.length,
      parentId: spec.parentId ?? null,
      topic: spec.topic ?? null,
      overwrites: (spec.overwrites ?? []).map((o) => ({
        id: o.id,
        type: o.type === 'role' ? 0 : 1,
        allow: String(o.allow ?? 0n),
        deny: String(o.deny ?? 0n),
      })),
      lastMessageId: null,
      messages: new Map(),
    };
    this.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    return channel;
  }

  /** Makes the user a member (keeping an existing membership's join date) and returns the record. */
  addMember(guildId: Snowflake, userId: Snowflake, spec: MemberSpec = {}): MemberRecord {
    const guild = this.requireGuild(guildId);
    this.requireUser(userId);
    const existing = guild.members.get(userId);
    const member: MemberRecord = {
      userId,
      nick: spec.nick ?? existing?.nick ?? null,
      roles: [...(spec.roles ?? existing?.roles ?? [])],
      joinedAt: spec.joinedAt !== undefined ? this.iso(spec.joinedAt) : (existing?.joinedAt ?? this.iso()),
      pending: spec.pending ?? existing?.pending ?? false,
      communicationDisabledUntil:
        spec.communicationDisabledUntil ?? existing?.communicationDisabledUntil ?? null,
    };
    guild.members.set(userId, member);
    return member;
  }

  removeMember(guildId: Snowflake, userId: Snowflake): MemberRecord | undefined {
    const guild = this.requireGuild(guildId);
    const member = guild.members.get(userId);
    guild.members.delete(userId);
    return member;
  }

  /** The DM channel between the bot and a user, made on first use (as `POST /users/@me/channels` does). */
  dmChannel(userId: Snowflake): ChannelRecord {
    this.requireUser(userId);
    const found = [...this.channels.values()].find(
      (c) => c.type === ChannelType.DM && c.recipientId === userId,
    );
    if (found) return found;
    const channel: ChannelRecord = {
      id: this.ids.next(),
      type: ChannelType.DM,
      name: null,
      position: 0,
      parentId: null,
      topic: null,
      overwrites: [],
      recipientId: userId,
      lastMessageId: null,
      messages: new Map(),
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  storeMessage(message: DcMessage): void {
    const channel = this.requireChannel(message.channel_id);
    channel.messages.set(message.id, message);
    channel.lastMessageId = message.id;
  }

  findMessage(channelId: Snowflake, messageId: Snowflake): DcMessage | undefined {
    return this.channels.get(channelId)?.messages.get(messageId);
  }

  /** Messages still in the channel, oldest first. */
  messages(channelId: Snowflake): DcMessage[] {
    return [...(this.channels.get(channelId)?.messages.values() ?? [])];
  }

  /** The guild a channel belongs to, if any. */
  guildOf(channelId: Snowflake): GuildRecord | undefined {
    const guildId = this.channels.get(channelId)?.guildId;
    return guildId === undefined ? undefined : this.guilds.get(guildId);
  }

  /** Registers an interaction as sent now (or at `createdAt`), answerable for 3 s. */
  openInteraction(record: Omit<InteractionRecord, 'followups'>): InteractionRecord {
    const full = { ...record, followups: [] };
    this.interactions.set(record.id, full);
    return full;
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    return [...this.interactions.values()].find((i) => i.token === token);
  }

  /** True once 3 s have passed since the interaction was created, on the fake's clock. */
  interactionExpired(record: InteractionRecord): boolean {
    return this.now() - record.createdAt > INTERACTION_RESPONSE_MS;
  }

  commandsFor(scope: 'global' | Snowflake): DcCommand[] {
    return this.commands.get(scope) ?? [];
  }

  requireUser(id: Snowflake): UserRecord {
    const record = this.users.get(id);
    if (!record) throw new Error(`fake Discord: no user ${id} in the world`);
    return record;
  }

  requireGuild(id: Snowflake): GuildRecord {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`fake Discord: no guild ${id} in the world`);
    return guild;
  }

  requireRole(guildId: Snowflake, roleId: Snowflake): DcRole {
    const role = this.requireGuild(guildId).roles.get(roleId);
    if (!role) throw new Error(`fake Discord: no role ${roleId} in guild ${guildId}`);
    return role;
  }

  requireChannel(id: Snowflake): ChannelRecord {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`fake Discord: no channel ${id} in the world`);
    return channel;
  }

  requireMember(guildId: Snowflake, userId: Snowflake): MemberRecord {
    const member = this.requireGuild(guildId).members.get(userId);
    if (!member) throw new Error(`fake Discord: user ${userId} is not a member of guild ${guildId}`);
    return member;
  }
}
