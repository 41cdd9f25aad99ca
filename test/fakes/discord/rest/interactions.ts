import {
  CallbackType,
  INTERACTION_TOKEN_MS,
  InteractionType,
  MessageFlag,
  MessageType,
} from '../constants.js';
import { apiError, DC, invalidForm, notFound, tooLong } from '../errors.js';
import { userPayload } from '../payloads.js';
import type { DcComponent, DcMessage } from '../types.js';
import type { InteractionRecord, World } from '../world.js';
import { composeMessage, editMessage, messageDeleteEvent, messageEvent } from './messages.js';
import { NO_CONTENT, type RestContext, type RestRequest, type RouteDef, route } from './router.js';
import { validateMessageBody, validateModal } from './validate.js';

/** Which callback types each interaction type accepts. */
const ALLOWED: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

function interactionFields(world: World, rec: InteractionRecord): Partial<DcMessage> {
  return {
    webhook_id: world.application.id,
    application_id: world.application.id,
    interaction_metadata: {
      id: rec.id,
      type: rec.type,
      user: userPayload(world, rec.userId),
      authorizing_integration_owners: { '0': rec.guildId ?? '0' },
    },
  };
}

/** Creates a message for an interaction: public ones go into the channel (and the gateway), ephemeral ones do not. */
function createInteractionMessage(
  ctx: RestContext,
  rec: InteractionRecord,
  body: Record<string, unknown>,
  req: RestRequest,
  extra: Partial<DcMessage>,
  extraFlags = 0,
): DcMessage {
  const { world } = ctx;
  const message = composeMessage(world, rec.channelId, body, req.files, {
    ...interactionFields(world, rec),
    ...extra,
  });
  const ephemeral = typeof body.flags === 'number' && (body.flags & MessageFlag.Ephemeral) !== 0;
  message.flags |= (ephemeral ? MessageFlag.Ephemeral : 0) | extraFlags;
  world.interactionMessages.set(message.id, message);
  if (!ephemeral) {
    world.storeMessage(message);
    ctx.emit(messageEvent(world, 'MESSAGE_CREATE', message));
  }
  return message;
}

function callback(req: RestRequest, ctx: RestContext): unknown {
  const { world } = ctx;
  const rec = world.interactions.get(req.params.interaction ?? '');
  if (!rec || rec.token !== req.params.token) throw notFound(DC.unknownInteraction);
  if (rec.responseType !== undefined) throw apiError(400, DC.alreadyAcknowledged);
  if (world.interactionExpired(rec)) throw notFound(DC.unknownInteraction);
  const type = Number(req.body.type);
  if (!ALLOWED[rec.type]?.includes(type) || ((type === 6 || type === 7) && !rec.messageId)) {
    // Guessed: Discord rejects a response type the interaction cannot take as an invalid form body.
    throw invalidForm(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'Interaction response type is invalid.');
  }
  const data = (req.body.data ?? {}) as Record<string, unknown>;
  let message: DcMessage | undefined;
  switch (type) {
    case CallbackType.ChannelMessageWithSource:
      validateMessageBody(data, { creating: true, hasFiles: req.files.length > 0 });
      message = createInteractionMessage(ctx, rec, data, req, {
        type:
          rec.type === InteractionType.ApplicationCommand
            ? MessageType.ChatInputCommand
            : MessageType.Default,
      });
      rec.original = message;
      break;
    case CallbackType.DeferredChannelMessageWithSource: {
      const flags = (typeof data.flags === 'number' ? data.flags : 0) & MessageFlag.Ephemeral;
      const kind =
        rec.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default;
      message = createInteractionMessage(ctx, rec, { flags }, req, { type: kind }, MessageFlag.Loading);
      rec.original = message;
      break;
    }
    case CallbackType.UpdateMessage: {
      const target = world.findMessage(rec.channelId, rec.messageId ?? '');
      if (!target) throw notFound(DC.unknownMessage);
      editMessage(world, target, data, req.files);
      ctx.emit(messageEvent(world, 'MESSAGE_UPDATE', target));
      message = target;
      break;
    }
    case CallbackType.ApplicationCommandAutocompleteResult: {
      const choices = Array.isArray(data.choices) ? data.choices : [];
      if (choices.length > 25) throw tooLong(['data', 'choices'], 25);
      break;
    }
    case CallbackType.Modal:
      validateModal(data);
      rec.modal = {
        custom_id: String(data.custom_id),
        title: String(data.title),
        components: structuredClone(data.components as DcComponent[]),
      };
      break;
    default:
      break;
  }
  rec.responseType = type;
  if (req.query.with_response !== 'true') return NO_CONTENT;
  const created = type === 4 || type === 5;
  return {
    interaction: {
      id: rec.id,
      type: rec.type,
      ...(message && created
        ? {
            response_message_id: message.id,
            response_message_loading: type === 5,
            response_message_ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0,
          }
        : {}),
    },
    ...(message && type !== 6 ? { resource: { type, message: structuredClone(message) } } : {}),
  };
}

