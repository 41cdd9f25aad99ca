export { applyUpdate } from './apply.js';
export { BotApiError, TG } from './errors.js';
export { buildMember, DEFAULT_ADMIN_RIGHTS, type MemberSpec } from './members.js';
export { commandScopeKey } from './methods/chats.js';
export type { WebhookState } from './methods/index.js';
export type { FakeFile } from './multipart.js';
export type { Params } from './params.js';
export type { FailureSpec, FakeCall } from './recorder.js';
export {
  type FakeTelegram,
  type FakeTelegramOptions,
  type InjectOptions,
  startFakeTelegram,
} from './server.js';
export * from './types.js';
export {
  type ChatLike,
  createUpdateBuilders,
  entitiesFor,
  type MessageLike,
  type StatusLike,
  type UpdateBuilders,
  type UserLike,
} from './updates.js';
export type { DeliverOptions } from './webhook.js';
export { type ChatSpec, privateChatOf, type UserSpec, World } from './world.js';
