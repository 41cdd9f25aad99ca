import type { Writable } from 'node:stream';
import type { Config } from '../config.js';

/** A stream the CLI writes to; `isTTY` decides between a progress bar and progress lines. */
export type Output = Writable & { readonly isTTY?: boolean; readonly columns?: number };

/** What every operator command gets: where to write, the environment, and the settings (read on demand). */
export interface CliContext {
  /** Data (an export without `--out`) and reports (doctor, usage). */
  readonly stdout: Output;
  /** Progress, summaries and errors. */
  readonly stderr: Output;
  readonly env: NodeJS.ProcessEnv;
  /** The bot's settings; throws `ConfigError` naming the bad key. */
  config(): Config;
  /** Milliseconds now; tests pin it. */
  now(): number;
}