/** The interaction behind a webhook token, checked as Discord does: known, acknowledged, under 15 minutes old. */
function byToken(req: RestRequest, world: World): InteractionRecord {
  if (req.params.app !== world.application.id) throw notFound(DC.unknownWebhook);
  const rec = world.interactionByToken(req.params.token ?? '');
  if (!rec || rec.responseType === undefined) throw notFound(DC.unknownWebhook);
  if (world.now() - rec.createdAt > INTERACTION_TOKEN_MS) throw apiError(401, DC.invalidWebhookToken);
  return rec;
}

/** `@original` is the reply (types 4, 5) or, after types 6 and 7, the message the component sat on. */
function target(world: World, rec: InteractionRecord, id: string): DcMessage {
  if (id === '@original') {
    const found = rec.original ?? world.findMessage(rec.channelId, rec.messageId ?? '');
    if (!found) throw notFound(DC.unknownMessage);
    return found;
  }
  const found = rec.followups.includes(id) ? world.interactionMessages.get(id) : undefined;
  if (!found) throw notFound(DC.unknownMessage);
  return found;
}

const isPublic = (world: World, m: DcMessage) => world.findMessage(m.channel_id, m.id) === m;

function editWebhookMessage(req: RestRequest, ctx: RestContext) {
  const rec = byToken(req, ctx.world);
  const message = target(ctx.world, rec, req.params.message ?? '@original');
  editMessage(ctx.world, message, req.body, req.files);
  if (isPublic(ctx.world, message)) ctx.emit(messageEvent(ctx.world, 'MESSAGE_UPDATE', message));
  return message;
}

function deleteWebhookMessage(req: RestRequest, ctx: RestContext) {
  const rec = byToken(req, ctx.world);
  const message = target(ctx.world, rec, req.params.message ?? '@original');
  if (isPublic(ctx.world, message)) {
    ctx.world.channels.get(message.channel_id)?.messages.delete(message.id);
    ctx.emit(messageDeleteEvent(ctx.world, message));
  }
  ctx.world.interactionMessages.delete(message.id);
  if (rec.original === message) rec.original = undefined;
  return NO_CONTENT;
}

/** A follow-up; after a deferred reply the first one replaces the "thinking…" message, as on Discord. */
function followUp(req: RestRequest, ctx: RestContext) {
  const { world } = ctx;
  const rec = byToken(req, world);
  let message: DcMessage;
  const loading = rec.original && (rec.original.flags & MessageFlag.Loading) !== 0;
  if (rec.original && loading) {
    message = rec.original;
    editMessage(world, message, req.body, req.files);
    if (isPublic(world, message)) ctx.emit(messageEvent(world, 'MESSAGE_UPDATE', message));
  } else {
    validateMessageBody(req.body, { creating: true, hasFiles: req.files.length > 0 });
    message = createInteractionMessage(ctx, rec, req.body, req, {});
    rec.followups.push(message.id);
  }
  return req.query.wait === 'true' ? message : NO_CONTENT;
}

export const interactionRoutes: RouteDef[] = [
  route('POST', '/interactions/:interaction/:token/callback', callback, { auth: false }),
  route(
    'GET',
    '/webhooks/:app/:token/messages/@original',
    (req, { world }) => target(world, byToken(req, world), '@original'),
    { auth: false },
  ),
  route('PATCH', '/webhooks/:app/:token/messages/@original', editWebhookMessage, { auth: false }),
  route('DELETE', '/webhooks/:app/:token/messages/@original', deleteWebhookMessage, { auth: false }),
  route(
    'GET',
    '/webhooks/:app/:token/messages/:message',
    (req, { world }) => target(world, byToken(req, world), req.params.message ?? ''),
    { auth: false },
  ),
  route('PATCH', '/webhooks/:app/:token/messages/:message', editWebhookMessage, { auth: false }),
  route('DELETE', '/webhooks/:app/:token/messages/:message', deleteWebhookMessage, { auth: false }),
  route('POST', '/webhooks/:app/:token', followUp, { auth: false }),
];
