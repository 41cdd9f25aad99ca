import { ChannelType, MessageFlag, MessageType, Perm } from '../constants.js';
import { apiError, DC, forbidden, notFound } from '../errors.js';
import { channelPayload, memberNoUser, memberPayload, userPayload } from '../payloads.js';
import { channelPermissions } from '../permissions.js';
import type { FakeFile } from '../recorder.js';
import type { DcComponent, DcMessage, DcUser, DispatchEvent, Snowflake } from '../types.js';
import type { ChannelRecord, World } from '../world.js';
import { NO_CONTENT, type RestContext, type RouteDef, route } from './router.js';
import { validateMessageBody } from './validate.js';

/** Flags a bot may set when sending or editing. */
const SETTABLE_FLAGS =
  MessageFlag.SuppressEmbeds | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2;

export function requireChannel(world: World, id: Snowflake): ChannelRecord {
  const channel = world.channels.get(id);
  if (!channel) throw notFound(DC.unknownChannel);
  return channel;
}

/** The bot can see the channel (else 403 Missing Access) and holds `needs` there (else 403 Missing Permissions). */
export function requireAccess(world: World, channel: ChannelRecord, needs = 0n): void {
  if (!channel.guildId) return;
  const guild = world.requireGuild(channel.guildId);
  if (!guild.members.has(world.botUser.id)) throw forbidden(DC.missingAccess);
  const perms = channelPermissions(guild, channel, world.botUser.id);
  if (!(perms & Perm.ViewChannel)) throw forbidden(DC.missingAccess);
  if ((perms & needs) !== needs) throw forbidden(DC.missingPermissions);
}

/** Components as Discord echoes them: every component numbered depth-first when the bot gave no `id`. */
function numbered(components: DcComponent[]): DcComponent[] {
  let next = 0;
  const walk = (c: DcComponent): DcComponent => {
    const out: DcComponent = { ...c, id: c.id ?? ++next };
    if (c.components) out.components = c.components.map(walk);
    if (c.component) out.component = walk(c.component);
    return out;
  };
  return structuredClone(components).map(walk);
}

function mentionsIn(world: World, content: string): DcUser[] {
  const ids = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] ?? '');
  return [...new Set(ids)].filter((id) => world.user(id)).map((id) => userPayload(world, id));
}

