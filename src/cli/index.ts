import { ConfigError } from '../core/errors.js';
import { DbLockedError } from '../store/lock.js';
import { CliError } from './errors.js';
import type { CliContext } from './io.js';
import { USAGE } from './usage.js';

type Command = (args: readonly string[], ctx: CliContext) => Promise<number>;

/** Loaded on demand: `circlebot backup` need not load discord.js. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  backup: async () => (await import('./backup.js')).backupCommand,
  restore: async () => (await import('./restore.js')).restoreCommand,
  export: async () => (await import('./export/index.js')).exportCommand,
  import: async () => (await import('./import/points.js')).importCommand,
  doctor: async () => (await import('./doctor/index.js')).doctorCommand,
  'migrate-to-postgres': async () => (await import('./migrate/index.js')).migrateCommand,
};

/**
 * Runs one operator command and resolves with its exit code: 0 done, 1 refused or failed (the message names
 * the file, line or key and why), 2 a command line or setting that does not fit (with the usage).
 * `help` prints the usage (exit 0); an unknown command prints it to stderr (exit 2).
 */
export async function runCli(command: string, args: readonly string[], ctx: CliContext): Promise<number> {
  if (command === 'help' || command === '--help' || command === '-h') {
    ctx.stdout.write(USAGE);
    return 0;
  }
  if (command === 'start') {
    ctx.stderr.write(
      `circlebot start: takes no arguments (settings come from the file and the environment)\n`,
    );
    return 2;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    ctx.stderr.write(`circlebot: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load())(args, ctx);
  } catch (err) {
    if (err instanceof ConfigError) {
      ctx.stderr.write(`circlebot: bad setting: ${err.message}\n`);
      return 2;
    }
    if (err instanceof CliError) {
      ctx.stderr.write(`circlebot ${command}: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof DbLockedError) {
      ctx.stderr.write(`circlebot ${command}: ${err.message}\n`);
      return 1;
    }
    ctx.stderr.write(`circlebot ${command}: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
