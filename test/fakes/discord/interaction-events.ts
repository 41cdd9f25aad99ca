import { ComponentType, InteractionType, OptionType } from './constants.js';
import { channelPayload, interactionMember, memberNoUser, userPayload } from './payloads.js';
import { channelPermissions } from './permissions.js';
import { randomToken } from './snowflake.js';
import {
  type DcCommandOption,
  type DcComponent,
  type DcInteractionOption,
  type DispatchEvent,
  type InteractionPayload,
  idOf,
  type MessageLike,
  type Snowflake,
  type UserLike,
} from './types.js';
import type { World } from './world.js';

/** A slash-command option value; ids of users, roles and channels go in `{ user }`, `{ role }`, `{ channel }`. */
export type OptionValue =
  | string
  | number
  | boolean
  | { user: Snowflake }
  | { role: Snowflake }
  | { channel: Snowflake };

export interface InteractionExtra {
  /** Override the member's `permissions` string (default: computed from roles and overwrites). */
  permissions?: bigint | string;
  locale?: string;
}

/** Builds INTERACTION_CREATE payloads as Discord sends them to a gateway bot. */
export function createInteractionBuilders(world: World) {
  /** The fields every interaction carries, for `user` in `channelId`. */
  function base(type: number, channelId: Snowflake, userId: Snowflake, extra: InteractionExtra = {}) {
    const channel = world.requireChannel(channelId);
    const guild = channel.guildId ? world.requireGuild(channel.guildId) : undefined;
    const locale = extra.locale ?? 'en-US';
    const common = {
      id: world.ids.next(),
      application_id: world.application.id,
      type,
      token: `aW50ZXJhY3Rpb246${randomToken(160)}`,
      version: 1,
      channel: channelPayload(world, channel),
      channel_id: channelId,
      locale,
      entitlements: [],
      attachment_size_limit: 10_485_760,
    };
    if (!guild) {
      return {
        ...common,
        user: userPayload(world, userId),
        app_permissions: '0',
        // Guild-install key "0": the guild's id, or "0" in the bot's DMs.
        authorizing_integration_owners: { '0': '0' },
        context: 1,
      };
    }
    const member = interactionMember(world, guild.id, userId, channelId);
    if (extra.permissions !== undefined) member.permissions = String(extra.permissions);
    return {
      ...common,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
      guild_locale: guild.preferredLocale,
      member,
      app_permissions: String(channelPermissions(guild, channel, world.botUser.id)),
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
    };
  }

  function findCommand(guildId: Snowflake | undefined, name: string) {
    const scoped = guildId ? world.commandsFor(guildId).find((c) => c.name === name) : undefined;
    return scoped ?? world.commandsFor('global').find((c) => c.name === name);
  }

  function componentMessage(message: MessageLike) {
    const found = world.findMessage(message.channel_id, message.id);
    if (!found) throw new Error(`fake Discord: no message ${message.id} in channel ${message.channel_id}`);
    return structuredClone(found);
  }

  return {
    /**
     * A slash command: `name` may hold a subcommand path (`'points top'`). Option types come from the
     * registered command when there is one, else from the values (string, integer, number, boolean, ids).
     */
    slashCommand(
      channelId: Snowflake,
      user: UserLike,
      name: string,
      options: Record<string, OptionValue> = {},
      extra: InteractionExtra = {},
    ): DispatchEvent<InteractionPayload> {
      const userId = idOf(user);
      const b = base(InteractionType.ApplicationCommand, channelId, userId, extra);
      const guildId = 'guild_id' in b ? b.guild_id : undefined;
      const [root = '', ...path] = name.trim().split(/\s+/);
      const command = findCommand(guildId, root);
      // Declared option types live at the leaf subcommand.
      let declared: DcCommandOption[] = command?.options ?? [];
      for (const segment of path) declared = declared.find((o) => o.name === segment)?.options ?? [];
      const resolved: Record<string, Record<string, unknown>> = {};
      let tree: DcInteractionOption[] = Object.entries(options).map(([optName, value]) =>
        encodeOption(optName, value, declared.find((o) => o.name === optName)?.type, {
          resolved,
          guildId,
          channelId,
          userId,
        }),
      );
      for (const [depth, segment] of [...path].reverse().entries()) {
        const type = depth === 0 ? OptionType.Subcommand : OptionType.SubcommandGroup;
        tree = [{ type, name: segment, options: tree }];
      }
      return {
        t: 'INTERACTION_CREATE',
        d: {
          ...b,
          data: {
            id: command?.id ?? world.ids.next(),
            name: root,
            type: 1,
            ...(tree.length ? { options: tree } : {}),
            ...(Object.keys(resolved).length ? { resolved } : {}),
            ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
          },
        },
      };
    },

    /** A press on a button the bot sent (the message must be in the world). */
    button(
      user: UserLike,
      message: MessageLike,
      customId: string,
      extra: InteractionExtra = {},
    ): DispatchEvent<InteractionPayload> {
      const msg = componentMessage(message);
      return {
        t: 'INTERACTION_CREATE',
        d: {
          ...base(InteractionType.MessageComponent, msg.channel_id, idOf(user), extra),
          message: msg,
          data: { custom_id: customId, component_type: ComponentType.Button },
        },
      };
    },

    /** A choice in a string select menu the bot sent. */
    stringSelect(
      user: UserLike,
      message: MessageLike,
      customId: string,
      values: string[],
      extra: InteractionExtra = {},
    ): DispatchEvent<InteractionPayload> {
      const msg = componentMessage(message);
      return {
        t: 'INTERACTION_CREATE',
        d: {
          ...base(InteractionType.MessageComponent, msg.channel_id, idOf(user), extra),
          message: msg,
          data: { custom_id: customId, component_type: ComponentType.StringSelect, values },
        },
      };
    },

    /**
     * A submitted modal. `source` is the interaction the bot answered with that modal (its layout — action rows
     * or labels — and custom id are mirrored), or `{ channelId, customId }` for a modal the fake never saw.
     * Every text input is answered (`''` when `values` leaves it out); unknown ids throw.
     */
    modalSubmit(
      user: UserLike,
      source: Snowflake | { channelId: Snowflake; customId: string },
      values: Record<string, string | string[]>,
      extra: InteractionExtra = {},
    ): DispatchEvent<InteractionPayload> {
      let channelId: Snowflake;
      let customId: string;
      let components: DcComponent[];
      let messageId: Snowflake | undefined;
      if (typeof source === 'string') {
        const opened = world.interactions.get(source);
        if (!opened?.modal)
          throw new Error(`fake Discord: interaction ${source} was not answered with a modal`);
        channelId = opened.channelId;
        customId = opened.modal.custom_id;
        messageId = opened.messageId;
        components = submitted(opened.modal.components, values);
      } else {
        channelId = source.channelId;
        customId = source.customId;
        components = Object.entries(values).map(([id, value]) => ({
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.TextInput, custom_id: id, value: [value].flat().join('\n') }],
        }));
      }
      const message = messageId ? world.findMessage(channelId, messageId) : undefined;
      return {
        t: 'INTERACTION_CREATE',
        d: {
          ...base(InteractionType.ModalSubmit, channelId, idOf(user), extra),
          ...(message ? { message: structuredClone(message) } : {}),
          data: { custom_id: customId, components },
        },
      };
    },
  };

  function encodeOption(
    name: string,
    value: OptionValue,
    declaredType: number | undefined,
    at: {
      resolved: Record<string, Record<string, unknown>>;
      guildId: Snowflake | undefined;
      channelId: Snowflake;
      userId: Snowflake;
    },
  ): DcInteractionOption {
    const { resolved, guildId } = at;
    const guild = guildId ? world.guilds.get(guildId) : undefined;
    /** `who`'s permissions in `channelId`, as resolved members and channels carry them. */
    const permsIn = (channelId: Snowflake, who: Snowflake) =>
      guild ? String(channelPermissions(guild, world.requireChannel(channelId), who)) : '0';
    const put = (kind: string, id: Snowflake, payload: unknown) => {
      resolved[kind] ??= {};
      (resolved[kind] as Record<string, unknown>)[id] = payload;
    };
    const asUser = (id: Snowflake) => {
      put('users', id, userPayload(world, id));
      if (guildId && guild?.members.has(id)) {
        put('members', id, { ...memberNoUser(world, guildId, id), permissions: permsIn(at.channelId, id) });
      }
      return { type: OptionType.User, name, value: id };
    };
    const asRole = (id: Snowflake) => {
      put('roles', id, structuredClone(world.requireRole(guildId ?? '', id)));
      return { type: OptionType.Role, name, value: id };
    };
    const asChannel = (id: Snowflake) => {
      const c = world.requireChannel(id);
      put('channels', id, {
        id,
        type: c.type,
        name: c.name,
        permissions: permsIn(id, at.userId),
        parent_id: c.parentId,
        flags: 0,
      });
      return { type: OptionType.Channel, name, value: id };
    };
    if (typeof value === 'object') {
      if ('user' in value) return asUser(value.user);
      if ('role' in value) return asRole(value.role);
      return asChannel(value.channel);
    }
    if (declaredType === OptionType.User || declaredType === OptionType.Mentionable)
      return asUser(String(value));
    if (declaredType === OptionType.Role) return asRole(String(value));
    if (declaredType === OptionType.Channel) return asChannel(String(value));
    if (declaredType !== undefined) return { type: declaredType, name, value };
    if (typeof value === 'boolean') return { type: OptionType.Boolean, name, value };
    if (typeof value === 'number') {
      return { type: Number.isInteger(value) ? OptionType.Integer : OptionType.Number, name, value };
    }
    return { type: OptionType.String, name, value };
  }
}

