import cliProgress from 'cli-progress';
import type { Output } from './io.js';

/** How far a long job (backup, export, import) is. Write nothing else to the stream until `done`/`stop`. */
export interface Progress {
  /** Sets how much is done (and the total, when it becomes known or changes). */
  update(done: number, total?: number): void;
  /** Adds `by` (default 1) to what is done. */
  increment(by?: number): void;
  /** Ends the bar or the log lines and writes `summary` as the last line. */
  done(summary: string): void;
  /** Ends the bar or the log lines without a summary (the job failed; the caller says why). */
  stop(): void;
}

export interface ProgressOptions {
  /** What runs, first on every line: `backup`, `export`. */
  readonly label: string;
  /** What is counted: `pages`, `rows`. */
  readonly unit: string;
  /** `null` while unknown: then lines report the count only. */
  readonly total: number | null;
  readonly out: Output;
  /** Milliseconds now (for the "every few seconds" lines); defaults to the wall clock. */
  readonly now?: () => number;
  /** Without a terminal, a line at least this often while the job moves (default 5 s), and at each 10%. */
  readonly everyMs?: number;
  /** Draw a bar (default: when `out` is a terminal). */
  readonly bar?: boolean;
}

/** Without a terminal, no progress lines in a job's first second. */
const QUIET_MS = 1_000;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A progress bar (cli-progress) when `out` is a terminal; otherwise one line at every 10% and at least
 * every few seconds while the count moves (none in the first second), so logs show a long job is alive
 * without flooding. Both end with the summary line.
 */
export function startProgress(opts: ProgressOptions): Progress {
  return (opts.bar ?? opts.out.isTTY === true) ? barProgress(opts) : lineProgress(opts);
}

function barProgress(opts: ProgressOptions): Progress {
  let value = 0;
  let total = opts.total ?? 0;
  const bar = new cliProgress.SingleBar(
    {
      stream: opts.out,
      format: `${opts.label} [{bar}] {percentage}% | {value}/{total} ${opts.unit} | {duration_formatted}`,
      hideCursor: false,
      clearOnComplete: true,
      // A total still unknown is 0: an empty bar, not a full one.
      emptyOnZero: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let running = true;
  const end = () => {
    if (!running) return;
    running = false;
    bar.stop();
  };
  return {
    update(done, newTotal) {
      value = done;
      if (newTotal !== undefined && newTotal !== total) {
        total = newTotal;
        bar.setTotal(newTotal);
      }
      bar.update(value);
    },
    increment(by = 1) {
      this.update(value + by);
    },
    done(summary) {
      end();
      opts.out.write(`${summary}\n`);
    },
    stop: end,
  };
}

function lineProgress(opts: ProgressOptions): Progress {
  const now = opts.now ?? Date.now;
  const everyMs = opts.everyMs ?? 5_000;
  let value = 0;
  let total = opts.total;
  const startedAt = now();
  let lastAt = startedAt;
  let lastValue = 0;
  let lastTenth = 0;
  let running = true;

  const line = () => {
    const of = total === null ? '' : `/${count(total)}`;
    const percent = total === null || total === 0 ? '' : ` ${Math.floor((value / total) * 100)}%`;
    opts.out.write(`${opts.label}:${percent} ${count(value)}${of} ${opts.unit}\n`);
    lastAt = now();
    lastValue = value;
  };

  return {
    update(done, newTotal) {
      if (!running) return;
      value = done;
      if (newTotal !== undefined) total = newTotal;
      const tenth = total === null || total === 0 ? 0 : Math.floor((Math.min(value, total) / total) * 10);
      const at = now();
      // A job done within a second shows its summary only.
      if (at - startedAt < QUIET_MS) {
        lastTenth = tenth;
        return;
      }
      if (tenth > lastTenth || (value !== lastValue && at - lastAt >= everyMs)) {
        lastTenth = tenth;
        line();
      }
    },
    increment(by = 1) {
      this.update(value + by);
    },
    done(summary) {
      running = false;
      opts.out.write(`${summary}\n`);
    },
    stop() {
      running = false;
    },
  };
}
