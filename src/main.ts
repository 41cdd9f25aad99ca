import { runCli } from './cli/index.js';
import { startBot } from './cli/start.js';
import { loadConfig } from './config.js';

/**
 * The `circlebot` command. No argument (or `start`): run the bot. Anything else is an operator command
 * (`backup`, `restore`, `export`, `import`, `doctor`, `migrate-to-postgres`, `help`) from `src/cli/`.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || (command === 'start' && args.length === 0)) return startBot();
  return runCli(command, args, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    config: () => loadConfig(process.env),
    now: () => Date.now(),
  });
}

/** Exits once stdout and stderr have taken everything written (an export piped to a file must be whole). */
function exit(code: number): void {
  let open = 2;
  const done = () => {
    if (--open === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(
  // Exit explicitly: an open stdin pipe must not keep a stopped bot alive.
  exit,
  (err: unknown) => {
    // Operator commands report their own errors: only starting the bot rejects.
    process.stderr.write(`circlebot: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    exit(1);
  },
);
