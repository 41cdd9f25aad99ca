import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCircleSettings } from '../../src/core/circle.js';
import { openSqliteStore } from '../../src/store/open.js';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import { tempDbFile } from './console-harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const WORDS =
  'tea cup leaf pot brew steam jade oolong green black white herbal kettle cozy rain moon lamp book river stone'.split(
    ' ',
  );

/** A sentence nobody said before: similarity filters must not be what this test measures. */
function sentence(i: number): string {
  const words = Array.from({ length: 5 }, (_, k) => WORDS[(i * 7 + k * 13 + ((i * k) % 11)) % WORDS.length]);
  return `${words.join(' ')} #${i}`;
}

function startBot(fake: FakeTelegram, dbFile: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      CIRCLEBOT_DB: dbFile,
      HTTP_PORT: '0',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  }).on('spawn', function (this: ChildProcess) {
    this.stderr?.on('data', (d) => process.stderr.write(`[bot] ${d}`));
  });
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

describe('points survive SIGKILL', () => {
  const children: ChildProcess[] = [];
  const fakes: FakeTelegram[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL');
      await exited(child);
    }
    for (const fake of fakes.splice(0)) await fake.close();
  });

  it('every member ends with exactly the points of the messages delivered, across kills at random moments', async () => {
    const fake = await startFakeTelegram({ bot: { can_read_all_group_messages: true } });
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia' });
    const group = fake.world.addChat({ title: 'Tea lovers', owner });
    const users = Array.from({ length: 8 }, (_, i) => fake.world.addUser({ username: `member${i}` }));
    const dbFile = tempDbFile();

    // The owner's settings: every distinct message earns exactly 10 points, no cooldown.
    const store = openSqliteStore(dbFile);
    const circle = await store.circles.ensure(
      { platform: 'telegram', id: String(group.id) },
      'Tea lovers',
      new Date(),
    );
    const settings = defaultCircleSettings();
    await store.circles.updateSettings(circle.id, {
      ...settings,
      points: {
        ...settings.points,
        messageMin: 10,
        messageMax: 10,
        cooldownMs: 0,
        recentCount: 0,
        levelUp: 'off',
      },
    });
    await store.close();

    const sent = new Map<number, number>();
    let next = 0;
    const inject = (count: number) => {
      for (let i = 0; i < count; i++) {
        const user = users[next % users.length]!;
        fake.injectUpdate(fake.build.message(group.id, user, sentence(next)));
        sent.set(user.id, (sent.get(user.id) ?? 0) + 1);
        next++;
      }
    };

    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 4; round++) {
      const polls = fake.calls('getUpdates').length;
      const child = startBot(fake, dbFile);
      children.push(child);
      // Updates keep streaming in; once the new process is taking them, it is killed at a random moment.
      const stream = setInterval(() => inject(15), 10);
      await until(() => fake.calls('getUpdates').length > polls, 30_000);
      await new Promise((r) => setTimeout(r, 100 + random() * 500));
      child.kill('SIGKILL');
      await exited(child);
      clearInterval(stream);
      children.splice(children.indexOf(child), 1);
    }

    // A last, calm run takes whatever was left unconfirmed.
    const last = startBot(fake, dbFile);
    children.push(last);
    const deadline = Date.now() + 60_000;
    while (fake.pendingUpdates().length > 0 && Date.now() < deadline) {
      await fake.waitForPoll(30_000);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(fake.pendingUpdates()).toHaveLength(0);
    last.kill('SIGTERM');
    await exited(last);
    children.splice(children.indexOf(last), 1);

    // The kills really interrupted work: some updates were handed out again after a kill.
    const delivered = fake
      .calls('getUpdates')
      .flatMap((c) => (c.response.result as { update_id: number }[]) ?? []);
    expect(new Set(delivered.map((u) => u.update_id)).size).toBe(next);
    expect(delivered.length).toBeGreaterThan(next);
    const check = openSqliteStore(dbFile);
    try {
      for (const user of users) {
        const member = await check.members.find({ platform: 'telegram', id: String(user.id) });
        const standing = await check.points.standing(circle.id, member!.id);
        expect(standing.points, `@${user.username}`).toBe(10 * (sent.get(user.id) ?? 0));
      }
    } finally {
      await check.close();
    }
    expect(next).toBeGreaterThan(100);
  }, 180_000);
});
