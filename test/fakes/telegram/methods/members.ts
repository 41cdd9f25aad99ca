import { badRequest, TG } from '../errors.js';
import { grantsEverything, hasRight, isPresent, type MemberSpec } from '../members.js';
import { optBool, optInt, type Params } from '../params.js';
import type { TgAdminRights, TgChatPermissions, TgMemberStatus, TgUser } from '../types.js';
import type { ChatRecord } from '../world.js';
import { chatParam, emitMemberChange, type MethodContext, type MethodHandler, userParam } from './context.js';

function requireBotRight(
  ctx: MethodContext,
  record: ChatRecord,
  right: keyof TgAdminRights,
  error: string,
): void {
  if (!hasRight(ctx.world.botMember(record.chat.id), right)) throw badRequest(error);
}

/** Approve and decline share Telegram's checks: rights, already a member, no request pending. */
function settle(decision: 'approve' | 'decline'): MethodHandler {
  return (p, ctx) => {
    const record = chatParam(p, ctx);
    const user = userParam(p, ctx);
    requireBotRight(ctx, record, 'can_invite_users', TG.chatAdminRequired);
    if (ctx.world.isMember(record.chat.id, user.id)) throw badRequest(TG.userAlreadyParticipant);
    if (!record.requests.has(user.id)) throw badRequest(TG.hideRequesterMissing);
    record.requests.delete(user.id);
    if (decision === 'approve') {
      const old = ctx.world.setMember(record.chat.id, user, 'member');
      const next = ctx.world.member(record.chat.id, user.id);
      if (next) emitMemberChange(ctx, record.chat, old, next, { via_join_request: true });
    }
    return true;
  };
}

/** The target of a restrict/ban: not the bot itself, not the owner, not an admin. */
function targetParam(p: Params, ctx: MethodContext, record: ChatRecord): TgUser {
  const user = userParam(p, ctx);
  if (user.id === ctx.world.bot.id) throw badRequest(TG.cantRestrictSelf);
  const member = ctx.world.member(record.chat.id, user.id);
  if (member?.status === 'creator') throw badRequest(TG.cantRemoveOwner);
  if (member?.status === 'administrator') throw badRequest(TG.userIsAdmin);
  return user;
}

function change(
  ctx: MethodContext,
  record: ChatRecord,
  user: TgUser,
  spec: MemberSpec | TgMemberStatus,
): void {
  const old = ctx.world.setMember(record.chat.id, user, spec);
  const next = ctx.world.member(record.chat.id, user.id);
  if (next) emitMemberChange(ctx, record.chat, old, next);
}

const restrictChatMember: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  if (record.chat.type !== 'supergroup') throw badRequest(TG.supergroupsOnly);
  requireBotRight(ctx, record, 'can_restrict_members', TG.notEnoughRightsRestrict);
  const user = targetParam(p, ctx, record);
  const permissions = (p.permissions ?? {}) as TgChatPermissions;
  if (typeof permissions !== 'object') throw badRequest("Bad Request: can't parse permissions JSON object");
  const wasMember = isPresent(ctx.world.member(record.chat.id, user.id));
  const until_date = optInt(p, 'until_date') ?? 0;
  if (grantsEverything(permissions)) {
    if (wasMember) change(ctx, record, user, 'member');
    return true;
  }
  change(ctx, record, user, { status: 'restricted', permissions, until_date, is_member: wasMember });
  return true;
};

const banChatMember: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  if (record.chat.type === 'private') throw badRequest(TG.chatNotFound);
  requireBotRight(ctx, record, 'can_restrict_members', TG.notEnoughRightsRestrict);
  const user = targetParam(p, ctx, record);
  change(ctx, record, user, { status: 'kicked', until_date: optInt(p, 'until_date') ?? 0 });
  record.requests.delete(user.id);
  return true;
};

/** Lifts a ban (the user may rejoin); without `only_if_banned` it also removes a present member. */
const unbanChatMember: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  if (record.chat.type === 'group' || record.chat.type === 'private')
    throw badRequest(TG.supergroupOrChannelOnly);
  requireBotRight(ctx, record, 'can_restrict_members', TG.notEnoughRightsRestrict);
  const user = targetParam(p, ctx, record);
  const member = ctx.world.member(record.chat.id, user.id);
  if (member?.status === 'kicked') change(ctx, record, user, 'left');
  else if (isPresent(member) && !optBool(p, 'only_if_banned')) change(ctx, record, user, 'left');
  return true;
};

export const memberMethods: Record<string, MethodHandler> = {
  approveChatJoinRequest: settle('approve'),
  declineChatJoinRequest: settle('decline'),
  restrictChatMember,
  banChatMember,
  unbanChatMember,
};
