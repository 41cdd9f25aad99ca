import { Telegram } from 'telegraf';
import type { Circle } from '../../core/circle.js';
import { circleName } from '../../core/circle.js';
import { refKey } from '../../core/refs.js';
import { type CheckResult, fail, failureReason, ok, withTimeout } from './check.js';

/** The admin rights circlebot needs in a Telegram group, with the names Telegram's apps show. */
const RIGHTS = [
  ['can_invite_users', 'Invite users via link (to approve join requests)'],
  ['can_delete_messages', 'Delete messages'],
  ['can_restrict_members', 'Ban users'],
] as const;

type Right = (typeof RIGHTS)[number][0];

/**
 * Checks the Telegram token (`getMe`), privacy mode, and the bot's admin rights in each Telegram circle
 * (`getChatMember` of itself), through telegraf's `Telegram` client at the configured API root.
 */
export async function checkTelegram(opts: {
  readonly token: string;
  readonly apiRoot: string;
  readonly circles: readonly Circle[];
  readonly timeoutMs: number;
}): Promise<CheckResult[]> {
  const api = new Telegram(opts.token, { apiRoot: opts.apiRoot });
  let me: Awaited<ReturnType<Telegram['getMe']>>;
  try {
    me = await withTimeout(api.getMe(), opts.timeoutMs);
  } catch (err) {
    const rejected = (err as { code?: number }).code === 401 || (err as { code?: number }).code === 404;
    return [
      fail(
        'Telegram token',
        `${rejected ? 'rejected' : 'could not be checked'} by ${opts.apiRoot}: ${failureReason(err)}`,
        rejected
          ? 'set TELEGRAM_BOT_TOKEN (telegram.token) to the token @BotFather gave you'
          : `check that ${opts.apiRoot} is reachable from this machine (telegram.apiRoot)`,
      ),
    ];
  }
  const results: CheckResult[] = [ok('Telegram token', `@${me.username} (id ${me.id}) at ${opts.apiRoot}`)];
  results.push(
    me.can_read_all_group_messages
      ? ok('Telegram privacy mode', 'off: the bot sees group messages, so they earn points')
      : fail(
          'Telegram privacy mode',
          'on: the bot sees only commands in groups, so ordinary messages earn no points',
          '@BotFather → /mybots → your bot → Bot Settings → Group Privacy → Turn off',
        ),
  );
  for (const circle of opts.circles) {
    if (circle.chat.platform !== 'telegram') continue;
    const name = `Telegram circle "${circleName(circle)}" (${refKey(circle.chat)})`;
    let member: Awaited<ReturnType<Telegram['getChatMember']>>;
    try {
      member = await withTimeout(api.getChatMember(circle.chat.id, me.id), opts.timeoutMs);
    } catch (err) {
      results.push(
        fail(
          name,
          `the bot cannot see this group: ${failureReason(err)}`,
          'add the bot back to the group as an administrator (or ignore this if the group is gone)',
        ),
      );
      continue;
    }
    if (member.status === 'creator') {
      results.push(ok(name, 'the bot owns the group'));
      continue;
    }
    if (member.status !== 'administrator') {
      results.push(
        fail(
          name,
          `the bot is not an administrator (${member.status})`,
          `make the bot an administrator with: ${RIGHTS.map(([, label]) => label).join(', ')}`,
        ),
      );
      continue;
    }
    const rights = member as unknown as Partial<Record<Right, boolean>>;
    const missing = RIGHTS.filter(([key]) => rights[key] !== true).map(([, label]) => label);
    results.push(
      missing.length === 0
        ? ok(name, 'administrator with every right circlebot needs')
        : fail(
            name,
            `the bot lacks: ${missing.join(', ')}`,
            "in the group's settings → Administrators → the bot, turn those rights on",
          ),
    );
  }
  return results;
}
