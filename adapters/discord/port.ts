import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  DiscordAPIError,
  type Guild,
  type GuildTextBasedChannel,
  type Interaction,
  type Message,
  MessageFlags,
  PermissionFlagsBits,
  ShardClientUtil,
} from 'discord.js';
import type { CommandSpec } from '../../src/core/commands/spec.js';
import { PlatformError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import type {
  Capability,
  ChatPort,
  JoinOutcome,
  OutFile,
  OutImage,
  OutMessage,
  QuestionStep,
  SentMessage,
  SetupCheck,
  SetupNeeds,
} from '../../src/core/port.js';
import type { ChatRef, MemberRef } from '../../src/core/refs.js';
import { slashCommand } from './commands.js';
import { presentStep } from './forms.js';
import { dmRef, interactionKey, messageKey, parsePlace } from './refs.js';

/** Names of the roles the bot manages in each guild. */
export interface DiscordRoles {
  /** Held by applicants until the verdict: the gate channel is all they see. */
  readonly quarantine: string;
  /** Given on approval. */
  readonly member: string;
}

export const DEFAULT_ROLES: DiscordRoles = { quarantine: 'Applicant', member: 'Member' };

/** Discord's "Cannot send messages to this user" (DMs closed). */
const CANNOT_DM = 50007;

function components(message: OutMessage) {
  return (message.buttons ?? [])
    .slice(0, 5)
    .map((row) =>
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        row
          .slice(0, 5)
          .map((b) =>
            'url' in b
              ? new ButtonBuilder().setLabel(b.label.slice(0, 80)).setStyle(ButtonStyle.Link).setURL(b.url)
              : new ButtonBuilder()
                  .setLabel(b.label.slice(0, 80))
                  .setStyle(ButtonStyle.Secondary)
                  .setCustomId(b.data),
          ),
      ),
    );
}

