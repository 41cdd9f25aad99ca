import {
  type APIGuild,
  type APIGuildMember,
  type APIUser,
  PermissionFlagsBits,
  REST,
  Routes,
} from 'discord.js';
import type { Circle } from '../../core/circle.js';
import { circleName } from '../../core/circle.js';
import { refKey } from '../../core/refs.js';
import { type CheckResult, fail, failureReason, ok, withTimeout } from './check.js';

/** The server permissions circlebot needs, with the names Discord's apps show. */
const PERMISSIONS = [
  [PermissionFlagsBits.ManageRoles, 'Manage Roles'],
  [PermissionFlagsBits.KickMembers, 'Kick Members'],
  [PermissionFlagsBits.ManageMessages, 'Manage Messages'],
] as const;

/** The bot's server-wide permissions: `@everyone` and its roles combined; the owner and Administrator have all. */
function permissionsIn(guild: APIGuild, member: APIGuildMember, botId: string): bigint {
  if (guild.owner_id === botId) return ~0n;
  const mine = new Set([guild.id, ...member.roles]);
  let bits = 0n;
  for (const role of guild.roles) if (mine.has(role.id)) bits |= BigInt(role.permissions);
  return bits & PermissionFlagsBits.Administrator ? ~0n : bits;
}

const status = (err: unknown) => (err as { status?: number }).status;

/**
 * Checks the Discord token (`GET /users/@me`) and, for each Discord circle, that the bot is in the server
 * with the permissions circlebot needs — through `@discordjs/rest` (as discord.js exports it) at the
 * configured API root.
 */
export async function checkDiscord(opts: {
  readonly token: string;
  readonly apiRoot: string;
  readonly circles: readonly Circle[];
  readonly timeoutMs: number;
}): Promise<CheckResult[]> {
  const rest = new REST({
    api: opts.apiRoot,
    version: '10',
    timeout: opts.timeoutMs,
    retries: 0,
    // No sweeper timers: this client lives for a few calls.
    hashSweepInterval: 0,
    handlerSweepInterval: 0,
  }).setToken(opts.token);
  const get = <T>(route: `/${string}`) => withTimeout(rest.get(route) as Promise<T>, opts.timeoutMs);

  let me: APIUser;
  try {
    me = await get<APIUser>(Routes.user());
  } catch (err) {
    const rejected = status(err) === 401;
    return [
      fail(
        'Discord token',
        `${rejected ? 'rejected' : 'could not be checked'} by ${opts.apiRoot}: ${failureReason(err)}`,
        rejected
          ? 'set DISCORD_TOKEN (discord.token) to the bot token from the developer portal (Bot → Reset Token)'
          : `check that ${opts.apiRoot} is reachable from this machine (discord.apiRoot)`,
      ),
    ];
  }
  const results: CheckResult[] = [ok('Discord token', `${me.username} (id ${me.id}) at ${opts.apiRoot}`)];
  for (const circle of opts.circles) {
    if (circle.chat.platform !== 'discord') continue;
    const name = `Discord circle "${circleName(circle)}" (${refKey(circle.chat)})`;
    const guildId = circle.chat.id.split('/')[0]!;
    let guild: APIGuild;
    let member: APIGuildMember;
    try {
      guild = await get<APIGuild>(Routes.guild(guildId));
      member = await get<APIGuildMember>(Routes.guildMember(guildId, me.id));
    } catch (err) {
      const gone = status(err) === 403 || status(err) === 404;
      results.push(
        fail(
          name,
          gone
            ? `the bot is not in this server (${failureReason(err)})`
            : `could not be checked: ${failureReason(err)}`,
          gone ? 'invite the bot to the server again (or ignore this if the server is gone)' : undefined,
        ),
      );
      continue;
    }
    const bits = permissionsIn(guild, member, me.id);
    const missing = PERMISSIONS.filter(([flag]) => (bits & flag) === 0n).map(([, label]) => label);
    results.push(
      missing.length === 0
        ? ok(name, `in "${guild.name}" with every permission circlebot needs`)
        : fail(
            name,
            `the bot lacks: ${missing.join(', ')}`,
            "Server Settings → Roles → the bot's role: turn those permissions on",
          ),
    );
  }
  return results;
}
