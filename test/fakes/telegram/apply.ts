import type { TgMessage, TgUpdate } from './types.js';
import type { World } from './world.js';

function applyMessage(world: World, message: TgMessage): void {
  const { chat, from } = message;
  if (from) world.ensureUser(from);
  world.ensureChat(chat);
  if (chat.type === 'private') {
    if (from && from.id === chat.id) world.startBot(from.id);
  } else if (from && !from.is_bot && !world.isMember(chat.id, from.id)) {
    world.setMember(chat.id, from, 'member');
  }
  for (const joined of message.new_chat_members ?? []) {
    if (!world.isMember(chat.id, joined.id)) world.setMember(chat.id, joined, 'member');
  }
  if (message.left_chat_member) world.setMember(chat.id, message.left_chat_member, 'left');
  if (message.migrate_to_chat_id !== undefined && !world.chat(message.migrate_to_chat_id)) {
    world.migrateChat(chat.id, message.migrate_to_chat_id);
  }
  world.storeMessage(structuredClone(message));
}

/**
 * What an update tells the fake happened: a message is stored (and its sender is in the chat; a private
 * message means the user started the bot), a join request is pending, a membership changed, a query
 * awaits its answer. Users and chats seen for the first time join the world.
 */
export function applyUpdate(world: World, update: TgUpdate): void {
  if (update.message) applyMessage(world, update.message);
  if (update.callback_query) {
    world.ensureUser(update.callback_query.from);
    world.openQuery(update.callback_query.id, 'callback_query');
  }
  if (update.pre_checkout_query) {
    world.ensureUser(update.pre_checkout_query.from);
    world.openQuery(update.pre_checkout_query.id, 'pre_checkout_query');
  }
  const request = update.chat_join_request;
  if (request) {
    world.ensureUser(request.from);
    world.ensureChat(request.chat);
    world.addJoinRequest(request.chat.id, request.from.id, request);
  }
  for (const changed of [update.chat_member, update.my_chat_member]) {
    if (!changed) continue;
    world.ensureUser(changed.new_chat_member.user);
    world.ensureChat(changed.chat);
    world.putMember(changed.chat.id, changed.new_chat_member);
  }
}
