import { apiError, DC, forbidden, invalidForm, notFound } from '../errors.js';
import { applicationPayload, channelPayload, readyUser, userPayload } from '../payloads.js';
import type { DcCommand, DcCommandOption, Snowflake } from '../types.js';
import type { World } from '../world.js';
import { requireBotGuild } from './guilds.js';
import { NO_CONTENT, type RestRequest, type RouteDef, route } from './router.js';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Command checks Discord makes on registration (codes as Discord reports them; messages partly guessed). */
function validateCommands(list: Record<string, unknown>[]): void {
  const names = new Set<string>();
  if (list.filter((c) => (c.type ?? 1) === 1).length > 100) {
    throw invalidForm([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  }
  for (const [i, cmd] of list.entries()) {
    const type = Number(cmd.type ?? 1);
    const name = String(cmd.name ?? '');
    if (!NAME.test(name) || (type === 1 && name !== name.toLowerCase())) {
      throw invalidForm([i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    const key = `${type}:${name}`;
    if (names.has(key)) {
      throw invalidForm(
        [i, 'name'],
        'APPLICATION_COMMANDS_DUPLICATE_NAME',
        'Application command names must be unique',
      );
    }
    names.add(key);
    if (type === 1) checkDescription(cmd.description, [i, 'description']);
    checkOptions((cmd.options as DcCommandOption[] | undefined) ?? [], [i, 'options']);
  }
}

function checkDescription(description: unknown, path: (string | number)[]): void {
  const length = typeof description === 'string' ? description.length : 0;
  if (length < 1 || length > 100) {
    throw invalidForm(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
}

function checkOptions(options: DcCommandOption[], path: (string | number)[]): void {
  if (options.length > 25) throw invalidForm(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let optionalSeen = false;
  for (const [j, opt] of options.entries()) {
    if (!NAME.test(opt.name) || opt.name !== opt.name.toLowerCase()) {
      throw invalidForm([...path, j, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    checkDescription(opt.description, [...path, j, 'description']);
    if (opt.type === 1 || opt.type === 2) {
      checkOptions(opt.options ?? [], [...path, j, 'options']);
      continue;
    }
    if (opt.required && optionalSeen) {
      throw invalidForm(
        path,
        'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        'Required options must be placed before non-required options',
      );
    }
    if (!opt.required) optionalSeen = true;
  }
}

function toCommand(
  world: World,
  body: Record<string, unknown>,
  scope: string,
  keepId?: Snowflake,
): DcCommand {
  const type = Number(body.type ?? 1);
  return {
    id: keepId ?? world.ids.next(),
    application_id: world.application.id,
    ...(scope === 'global' ? {} : { guild_id: scope }),
    version: world.ids.next(),
    type,
    name: String(body.name),
    name_localizations: (body.name_localizations as Record<string, string> | undefined) ?? null,
    description: typeof body.description === 'string' ? body.description : '',
    description_localizations: (body.description_localizations as Record<string, string> | undefined) ?? null,
    ...(Array.isArray(body.options) && body.options.length ? { options: structuredClone(body.options) } : {}),
    default_member_permissions:
      body.default_member_permissions === undefined || body.default_member_permissions === null
        ? null
        : String(body.default_member_permissions),
    ...(scope === 'global' ? { dm_permission: body.dm_permission !== false } : {}),
    nsfw: body.nsfw === true,
    contexts: (body.contexts as number[] | undefined) ?? null,
    integration_types: (body.integration_types as number[] | undefined) ?? [0],
  };
}

/** The command scope of a route: `'global'` or a guild the bot is in (else 403 Missing Access). */
function scopeOf(req: RestRequest, world: World): string {
  if (req.params.app !== world.application.id) throw forbidden(DC.missingAccess);
  if (req.params.guild === undefined) return 'global';
  return requireBotGuild(world, req.params.guild).id;
}

function upsert(world: World, scope: string, body: Record<string, unknown>): DcCommand {
  validateCommands([body]);
  const list = world.commandsFor(scope);
  const same = list.find((c) => c.name === body.name && c.type === Number(body.type ?? 1));
  const command = toCommand(world, body, scope, same?.id);
  world.commands.set(scope, [...list.filter((c) => c !== same), command]);
  return command;
}

function findCommand(req: RestRequest, world: World): { scope: string; command: DcCommand } {
  const scope = scopeOf(req, world);
  const command = world.commandsFor(scope).find((c) => c.id === req.params.command);
  if (!command) throw notFound(DC.unknownCommand);
  return { scope, command };
}

/** Routes for both scopes: `/applications/:app/commands` and `/applications/:app/guilds/:guild/commands`. */
function commandRoutes(prefix: string): RouteDef[] {
  return [
    route('GET', prefix, (req, { world }) => world.commandsFor(scopeOf(req, world))),
    route('PUT', prefix, (req, { world }) => {
      const scope = scopeOf(req, world);
      const list = Array.isArray(req.raw) ? (req.raw as Record<string, unknown>[]) : [];
      validateCommands(list);
      const before = world.commandsFor(scope);
      const next = list.map((body) => {
        const same = before.find((c) => c.name === body.name && c.type === Number(body.type ?? 1));
        return toCommand(world, body, scope, same?.id);
      });
      world.commands.set(scope, next);
      return next;
    }),
    route('POST', prefix, (req, { world }) => upsert(world, scopeOf(req, world), req.body)),
    route('GET', `${prefix}/:command`, (req, { world }) => findCommand(req, world).command),
    route('PATCH', `${prefix}/:command`, (req, { world }) => {
      const { scope, command } = findCommand(req, world);
      return upsert(world, scope, { ...command, ...req.body });
    }),
    route('DELETE', `${prefix}/:command`, (req, { world }) => {
      const { scope, command } = findCommand(req, world);
      world.commands.set(
        scope,
        world.commandsFor(scope).filter((c) => c !== command),
      );
      return NO_CONTENT;
    }),
  ];
}

/** `GET /gateway/bot`: the URL, the recommended number of shards and the session start limit. */
export interface GatewayBot {
  url: string;
  shards: number;
  session_start_limit: { total: number; remaining: number; reset_after: number; max_concurrency: number };
}

export function appRoutes(gatewayUrl: () => string, gatewayBot: () => GatewayBot): RouteDef[] {
  return [
    route('GET', '/gateway', () => ({ url: gatewayUrl() }), { auth: false }),
    route('GET', '/gateway/bot', gatewayBot),
    route('GET', '/users/@me', (_req, { world }) => readyUser(world)),
    route('POST', '/users/@me/channels', (req, { world }) => {
      const id = String(req.body.recipient_id ?? '');
      if (!world.user(id)) throw apiError(400, DC.invalidRecipients);
      return channelPayload(world, world.dmChannel(id));
    }),
    route('GET', '/users/:user', (req, { world }) => {
      if (!world.user(req.params.user ?? '')) throw notFound(DC.unknownUser);
      return userPayload(world, req.params.user ?? '');
    }),
    route('GET', '/applications/@me', (_req, { world }) => applicationPayload(world)),
    route('GET', '/oauth2/applications/@me', (_req, { world }) => applicationPayload(world)),
    ...commandRoutes('/applications/:app/commands'),
    ...commandRoutes('/applications/:app/guilds/:guild/commands'),
  ];
}
