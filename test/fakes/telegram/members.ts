import type {
  TgAdminRights,
  TgChatMember,
  TgChatPermissions,
  TgChatType,
  TgMemberStatus,
  TgUser,
} from './types.js';

/** What an owner ticks by default when promoting a bot: everything but "add new admins". */
export const DEFAULT_ADMIN_RIGHTS: TgAdminRights = {
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: true,
  can_restrict_members: true,
  can_promote_members: false,
  can_change_info: true,
  can_invite_users: true,
  can_post_stories: true,
  can_edit_stories: true,
  can_delete_stories: true,
  can_pin_messages: true,
};

const ALL_PERMISSIONS = [
  'can_send_messages',
  'can_send_audios',
  'can_send_documents',
  'can_send_photos',
  'can_send_videos',
  'can_send_video_notes',
  'can_send_voice_notes',
  'can_send_polls',
  'can_send_other_messages',
  'can_add_web_page_previews',
  'can_change_info',
  'can_invite_users',
  'can_pin_messages',
  'can_manage_topics',
] as const satisfies readonly (keyof TgChatPermissions)[];

/** A full `ChatMemberRestricted` permission set: given fields as asked, the rest false. */
export function fullPermissions(p: TgChatPermissions): Required<TgChatPermissions> {
  const out = {} as Required<TgChatPermissions>;
  for (const key of ALL_PERMISSIONS) out[key] = p[key] === true;
  return out;
}

export function grantsEverything(p: TgChatPermissions): boolean {
  return ALL_PERMISSIONS.every((key) => p[key] === true);
}

/** Options for building a member; unknown fields for a status are ignored. */
export interface MemberSpec {
  status: TgMemberStatus;
  rights?: Partial<TgAdminRights>;
  permissions?: TgChatPermissions;
  until_date?: number;
  is_member?: boolean;
  custom_title?: string;
}

/** A `ChatMember` of the given status with every field the Bot API always sends for it. */
export function buildMember(
  user: TgUser,
  spec: MemberSpec | TgMemberStatus,
  chatType?: TgChatType,
): TgChatMember {
  const s: MemberSpec = typeof spec === 'string' ? { status: spec } : spec;
  switch (s.status) {
    case 'creator':
      return {
        status: 'creator',
        user,
        is_anonymous: false,
        ...(s.custom_title ? { custom_title: s.custom_title } : {}),
      };
    case 'administrator': {
      const rights = { ...DEFAULT_ADMIN_RIGHTS, ...s.rights };
      if (chatType === 'supergroup' && rights.can_manage_topics === undefined)
        rights.can_manage_topics = false;
      return { status: 'administrator', user, can_be_edited: false, is_anonymous: false, ...rights };
    }
    case 'member':
      return { status: 'member', user, ...(s.until_date ? { until_date: s.until_date } : {}) };
    case 'restricted':
      return {
        status: 'restricted',
        user,
        is_member: s.is_member ?? true,
        ...fullPermissions(s.permissions ?? {}),
        until_date: s.until_date ?? 0,
      };
    case 'left':
      return { status: 'left', user };
    case 'kicked':
      return { status: 'kicked', user, until_date: s.until_date ?? 0 };
  }
}

/** Whether the member is in the chat (owner, admin, member, or restricted but still a member). */
export function isPresent(m: TgChatMember | undefined): boolean {
  if (!m) return false;
  if (m.status === 'restricted') return m.is_member;
  return m.status === 'creator' || m.status === 'administrator' || m.status === 'member';
}

/** Whether the member holds an admin right; the owner holds them all. */
export function hasRight(m: TgChatMember | undefined, right: keyof TgAdminRights): boolean {
  if (!m) return false;
  if (m.status === 'creator') return true;
  return m.status === 'administrator' && m[right] === true;
}
