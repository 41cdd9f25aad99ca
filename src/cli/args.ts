import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from './errors.js';

/**
 * Reads a command's arguments (after the command name) with `node:util`'s strict parser. Throws a usage
 * error (exit 2) for an unknown option, a missing value, or a positional count outside `positionals`.
 */
export function readArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
  positionals: { readonly min: number; readonly max: number; readonly usage: string },
) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(`${err instanceof Error ? err.message : String(err)}\nusage: ${positionals.usage}`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw usageError(`missing arguments\nusage: ${positionals.usage}`);
  if (count > positionals.max) {
    throw usageError(
      `unexpected argument ${JSON.stringify(parsed.positionals[positionals.max])}\nusage: ${positionals.usage}`,
    );
  }
  return parsed;
}
