import { startApp } from '../app.js';
import { loadConfig, redactedConfig } from '../config.js';
import { ConfigError } from '../core/errors.js';
import { createLogger } from '../log.js';

/**
 * `circlebot` / `npm start`: load settings (a bad one exits 2 with one line naming it), start circlebot, and
 * shut down gracefully on SIGINT/SIGTERM or when the console's input ends (exit 0), or when circlebot can no
 * longer run safely (exit 1: the Discord shards' lease was lost). Resolves with the exit code;
 * rejects when circlebot cannot start.
 */
export async function startBot(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`circlebot: bad setting: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const consoleMode = !config.telegram.token && !config.discord.token;
  // In the console, stdout is the chat: logs go to stderr so they never mix with it.
  const log = createLogger(
    config.log.level,
    consoleMode ? { destination: process.stderr, pretty: false } : {},
  );
  log.info({ config: redactedConfig(config) }, 'settings loaded');

  // A stray rejection is a bug to log, never a reason to drop every circle on the floor.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

  const app = await startApp({
    config,
    log,
    terminal: consoleMode
      ? { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true }
      : undefined,
  });

  return new Promise<number>((resolve) => {
    const stop = (signal: string, code = 0) => {
      log.info({ signal }, 'shutting down');
      void app.stop().then(() => resolve(code));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    if (consoleMode) void app.consoleDone.then(() => stop('end of input'));
    // Going on could run a Discord shard beside another process: stop, exit 1, and let the supervisor
    // start a fresh process, which waits for its shards like any other.
    void app.failed.then((err) => {
      log.error({ err }, 'circlebot cannot go on safely; exiting so its supervisor restarts it');
      stop('failure', 1);
    });
  });
}
