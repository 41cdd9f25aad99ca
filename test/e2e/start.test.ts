import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/open.js';
import { tempDbFile } from './console-harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starts `src/main.ts` the way `npm start` does, with stdin piped. */
function startBot(
  env: Record<string, string>,
): ChildProcess & { out: () => string; err: () => string; exit: Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'warn', CIRCLEBOT_DB: tempDbFile(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return Object.assign(child, { out: () => out, err: () => err, exit });
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('starting circlebot', () => {
  it.each([
    [{ HTTP_PORT: 'abc' }, 'http.port', '"abc"'],
    [{ HTTP_PORT: '70000' }, 'http.port', '70000'],
    [{ LOG_LEVEL: 'loud' }, 'log.level', '"loud"'],
  ])('stops with one line naming the bad setting and exit code 2 (%o)', async (env, key, value) => {
    const bot = startBot(env);
    bot.stdin?.end();
    expect(await bot.exit).toBe(2);
    const lines = bot.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(key);
    expect(lines[0]).toContain(value);
    expect(lines[0]).toMatch(/expected/);
    expect(bot.err()).not.toMatch(/\n\s+at /);
  });

  it('answers /help and /ping from a piped script, then exits 0 at the end of input', async () => {
    const bot = startBot({});
    bot.stdin?.end(readFileSync(`${root}config/demo.txt`));
    expect(await bot.exit).toBe(0);
    const out = bot.out();
    expect(out).toMatch(/\[bot → #lobby\] pong \([\d.]+ ms\)/);
    expect(out).toContain('What I can do here:');
    expect(out).toContain('/gate is for the admins of this circle.');
    expect(out).toContain('carol is now in the group');
    expect(out).toContain("dave's request to join was declined");
  });

  it('loses nothing it acknowledged when SIGTERM arrives in the middle of work', async () => {
    const dbFile = tempDbFile();
    const bot = startBot({ CIRCLEBOT_DB: dbFile });
    const lines = Array.from({ length: 40 }, (_, i) => `owner: /question add Question ${i}? | *yes | no\n`);
    // Questions 11+ are refused (at most 10); each line is acknowledged with one reply.
    bot.stdin?.write(lines.join(''));
    await until(() => (bot.out().match(/Question \d+ added/g) ?? []).length >= 3, 'three acknowledgements');
    bot.kill('SIGTERM');
    expect(await bot.exit).toBe(0);
    const acknowledged = (bot.out().match(/Question \d+ added/g) ?? []).length;

    const store = openSqliteStore(dbFile);
    try {
      const circle = await store.circles.find({ platform: 'console', id: 'lobby' });
      const saved = await store.gate.questions(circle!.id);
      expect(saved.length).toBeGreaterThanOrEqual(acknowledged);
      expect(saved.map((q) => q.prompt).slice(0, acknowledged)).toEqual(
        Array.from({ length: acknowledged }, (_, i) => `Question ${i}?`),
      );
    } finally {
      await store.close();
    }
  });
});
