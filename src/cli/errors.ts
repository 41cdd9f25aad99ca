import { CircleError } from '../core/errors.js';

/**
 * An operator command that cannot go on: `message` names the file, line or key and the reason. Exit code 2
 * for a command line that does not fit the usage, 1 for everything else (refused, failed, bad input).
 */
export class CliError extends CircleError {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    options?: { cause?: unknown },
  ) {
    super(exitCode === 2 ? 'CB_ERR_USAGE' : 'CB_ERR_CLI', message, options);
  }
}

/** A command line that does not fit: shown with the command's usage, exit code 2. */
export const usageError = (message: string): CliError => new CliError(message, 2);
