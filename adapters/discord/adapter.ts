import {
  type APIUser,
  Client,
  type ClientOptions,
  ClientUser,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  type MessageReaction,
  type PartialMessageReaction,
  Partials,
  type PartialUser,
  Routes,
  type User,
} from 'discord.js';
import type { CommandSpec } from '../../src/core/commands/spec.js';
import { CircleError } from '../../src/core/errors.js';
import type { ChatEvent } from '../../src/core/events.js';
import type { Logger } from '../../src/core/logger.js';
import type { MemberProfile } from '../../src/core/refs.js';
import { argsTextOf } from './commands.js';
import { readModalId, selectAnswerData } from './forms.js';
import { DiscordPort, type DiscordRoles } from './port.js';
import { channelRef, dmRef, guildRef, messageKey, userRef } from './refs.js';
import {
  type DiscordShardLease,
  type DiscordShards,
  identifyOptions,
  settleShards,
  shardOptions,
  type TakeShardLease,
} from './shards.js';

export type { DiscordShardLease, DiscordShards, TakeShardLease } from './shards.js';

export interface DiscordAdapterOptions {
  readonly token: string;
  /** REST root, e.g. `https://discord.com/api` or a fake's `http://127.0.0.1:PORT/api`; the gateway URL comes from it. */
  readonly apiRoot: string;
  /** Ask for the privileged MessageContent intent (needed for link filtering and text rules). */
  readonly messageContent: boolean;
  readonly handle: (event: ChatEvent) => Promise<void>;
  readonly log: Logger;
  readonly roles?: DiscordRoles;
  /** Which gateway shards this process runs; unset: one shard, as discord.js defaults to. */
  readonly shards?: DiscordShards;
  /**
   * Resolves when a shard of rate-limit bucket `bucket` (`shard_id % max_concurrency`) may identify, shared
   * by every process of the bot. Unset: discord.js spaces this process's own shards only.
   */
  readonly identifySlot?: (bucket: number, signal: AbortSignal) => Promise<void>;
  /**
   * Holds this process's shards so no other process of the bot runs them at the same time: taken (waited
   * for) before logging in, released after the client is destroyed. Unset: nothing stops a second process.
   */
  readonly shardLease?: TakeShardLease;
  /**
   * Called when the shards' lease was lost while running: the client is already destroyed (no event of those
   * shards is acted on any more); the caller decides what happens to the process.
   */
  readonly onShardsLost?: (err: CircleError) => void;
  /** Extra discord.js options (tests use them for timeouts). */
  readonly client?: Partial<ClientOptions>;
}

const profileOf = (user: User | PartialUser, displayName?: string | null): MemberProfile => ({
  ...(user.username ? { username: user.username } : {}),
  ...(displayName || user.globalName ? { displayName: displayName ?? user.globalName ?? undefined } : {}),
});

/** The gateway closed because a privileged intent is not enabled for the application. */
export const DISALLOWED_INTENTS = 4014;

/**
 * Discord through discord.js 14: guild messages, reactions and member joins become core events; slash
 * commands are deferred at once (the 3-second rule) and answered by the core through the port.
 */
export class DiscordAdapter {
  readonly client: Client;
  readonly port: DiscordPort;
  readonly #opts: DiscordAdapterOptions;
  /** No shard here: no gateway connection, only REST. */
  readonly #restOnly: boolean;
  /** Aborts a lease still being waited for when the adapter stops. */
  readonly #stopping = new AbortController();
  #lease: DiscordShardLease | null = null;