/** The components of a submitted modal, mirroring the layout the bot showed. */
function submitted(shown: DcComponent[], values: Record<string, string | string[]>): DcComponent[] {
  const known = new Set<string>();
  const answer = (c: DcComponent): DcComponent => {
    const id = c.custom_id ?? '';
    known.add(id);
    const given = values[id];
    if (c.type === ComponentType.TextInput) {
      return {
        type: c.type,
        ...(c.id !== undefined ? { id: c.id } : {}),
        custom_id: id,
        value: [given ?? ''].flat().join('\n'),
      };
    }
    return {
      type: c.type,
      ...(c.id !== undefined ? { id: c.id } : {}),
      custom_id: id,
      values: [given ?? []].flat(),
    };
  };
  const out = shown.map((top): DcComponent => {
    if (top.type === ComponentType.ActionRow) {
      return {
        type: top.type,
        ...(top.id !== undefined ? { id: top.id } : {}),
        components: (top.components ?? []).map(answer),
      };
    }
    if (top.type === ComponentType.Label && top.component) {
      return {
        type: top.type,
        ...(top.id !== undefined ? { id: top.id } : {}),
        component: answer(top.component),
      };
    }
    return { type: top.type, ...(top.id !== undefined ? { id: top.id } : {}) };
  });
  const unknown = Object.keys(values).filter((id) => !known.has(id));
  if (unknown.length) throw new Error(`fake Discord: the modal has no input ${unknown.join(', ')}`);
  return out;
}