/** A message from the bot made from a send body; `extra` adds interaction or webhook fields. */
export function composeMessage(
  world: World,
  channelId: Snowflake,
  body: Record<string, unknown>,
  files: FakeFile[],
  extra: Partial<DcMessage> = {},
): DcMessage {
  const content = typeof body.content === 'string' ? body.content : '';
  const reference = body.message_reference as { message_id?: Snowflake } | undefined;
  const replied = reference?.message_id ? world.findMessage(channelId, reference.message_id) : undefined;
  const message: DcMessage = {
    id: world.ids.next(),
    channel_id: channelId,
    author: userPayload(world, world.botUser.id),
    content,
    timestamp: world.iso(),
    edited_timestamp: null,
    tts: body.tts === true,
    mention_everyone: false,
    mentions: mentionsIn(world, content),
    mention_roles: [],
    attachments: files.map((f) => {
      const id = world.ids.next();
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${f.filename}`;
      return { id, filename: f.filename, size: f.size, url, proxy_url: url, content_type: f.content_type };
    }),
    embeds: Array.isArray(body.embeds) ? structuredClone(body.embeds) : [],
    pinned: false,
    type: replied ? MessageType.Reply : MessageType.Default,
    flags: (typeof body.flags === 'number' ? body.flags : 0) & SETTABLE_FLAGS,
    components: numbered(Array.isArray(body.components) ? (body.components as DcComponent[]) : []),
    ...(body.nonce !== undefined ? { nonce: body.nonce as string } : {}),
    ...(reference?.message_id
      ? {
          message_reference: { type: 0, message_id: reference.message_id, channel_id: channelId },
          referenced_message: replied ? structuredClone(replied) : null,
        }
      : {}),
    ...extra,
  };
  return message;
}

/** Applies an edit body (content, embeds, components, flags) to a stored message in place. */
export function editMessage(
  world: World,
  message: DcMessage,
  body: Record<string, unknown>,
  files: FakeFile[],
) {
  validateMessageBody(body, { creating: false, hasFiles: files.length > 0 });
  if (typeof body.content === 'string' || body.content === null) {
    message.content = body.content ?? '';
    message.mentions = mentionsIn(world, message.content);
  }
  if (Array.isArray(body.embeds)) message.embeds = structuredClone(body.embeds);
  if (Array.isArray(body.components)) message.components = numbered(body.components as DcComponent[]);
  if (typeof body.flags === 'number') {
    message.flags = (message.flags & ~SETTABLE_FLAGS) | (body.flags & SETTABLE_FLAGS);
  }
  message.flags &= ~MessageFlag.Loading;
  message.edited_timestamp = world.iso();
}

/** The message as MESSAGE_CREATE/UPDATE carry it: with `guild_id` and the author's `member` in a guild. */
export function messageEvent(
  world: World,
  t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE',
  message: DcMessage,
): DispatchEvent {
  const guildId = world.channels.get(message.channel_id)?.guildId;
  const d: Record<string, unknown> = structuredClone(message) as unknown as Record<string, unknown>;
  if (guildId) {
    d.guild_id = guildId;
    if (world.guilds.get(guildId)?.members.has(message.author.id)) {
      d.member = memberNoUser(world, guildId, message.author.id);
    }
  }
  return { t, d };
}

export function messageDeleteEvent(world: World, message: DcMessage): DispatchEvent {
  const guildId = world.channels.get(message.channel_id)?.guildId;
  return {
    t: 'MESSAGE_DELETE',
    d: { id: message.id, channel_id: message.channel_id, ...(guildId ? { guild_id: guildId } : {}) },
  };
}

/** Sends a bot message into a channel: checks access and DM settings, stores it, emits MESSAGE_CREATE. */
function sendToChannel(
  ctx: RestContext,
  channelId: Snowflake,
  body: Record<string, unknown>,
  files: FakeFile[],
) {
  const { world } = ctx;
  const channel = requireChannel(world, channelId);
  if (channel.type === ChannelType.DM) {
    const recipient = channel.recipientId ? world.users.get(channel.recipientId) : undefined;
    const sharesGuild = [...world.guilds.values()].some(
      (g) => g.members.has(world.botUser.id) && recipient && g.members.has(recipient.user.id),
    );
    if (!recipient || recipient.dmsClosed || recipient.user.bot || !sharesGuild) {
      throw forbidden(DC.cannotMessageUser);
    }
  } else {
    requireAccess(world, channel, Perm.SendMessages | (files.length ? Perm.AttachFiles : 0n));
  }
  validateMessageBody(body, { creating: true, hasFiles: files.length > 0 });
  const message = composeMessage(world, channelId, body, files);
  world.storeMessage(message);
  ctx.emit(messageEvent(world, 'MESSAGE_CREATE', message));
  return message;
}

function requireMessage(world: World, channelId: Snowflake, messageId: Snowflake): DcMessage {
  const message = world.findMessage(channelId, messageId);
  if (!message) throw notFound(DC.unknownMessage);
  return message;
}

/** The `:emoji` of a reaction route, decoded: a unicode emoji, or `name:id` for a custom one. */
function emojiParam(raw: string): { id: Snowflake | null; name: string } {
  const custom = /^([\w~]{2,32}):(\d{17,20})$/.exec(raw);
  if (custom) return { id: custom[2] ?? null, name: custom[1] ?? '' };
  if (/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(raw) && [...raw].length <= 16)
    return { id: null, name: raw };
  throw apiError(400, DC.unknownEmoji);
}

/** The bot's reaction joins the message's reactions (once per emoji), and MESSAGE_REACTION_ADD goes out. */
function addBotReaction(ctx: RestContext, message: DcMessage, emoji: { id: Snowflake | null; name: string }) {
  const { world } = ctx;
  const reactions = message.reactions ?? [];
  const same = reactions.find((r) => r.emoji.name === emoji.name && r.emoji.id === emoji.id);
  if (same?.me) return;
  if (same) {
    same.me = true;
    same.count += 1;
    same.count_details.normal += 1;
  } else {
    reactions.push({
      count: 1,
      count_details: { burst: 0, normal: 1 },
      me: true,
      me_burst: false,
      burst_colors: [],
      emoji,
    });
  }
  message.reactions = reactions;
  const guildId = world.channels.get(message.channel_id)?.guildId;
  const botId = world.botUser.id;
  ctx.emit({
    t: 'MESSAGE_REACTION_ADD',
    d: {
      user_id: botId,
      type: 0,
      message_id: message.id,
      message_author_id: message.author.id,
      emoji,
      channel_id: message.channel_id,
      burst: false,
      burst_colors: [],
      ...(guildId ? { guild_id: guildId, member: memberPayload(world, guildId, botId) } : {}),
    },
  });
}

export const channelRoutes: RouteDef[] = [
  route('GET', '/channels/:channel', (req, { world }) => {
    const channel = requireChannel(world, req.params.channel ?? '');
    requireAccess(world, channel);
    return channelPayload(world, channel);
  }),
  route('GET', '/channels/:channel/messages', (req, { world }) => {
    const channel = requireChannel(world, req.params.channel ?? '');
    requireAccess(world, channel, Perm.ReadMessageHistory);
    const limit = Math.min(Number(req.query.limit ?? 50) || 50, 100);
    return world.messages(channel.id).reverse().slice(0, limit);
  }),
  route('GET', '/channels/:channel/messages/:message', (req, { world }) => {
    const channel = requireChannel(world, req.params.channel ?? '');
    requireAccess(world, channel, Perm.ReadMessageHistory);
    return requireMessage(world, channel.id, req.params.message ?? '');
  }),
  route('POST', '/channels/:channel/messages', (req, ctx) =>
    sendToChannel(ctx, req.params.channel ?? '', req.body, req.files),
  ),
  route('PATCH', '/channels/:channel/messages/:message', (req, ctx) => {
    const channel = requireChannel(ctx.world, req.params.channel ?? '');
    requireAccess(ctx.world, channel);
    const message = requireMessage(ctx.world, channel.id, req.params.message ?? '');
    if (message.author.id !== ctx.world.botUser.id) throw forbidden(DC.cannotEditOthers);
    editMessage(ctx.world, message, req.body, req.files);
    ctx.emit(messageEvent(ctx.world, 'MESSAGE_UPDATE', message));
    return message;
  }),
  route('DELETE', '/channels/:channel/messages/:message', (req, ctx) => {
    const channel = requireChannel(ctx.world, req.params.channel ?? '');
    const message = requireMessage(ctx.world, channel.id, req.params.message ?? '');
    const own = message.author.id === ctx.world.botUser.id;
    requireAccess(ctx.world, channel, own ? 0n : Perm.ManageMessages);
    if (!own && channel.type === ChannelType.DM) throw forbidden(DC.cannotEditOthers);
    channel.messages.delete(message.id);
    ctx.emit(messageDeleteEvent(ctx.world, message));
    return NO_CONTENT;
  }),
  route('PUT', '/channels/:channel/messages/:message/reactions/:emoji/@me', (req, ctx) => {
    const channel = requireChannel(ctx.world, req.params.channel ?? '');
    requireAccess(ctx.world, channel, Perm.AddReactions | Perm.ReadMessageHistory);
    const message = requireMessage(ctx.world, channel.id, req.params.message ?? '');
    const emoji = emojiParam(req.params.emoji ?? '');
    addBotReaction(ctx, message, emoji);
    return NO_CONTENT;
  }),
  route('PUT', '/channels/:channel/permissions/:overwrite', (req, ctx) => {
    const channel = requireChannel(ctx.world, req.params.channel ?? '');
    if (!channel.guildId) throw apiError(400, DC.invalidFormBody);
    requireAccess(ctx.world, channel, Perm.ManageRoles);
    const id = req.params.overwrite ?? '';
    const next = {
      id,
      type: (Number(req.body.type) === 1 ? 1 : 0) as 0 | 1,
      allow: String(req.body.allow ?? '0'),
      deny: String(req.body.deny ?? '0'),
    };
    channel.overwrites = [...channel.overwrites.filter((o) => o.id !== id), next];
    ctx.emit({ t: 'CHANNEL_UPDATE', d: channelPayload(ctx.world, channel) });
    return NO_CONTENT;
  }),
  route('DELETE', '/channels/:channel/permissions/:overwrite', (req, ctx) => {
    const channel = requireChannel(ctx.world, req.params.channel ?? '');
    requireAccess(ctx.world, channel, Perm.ManageRoles);
    channel.overwrites = channel.overwrites.filter((o) => o.id !== req.params.overwrite);
    ctx.emit({ t: 'CHANNEL_UPDATE', d: channelPayload(ctx.world, channel) });
    return NO_CONTENT;
  }),
];
