export { applyEvent } from './apply.js';
export * from './constants.js';
export { apiError, DC, DiscordHttpError, invalidForm } from './errors.js';
export { createEventBuilders, type EventBuilders, guildCreateEvent, type MessageExtra } from './events.js';
export type { SessionInfo } from './gateway.js';
export type { ConnectionInfo, DroppedEvent, GatewayFrame, IdentifyRecord } from './gateway-log.js';
export type { InteractionExtra, OptionValue } from './interaction-events.js';
export { basePermissions, canManageRole, channelPermissions, highestRole, outranks } from './permissions.js';
export type { FailureSpec, FakeCall, FakeFile, RouteFilter } from './recorder.js';
export type { GatewayBot } from './rest/app.js';
export {
  type DispatchOptions,
  type FakeDiscord,
  type FakeDiscordOptions,
  type FakeGateway,
  startFakeDiscord,
} from './server.js';
export { shardOf, snowflakeTime } from './snowflake.js';
export * from './types.js';
export {
  type ChannelRecord,
  type ChannelSpec,
  type GuildRecord,
  type GuildSpec,
  type InteractionRecord,
  type MemberRecord,
  type MemberSpec,
  type OverwriteSpec,
  type PrivilegedIntents,
  type RolePlacement,
  type RoleSpec,
  type UserSpec,
  World,
} from './world.js';
