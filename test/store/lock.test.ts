import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDbLock, type DbLock, DbLockedError, lockHolder } from '../../src/store/lock.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dbFile = () => join(mkdtempSync(join(tmpdir(), 'circlebot-lock-')), 'data', 'circlebot.db');

/** Another process that takes the lock and keeps it until killed; resolves once it holds it. */
async function holderProcess(file: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "const { acquireDbLock } = await import('./src/store/lock.ts'); acquireDbLock(process.argv[1]); console.log('held'); setInterval(() => {}, 1000);",
      file,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d) => String(d).includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

describe('the database lock a running bot holds', () => {
  const held: DbLock[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const lock of held.splice(0)) lock.release();
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  it('names this process while held, and nobody once released', () => {
    const file = dbFile();
    expect(lockHolder(file)).toBeNull();
    const lock = acquireDbLock(file);
    expect(lockHolder(file)).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    lock.release();
    expect(lockHolder(file)).toBeNull();
  });

  it('a second taker is refused with the holder named, until the first releases it', () => {
    const file = dbFile();
    const first = acquireDbLock(file);
    held.push(first);
    expect(() => acquireDbLock(file, 0)).toThrow(DbLockedError);
    expect(() => acquireDbLock(file, 0)).toThrow(`in use by process ${process.pid} on ${hostname()}`);
    first.release();
    held.push(acquireDbLock(file, 0));
  });

  it('another process holding it is seen and refused; once that process is killed, the lock is free', async () => {
    const file = dbFile();
    const child = await holderProcess(file);
    children.push(child);
    expect(lockHolder(file)).toMatchObject({ pid: child.pid });
    expect(() => acquireDbLock(file, 0)).toThrow(`in use by process ${child.pid}`);

    // SIGKILL: no chance to clean up. The operating system lets go of the lock all the same.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(lockHolder(file)).toBeNull();
    held.push(acquireDbLock(file, 0));
    expect(lockHolder(file)).toMatchObject({ pid: process.pid });
  }, 30_000);

  it('looking at the lock never takes it from a holder or blocks one from taking it', () => {
    const file = dbFile();
    acquireDbLock(file).release();
    expect(lockHolder(file)).toBeNull();
    held.push(acquireDbLock(file, 0));
    expect(lockHolder(file)).toMatchObject({ pid: process.pid });
    expect(lockHolder(file)).toMatchObject({ pid: process.pid });
  });

  it('a lock file that is not one (edited by hand) is named in the error, never silently replaced', () => {
    const file = dbFile();
    acquireDbLock(file).release();
    writeFileSync(`${file}.lock`, 'pid 1234\n');
    expect(() => lockHolder(file)).toThrow(`cannot read the lock file ${file}.lock`);
    expect(() => acquireDbLock(file, 0)).toThrow(`cannot use the lock file ${file}.lock`);
  });
});
