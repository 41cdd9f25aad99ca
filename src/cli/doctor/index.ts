import { resolve } from 'node:path';
import { type Config, defaultConfigFile } from '../../config.js';
import { readArgs } from '../args.js';
import type { CliContext } from '../io.js';
import { type CheckResult, fail, formatCheck, note, ok } from './check.js';
import { checkDatabase } from './database.js';
import { checkDiscord } from './discord.js';
import { checkPostgres } from './pg-database.js';
import { checkPublicUrl } from './public-url.js';
import { checkTelegram } from './telegram.js';

const USAGE = 'circlebot doctor';
/** How long each platform call or the public URL may take. */
const TIMEOUT_MS = 10_000;

/** Every token and secret of the settings, never printed (an error message may quote a URL holding one). */
function secretsOf(config: Config): string[] {
  return [
    config.telegram.token,
    config.telegram.webhookSecret,
    config.discord.token,
    config.market?.linkSecret,
    config.market?.stripeWebhookSecret,
    config.market?.standardWebhookSecret,
    ...config.credit.providers.map((p) => p.secret),
  ].filter((s): s is string => typeof s === 'string' && s.length >= 4);
}

/**
 * `circlebot doctor`: checks the settings, the database and its migrations, the Telegram and Discord
 * tokens and the bot's rights in every circle, and the public URL; one line per check (✓ ✗ –) with what to
 * fix under each failure. Exit code 1 when any check failed. Changes nothing.
 */
export async function doctorCommand(args: readonly string[], ctx: CliContext): Promise<number> {
  readArgs(args, {}, { min: 0, max: 0, usage: USAGE });
  let failures = 0;
  let secrets: string[] = [];
  const report = (results: readonly CheckResult[]) => {
    for (const result of results) {
      if (result.status === 'fail') failures++;
      ctx.stdout.write(formatCheck(result, secrets));
    }
  };

  let config: Config;
  try {
    config = ctx.config();
  } catch (err) {
    report([
      fail(
        'settings',
        err instanceof Error ? err.message : String(err),
        'correct that key in the settings file or the environment',
      ),
    ]);
    ctx.stdout.write('doctor: the settings must load before anything else can be checked\n');
    return 1;
  }
  secrets = secretsOf(config);
  const file = ctx.env.CIRCLEBOT_CONFIG?.trim() ? resolve(ctx.env.CIRCLEBOT_CONFIG) : defaultConfigFile;
  report([ok('settings', `loaded from ${file} and the environment`)]);

  const { results, circles } =
    config.db.url === undefined
      ? await checkDatabase(resolve(config.db.file))
      : await checkPostgres(config.db.url);
  report(results);

  if (config.telegram.token) {
    report(
      await checkTelegram({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        circles,
        timeoutMs: TIMEOUT_MS,
      }),
    );
  } else {
    report([note('Telegram', 'no token set (TELEGRAM_BOT_TOKEN): not used')]);
  }
  if (config.discord.token) {
    report(
      await checkDiscord({
        token: config.discord.token,
        apiRoot: config.discord.apiRoot,
        circles,
        timeoutMs: TIMEOUT_MS,
      }),
    );
  } else {
    report([note('Discord', 'no token set (DISCORD_TOKEN): not used')]);
  }
  report([
    await checkPublicUrl({
      publicUrl: config.publicUrl,
      httpEnabled: config.http.enabled,
      timeoutMs: TIMEOUT_MS,
    }),
  ]);
  ctx.stdout.write(
    failures === 0
      ? 'doctor: no problems found\n'
      : `doctor: ${failures} problem${failures === 1 ? '' : 's'} to fix\n`,
  );
  return failures === 0 ? 0 : 1;
}
