import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { CliError } from './errors.js';
import { fsyncPath, reason } from './sqlite-file.js';

/** Where a command streams its output, honouring back-pressure. */
export interface Sink {
  /** Resolves once the stream can take more (waits for `drain` when its buffer is full). */
  write(text: string): Promise<void>;
  /** Everything written is out: a file is flushed and renamed into place; stdout is drained, not closed. */
  finish(): Promise<void>;
  /** Gives up: a file being written is removed. */
  abort(): void;
}

function streamWriter(stream: Writable, what: string) {
  let failed: Error | null = null;
  stream.on('error', (err) => {
    failed = err;
  });
  const check = () => {
    if (failed) throw new CliError(`writing ${what} failed: ${failed.message}`, 1, { cause: failed });
  };
  return {
    async write(text: string) {
      check();
      if (stream.write(text)) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('error', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('error', done);
      });
      check();
    },
    check,
  };
}

/** Writes to a stream that stays open (stdout). */
export function streamSink(stream: Writable): Sink {
  const writer = streamWriter(stream, 'the output');
  return {
    write: writer.write,
    async finish() {
      await new Promise<void>((resolve) => stream.write('', () => resolve()));
      writer.check();
    },
    abort() {},
  };
}

/**
 * Writes `file` through a temporary file beside it, renamed into place by `finish`, so a failed or
 * interrupted job never leaves a file that looks complete. Refuses an existing `file` unless `force`.
 */
export function fileSink(file: string, force: boolean): Sink {
  if (existsSync(file) && !force) {
    throw new CliError(`${file} already exists: choose another name, or add --force to replace it`);
  }
  const partial = `${file}.partial-${process.pid}`;
  const stream = createWriteStream(partial, { flags: 'w' });
  const writer = streamWriter(stream, file);
  return {
    write: writer.write,
    async finish() {
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      }).catch((err: unknown) => {
        throw new CliError(`writing ${file} failed: ${reason(err)}`, 1, { cause: err });
      });
      fsyncPath(partial);
      renameSync(partial, file);
    },
    abort() {
      stream.destroy();
      rmSync(partial, { force: true });
    },
  };
}