  constructor(opts: DiscordAdapterOptions) {
    this.#opts = opts;
    const intents = [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMembers,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.GuildMessageReactions,
      GatewayIntentBits.DirectMessages,
      ...(opts.messageContent ? [GatewayIntentBits.MessageContent] : []),
    ];
    this.client = new Client({
      intents,
      partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
      rest: { api: opts.apiRoot },
      ...shardOptions(opts.shards),
      ...identifyOptions(opts.identifySlot),
      ...opts.client,
    });
    this.#restOnly = opts.shards?.ids?.length === 0;
    this.port = new DiscordPort(
      this.client,
      opts.log,
      opts.roles,
      'apply',
      opts.messageContent,
      ...(this.#restOnly ? [() => false] : []),
    );
    this.#wire();
  }

  /** Logs in, waits until every shard of this process is ready, and publishes the commands in its guilds. */
  async start(commands: readonly CommandSpec[]): Promise<void> {
    if (this.#restOnly) return this.#startRestOnly(commands);
    await this.#takeLease();
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    try {
      await this.client.login(this.#opts.token);
    } catch (err) {
      if (err instanceof Error && /disallowed intents/i.test(err.message)) {
        // Close code 4014: a privileged intent is not switched on for this application.
        throw new CircleError(
          'CB_ERR_DISCORD_INTENTS',
          'Discord refused the gateway (4014, disallowed intents): turn on Server Members Intent' +
            (this.#opts.messageContent ? ' and Message Content Intent' : '') +
            ' in the developer portal (Bot → Privileged Gateway Intents), or set discord.messageContent: false',
          { cause: err },
        );
      }
      if (err instanceof Error && /sharding is required/i.test(err.message)) {
        // Close code 4011: more guilds on one shard than Discord allows (2500).
        throw new CircleError(
          'CB_ERR_DISCORD_SHARDING',
          'Discord refused the gateway (4011, sharding required): the bot is in more servers than one shard may hold (2500); set discord.shardCount (DISCORD_SHARD_COUNT) to auto, or to the same number in every process that runs a part of the shards (DISCORD_SHARD_IDS)',
          { cause: err },
        );
      }
      throw err;
    }
    await ready;
    await this.port.registerCommands(commands);
    this.#opts.log.info(
      {
        bot: this.client.user?.username,
        guilds: this.client.guilds.cache.size,
        shards: this.client.options.shards,
        shardCount: this.client.options.shardCount,
      },
      'discord started',
    );
  }

  /**
   * Runs no shard: takes the token for REST and learns the bot user (which `fetchMe` and permission checks
   * need) from `GET /users/@me`, as READY would have told it. No guild events reach this process.
   */
  async #startRestOnly(commands: readonly CommandSpec[]): Promise<void> {
    this.client.token = this.#opts.token;
    this.client.rest.setToken(this.#opts.token);
    const me = (await this.client.rest.get(Routes.user())) as APIUser;
    // discord.js builds its ClientUser from READY; its constructor is not public in the typings.
    const user = new (ClientUser as unknown as new (client: Client, data: APIUser) => ClientUser)(
      this.client,
      me,
    );
    this.client.user = user;
    this.client.users.cache.set(user.id, user);
    await this.port.registerCommands(commands);
    this.#opts.log.info({ bot: user.username, shards: [] }, 'discord started without a shard (REST only)');
  }

  /** Closes the gateway, then lets this process's shards go to whichever process waits for them. */
  async stop(): Promise<void> {
    this.#stopping.abort(new CircleError('CB_ERR_STOPPED', 'the Discord adapter stopped'));
    await this.client.destroy();
    await this.#lease?.release();
  }

  /** Waits until no other process runs this process's shards, and watches for losing them. */
  async #takeLease(): Promise<void> {
    const take = this.#opts.shardLease;
    if (!take) return;
    // `GET /gateway/bot` (for `auto`) needs the token before login.
    this.client.rest.setToken(this.#opts.token);
    const shards = await settleShards(this.client);
    const lease = await take(shards, this.#stopping.signal);
    this.#lease = lease;
    void lease.lost.then(async (cause) => {
      if (this.#stopping.signal.aborted) return;
      const err = new CircleError(
        'CB_ERR_DISCORD_SHARD_LEASE_LOST',
        `lost the database lease on Discord shards ${shards.ids.join(',')} of ${shards.count} (its connection ended): the gateway is closed, since another process may be taking them`,
        { cause },
      );
      this.#opts.log.error({ err, shards: shards.ids, shardCount: shards.count }, err.message);
      await this.client.destroy().catch(() => {});
      this.#opts.onShardsLost?.(err);
    });
  }

  #wire(): void {
    const { client } = this;
    const { log } = this.#opts;
    const safely =
      <A extends unknown[]>(what: string, fn: (...args: A) => Promise<void>) =>
      (...args: A) => {
        fn(...args).catch((err: unknown) => log.error({ err, what }, 'discord event failed'));
      };

    client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
    client.on(
      Events.GuildCreate,
      safely('guildCreate', async (guild) => {
        await this.port.registerIn(guild);
        const owner = await guild.fetchOwner();
        await this.#handle({
          kind: 'bot_added',
          chat: guildRef(guild.id),
          member: userRef(owner.id),
          profile: profileOf(owner.user, owner.displayName),
          chatTitle: guild.name,
          updateId: `g${guild.id}`,
        });
      }),
    );
    client.on(
      Events.GuildMemberAdd,
      safely('guildMemberAdd', async (member) => {
        if (member.user.bot) return;
        await this.port.quarantine(member.guild, member.id);
        await this.#handle({
          kind: 'join_requested',
          chat: guildRef(member.guild.id),
          member: userRef(member.id),
          profile: profileOf(member.user, member.displayName),
          chatTitle: member.guild.name,
          updateId: `j${member.guild.id}:${member.id}:${member.joinedTimestamp ?? 0}`,
        });
      }),
    );
    client.on(
      Events.GuildMemberRemove,
      safely('guildMemberRemove', async (member) => {
        await this.#handle({
          kind: 'member_left',
          chat: guildRef(member.guild.id),
          member: userRef(member.id),
          chatTitle: member.guild.name,
        });
      }),
    );
    client.on(
      Events.MessageCreate,
      safely('messageCreate', (message) => this.#message(message)),
    );
    client.on(
      Events.MessageReactionAdd,
      safely('messageReactionAdd', (reaction, user) => this.#reaction(reaction, user)),
    );
    client.on(
      Events.InteractionCreate,
      safely('interactionCreate', (interaction) => this.#interaction(interaction)),
    );
  }

  async #handle(event: ChatEvent): Promise<void> {
    await this.#opts.handle(event);
  }

  async #message(message: Message): Promise<void> {
    if (message.author.bot || message.system) return;
    const guildId = message.guildId;
    const inGuild = guildId !== null;
    await this.#handle({
      kind: 'message',
      chat: guildId ? guildRef(guildId) : dmRef(message.author.id),
      member: userRef(message.author.id),
      profile: profileOf(message.author, message.member?.displayName),
      ...(message.guild ? { chatTitle: message.guild.name } : {}),
      updateId: `m${message.id}`,
      private: !inGuild,
      messageId: messageKey(message.channelId, message.id),
      text: message.content,
      hasMedia: message.attachments.size > 0 || message.stickers.size > 0,
      ...(message.mentions.repliedUser && !message.mentions.repliedUser.bot
        ? { replyTo: userRef(message.mentions.repliedUser.id) }
        : {}),
    });
  }

  async #reaction(
    reaction: MessageReaction | PartialMessageReaction,
    user: User | PartialUser,
  ): Promise<void> {
    if (user.bot || !reaction.message.guildId) return;
    const message = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
    const emoji = reaction.emoji.name ?? reaction.emoji.id ?? '?';
    await this.#handle({
      kind: 'reaction',
      chat: guildRef(reaction.message.guildId),
      member: userRef(user.id),
      ...(user.partial ? {} : { profile: profileOf(user) }),
      updateId: `r${message.id}:${user.id}:${emoji}`,
      messageId: messageKey(message.channelId, message.id),
      emoji,
      ...(message.author ? { target: userRef(message.author.id) } : {}),
    });
  }

  async #interaction(interaction: Interaction): Promise<void> {
    const inGuild = interaction.guildId !== null;
    const chat = inGuild ? guildRef(interaction.guildId!) : dmRef(interaction.user.id);
    const base = {
      chat,
      member: userRef(interaction.user.id),
      profile: profileOf(
        interaction.user,
        interaction.inCachedGuild() ? interaction.member.displayName : undefined,
      ),
      updateId: `i${interaction.id}`,
    };
    if (interaction.isChatInputCommand()) {
      // Answer within 3 seconds whatever the core does next; the core's reply edits this.
      await interaction.deferReply();
      const key = this.port.holdInteraction(interaction);
      const spec = this.port.commands.find((c) => c.name === interaction.commandName);
      const sub = interaction.options.getSubcommand(false);
      const argsText = argsTextOf(spec, sub, (name) => {
        const option = interaction.options.get(name);
        return option?.value === undefined ? null : (option.value as string | number | boolean);
      });
      await this.#handle({
        kind: 'command',
        ...base,
        private: !inGuild,
        name: interaction.commandName,
        argsText,
        messageId: key,
        ...(inGuild && interaction.channelId
          ? { place: channelRef(interaction.guildId!, interaction.channelId) }
          : {}),
      });
      if (!interaction.replied && interaction.deferred) await interaction.deleteReply().catch(() => {});
      return;
    }
    if (interaction.isButton() || interaction.isStringSelectMenu()) {
      const data = interaction.isButton()
        ? interaction.customId
        : selectAnswerData(interaction.customId, interaction.values[0]);
      if (data === null) return;
      this.port.holdInteraction(interaction);
      await this.#handle({
        kind: 'button',
        ...base,
        data,
        messageId: messageKey(interaction.channelId, interaction.message.id),
        interactionId: interaction.id,
      });
      // Every press is answered, even when the core had nothing to say.
      if (!interaction.replied && !interaction.deferred) await interaction.deferUpdate().catch(() => {});
      return;
    }
    if (interaction.isModalSubmit() && interaction.guildId) {
      const form = readModalId(interaction.customId);
      if (!form) return;
      this.port.holdInteraction(interaction);
      const answers = interaction.fields.fields
        .map((field, id) => ({
          question: Number(id.slice(1)),
          text: 'value' in field ? String(field.value) : '',
        }))
        .filter((a) => Number.isInteger(a.question))
        .sort((a, b) => a.question - b.question);
      await this.#handle({
        kind: 'answer',
        ...base,
        circle: guildRef(interaction.guildId),
        answers,
        interactionId: interaction.id,
      });
      if (!interaction.replied && !interaction.deferred) {
        if (interaction.isFromMessage()) await interaction.deferUpdate().catch(() => {});
        else await interaction.deferReply({ flags: MessageFlags.Ephemeral }).catch(() => {});
      }
    }
  }
}