/** `ChatPort` over discord.js. Interactions the core answers are kept until answered (or 15 minutes). */
export class DiscordPort implements ChatPort {
  readonly platform = 'discord' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'join_requests',
    'buttons',
    'direct_messages',
    'delete_messages',
    'command_menu',
    'application_form',
    'roles',
    'images',
    'reactions',
    'files',
  ]);
  readonly #interactions = new Map<string, Interaction>();
  #commands: readonly CommandSpec[] = [];

  constructor(
    private readonly client: Client,
    private readonly log: Logger,
    private readonly roles: DiscordRoles = DEFAULT_ROLES,
    /** Name of the channel applicants see (where the Apply button goes). */
    private readonly gateChannel = 'apply',
    /** Whether the privileged Message Content intent was asked for (link filtering needs it). */
    private readonly messageContent = true,
    /** Whether this process's gateway has the guild (one of its shards owns it); default: by the client's shards. */
    private readonly ownsGuild: (guildId: string) => boolean = (id) => {
      const { shards, shardCount } = client.options;
      return (
        !Array.isArray(shards) || shards.includes(ShardClientUtil.shardIdForGuildId(id, shardCount ?? 1))
      );
    },
  ) {}

  /** Keeps an interaction so the core's answer goes to it; dropped after 15 minutes (its token's life). */
  holdInteraction(interaction: Interaction): string {
    this.#interactions.set(interaction.id, interaction);
    setTimeout(() => this.#interactions.delete(interaction.id), 15 * 60_000).unref();
    return interactionKey(interaction.id);
  }

  interaction(id: string): Interaction | undefined {
    return this.#interactions.get(id);
  }

  async send(chat: ChatRef, message: OutMessage): Promise<SentMessage> {
    const payload = { content: message.text.slice(0, 2000), components: components(message) };
    const place = parsePlace(message.replyTo);
    if (place?.kind === 'interaction') {
      const interaction = this.#interactions.get(place.interactionId);
      if (interaction?.isRepliable()) {
        const sent: Message =
          interaction.deferred && !interaction.replied
            ? await interaction.editReply(payload)
            : interaction.replied
              ? await interaction.followUp(payload)
              : await interaction.reply({ ...payload, fetchReply: true });
        return { chat, messageId: messageKey(sent.channelId, sent.id) };
      }
    }
    if (chat.id.startsWith('dm:')) {
      const user = await this.client.users.fetch(chat.id.slice(3));
      const sent = await user.send(payload);
      return { chat, messageId: messageKey(sent.channelId, sent.id) };
    }
    const channel =
      place?.kind === 'message' ? await this.#textChannel(place.channelId) : await this.#channelOf(chat);
    const sent = await channel.send({
      ...payload,
      ...(place?.kind === 'message'
        ? { reply: { messageReference: place.messageId, failIfNotExists: false } }
        : {}),
    });
    return { chat, messageId: messageKey(sent.channelId, sent.id) };
  }

  /** A message with the PNG attached (the caption as its text), where `send` would post. */
  async sendImage(chat: ChatRef, image: OutImage): Promise<SentMessage> {
    const payload = {
      ...(image.caption ? { content: image.caption.slice(0, 2000) } : {}),
      files: [{ attachment: Buffer.from(image.png), name: image.filename }],
    };
    const sent = chat.id.startsWith('dm:')
      ? await (await this.client.users.fetch(chat.id.slice(3))).send(payload)
      : await (await this.#channelOf(chat)).send(payload);
    return { chat, messageId: messageKey(sent.channelId, sent.id) };
  }

  /**
   * Adds the bot's reaction to a message (`PUT …/reactions/:emoji/@me`). Only messages can carry one: an
   * interaction (a slash command) cannot, and that, like Discord refusing, is a `PlatformError`.
   */
  async react(_chat: ChatRef, messageId: string, emoji: string): Promise<void> {
    const place = parsePlace(messageId);
    if (place?.kind !== 'message') throw new PlatformError('react', 'only a message can carry a reaction');
    try {
      const channel = await this.#textChannel(place.channelId);
      await channel.messages.react(place.messageId, emoji);
    } catch (err) {
      throw new PlatformError('react', `reaction refused: ${(err as Error).message}`, { cause: err });
    }
  }

  /** A file in the member's DMs (a data export); `null` when their DMs are closed. */
  async sendFile(member: MemberRef, file: OutFile): Promise<SentMessage | null> {
    try {
      const user = await this.client.users.fetch(member.id);
      const sent = await user.send({
        ...(file.caption ? { content: file.caption.slice(0, 2000) } : {}),
        files: [{ attachment: Buffer.from(file.bytes), name: file.filename }],
      });
      return { chat: dmRef(member.id), messageId: messageKey(sent.channelId, sent.id) };
    } catch (err) {
      if (err instanceof DiscordAPIError && err.code === CANNOT_DM) {
        this.log.info({ member: member.id }, 'member has direct messages closed');
        return null;
      }
      throw err;
    }
  }

  async sendDirect(member: MemberRef, message: OutMessage): Promise<SentMessage | null> {
    try {
      return await this.send(dmRef(member.id), message);
    } catch (err) {
      if (err instanceof DiscordAPIError && err.code === CANNOT_DM) {
        this.log.info({ member: member.id }, 'member has direct messages closed');
        return null;
      }
      throw err;
    }
  }

  async edit(sent: SentMessage, message: OutMessage): Promise<void> {
    const place = parsePlace(sent.messageId);
    if (place?.kind !== 'message') return;
    const channel = await this.#textChannel(place.channelId);
    await channel.messages.edit(place.messageId, {
      content: message.text.slice(0, 2000),
      components: components(message),
    });
  }

  async deleteMessage(_chat: ChatRef, messageId: string): Promise<void> {
    const place = parsePlace(messageId);
    if (place?.kind !== 'message') return;
    const channel = await this.#textChannel(place.channelId);
    await channel.messages.delete(place.messageId);
  }

  async acknowledge(interactionId: string, text?: string): Promise<void> {
    const interaction = this.#interactions.get(interactionId);
    if (!interaction?.isRepliable() || interaction.replied) return;
    if (text) {
      if (interaction.deferred) await interaction.editReply({ content: text });
      else await interaction.reply({ content: text, flags: MessageFlags.Ephemeral });
    } else if (!interaction.deferred && interaction.isMessageComponent()) {
      await interaction.deferUpdate();
    }
  }

  async approveJoin(chat: ChatRef, member: MemberRef): Promise<JoinOutcome> {
    const guild = await this.#guild(chat.id);
    const target = await guild.members.fetch(member.id).catch(() => null);
    if (!target) return 'already_handled';
    const quarantine = guild.roles.cache.find((r) => r.name === this.roles.quarantine);
    const memberRole = guild.roles.cache.find((r) => r.name === this.roles.member);
    if (memberRole && !target.roles.cache.has(memberRole.id)) await target.roles.add(memberRole);
    if (quarantine && target.roles.cache.has(quarantine.id)) await target.roles.remove(quarantine);
    return 'done';
  }

  async declineJoin(
    chat: ChatRef,
    member: MemberRef,
    opts?: { readonly keep?: boolean },
  ): Promise<JoinOutcome> {
    const guild = await this.#guild(chat.id);
    const target = await guild.members.fetch(member.id).catch(() => null);
    if (!target) return 'already_handled';
    if (!opts?.keep) await target.kick('declined by the gate');
    return 'done';
  }

  async kick(chat: ChatRef, member: MemberRef): Promise<void> {
    const guild = await this.#guild(chat.id);
    await guild.members.kick(member.id);
  }

  /** Holds a newcomer in quarantine (the gate channel only) until the verdict. */
  async quarantine(guild: Guild, userId: string): Promise<boolean> {
    const role = guild.roles.cache.find((r) => r.name === this.roles.quarantine);
    if (!role) return false;
    await guild.members.addRole({ user: userId, role: role.id });
    return true;
  }

  /** Posts the invitation (with its Apply button) in the gate channel, mentioning the applicant. */
  async inviteToApply(chat: ChatRef, member: MemberRef, message: OutMessage): Promise<void> {
    const guild = await this.#guild(chat.id);
    const gate = guild.channels.cache.find((c) => c.name === this.gateChannel && c.isTextBased());
    const channel = gate?.isTextBased()
      ? (gate as GuildTextBasedChannel)
      : await this.#defaultChannel(chat.id);
    await channel.send({
      content: `<@${member.id}> ${message.text}`.slice(0, 2000),
      components: components(message),
      allowedMentions: { users: [member.id] },
    });
  }

  async presentQuestions(interactionId: string, step: QuestionStep): Promise<void> {
    const interaction = this.#interactions.get(interactionId);
    if (interaction) await presentStep(interaction, step);
  }

  async setRoles(
    chat: ChatRef,
    member: MemberRef,
    grant: readonly string[],
    revoke: readonly string[],
  ): Promise<void> {
    const guild = await this.#guild(chat.id.split('/')[0] ?? chat.id);
    const target = await guild.members.fetch(member.id);
    const byName = (name: string) => guild.roles.cache.find((r) => r.name === name);
    for (const name of grant) {
      const role = byName(name);
      if (!role) this.log.warn({ guild: guild.id, role: name }, 'level role does not exist in the server');
      else if (!target.roles.cache.has(role.id)) await target.roles.add(role, 'level reached');
    }
    for (const name of revoke) {
      const role = byName(name);
      if (role && target.roles.cache.has(role.id)) await target.roles.remove(role, 'level role replaced');
    }
  }

  async isAdmin(chat: ChatRef, member: MemberRef): Promise<boolean> {
    if (chat.id.startsWith('dm:')) return false;
    const guild = await this.#guild(chat.id);
    if (guild.ownerId === member.id) return true;
    const target = await guild.members.fetch(member.id).catch(() => null);
    return target?.permissions.has(PermissionFlagsBits.ManageGuild) === true;
  }

  async registerCommands(commands: readonly CommandSpec[]): Promise<void> {
    this.#commands = commands;
    for (const guild of this.client.guilds.cache.values()) await this.registerIn(guild);
  }

  /** Publishes the commands in one guild (on start and when the bot joins a guild). */
  async registerIn(guild: Guild): Promise<void> {
    await guild.commands.set(this.#commands.map(slashCommand) as never);
  }

  get commands(): readonly CommandSpec[] {
    return this.#commands;
  }

  async checkSetup(chat: ChatRef, needs: SetupNeeds = {}): Promise<readonly SetupCheck[]> {
    const guild = await this.#guild(chat.id);
    const me = await guild.members.fetchMe();
    const top = me.roles.highest.position;
    const quarantine = guild.roles.cache.find((r) => r.name === this.roles.quarantine);
    const member = guild.roles.cache.find((r) => r.name === this.roles.member);
    const gate = guild.channels.cache.find((c) => c.name === this.gateChannel && c.isTextBased());
    const gateOk =
      gate !== undefined &&
      gate.permissionsFor(me)?.has(PermissionFlagsBits.SendMessages) === true &&
      (quarantine === undefined ||
        gate.permissionsFor(quarantine)?.has(PermissionFlagsBits.ViewChannel) === true);
    const levelRoles = (needs.roles ?? []).map((name) => {
      const role = guild.roles.cache.find((r) => r.name === name);
      return {
        key: 'discordLevelRole',
        ok: role !== undefined && role.position < top,
        params: { role: name },
      };
    });
    return [
      { key: 'discordMessageContent', ok: this.messageContent },
      { key: 'discordManageRoles', ok: me.permissions.has(PermissionFlagsBits.ManageRoles) },
      { key: 'discordKick', ok: me.permissions.has(PermissionFlagsBits.KickMembers) },
      { key: 'discordQuarantineRole', ok: quarantine !== undefined && quarantine.position < top },
      { key: 'discordMemberRole', ok: member !== undefined && member.position < top },
      { key: 'discordGateChannel', ok: gateOk, params: { channel: this.gateChannel } },
      ...levelRoles,
    ];
  }

  /**
   * The guild, as this process's gateway keeps it when one of its shards owns the guild. Otherwise (a job
   * claimed here for a guild another process's shard owns) fetched over REST, which reaches every guild
   * whatever the shard, with its channels, afresh each time and kept out of the client's cache: no gateway
   * event would keep a cached copy current.
   */
  async #guild(id: string): Promise<Guild> {
    if (this.ownsGuild(id)) return this.client.guilds.fetch(id);
    const guild = await this.client.guilds.fetch({ guild: id, force: true, cache: false });
    await guild.channels.fetch();
    return guild;
  }

  /** A circle is a guild (post in its default channel); `guild/channel` names one channel of it. */
  async #channelOf(chat: ChatRef): Promise<GuildTextBasedChannel> {
    const [guildId = chat.id, channelId] = chat.id.split('/');
    return channelId ? this.#textChannel(channelId) : this.#defaultChannel(guildId);
  }

  async #textChannel(id: string): Promise<GuildTextBasedChannel> {
    // A channel of a guild no shard of this process owns is fetched too (REST reaches every guild).
    const channel = await this.client.channels.fetch(id, { allowUnknownGuild: true });
    if (!channel?.isTextBased() || channel.isDMBased())
      throw new Error(`channel ${id} is not a guild text channel`);
    return channel;
  }

  /** Where the bot posts in a guild when no channel is named: the system channel, else the first it can. */
  async #defaultChannel(guildId: string): Promise<GuildTextBasedChannel> {
    const guild = await this.#guild(guildId);
    if (guild.systemChannel) return guild.systemChannel;
    const me = await guild.members.fetchMe();
    const channel = guild.channels.cache.find(
      (c) => c.isTextBased() && c.permissionsFor(me)?.has(PermissionFlagsBits.SendMessages) === true,
    );
    if (!channel?.isTextBased()) throw new Error(`no channel to post in, in guild ${guildId}`);
    return channel as GuildTextBasedChannel;
  }
}
