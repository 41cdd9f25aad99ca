import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { type Core, createCore } from '../../src/core/core.js';
import type { MessageEvent } from '../../src/core/events.js';
import type { ChatPort } from '../../src/core/port.js';
import { Ports } from '../../src/core/ports.js';
import type { Store } from '../../src/core/store.js';
import { openPostgresStore } from '../../src/store/pg/open.js';
import {
  createTestDatabase,
  postgresTitle,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/postgres.js';
import { at } from './contract/fixtures.js';

/** A bot process as the core sees it: its own store (pool) on the shared database, its own core. */
interface Process {
  readonly name: string;
  readonly store: Store;
  readonly core: Core;
}

/** Steps the test feature took, in order, across both processes. */
let steps: string[];
/** Messages whose handling waits here until the test lets it go on. */
let held: Map<string, { reached: () => void; release: Promise<void> }>;
/** Lets every held handling go on (after each test). */
let releasers: Array<() => void>;

/** Holds the first handling of the message `text` once it has committed a first step. */
function hold(text: string): { reached: Promise<void>; release: () => void } {
  let reached!: () => void;
  let release!: () => void;
  const isReached = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  held.set(text, { reached, release: released });
  releasers.push(release);
  return { reached: isReached, release };
}

const noPort = { platform: 'telegram', capabilities: new Set() } as unknown as ChatPort;

async function startProcess(url: string, name: string): Promise<Process> {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  const store = await openPostgresStore(u.toString(), { onIdleError: () => {} });
  const ports = new Ports(() => store.flush());
  ports.add(noPort);
  const core = createCore({
    store,
    ports,
    clock: new ManualClock(),
    log: pino({ level: 'silent' }),
    features: [
      {
        name: 'probe',
        on: {
          async message({ event, circle }) {
            steps.push(`${name} starts ${event.text}`);
            // A first step committed before a platform call, as a verdict is.
            await store.audit.record({ circleId: circle!.id, actorId: null, action: event.text, at: at(0) });
            await store.flush();
            const wait = held.get(event.text);
            held.delete(event.text); // only the first handling of a message is held
            if (wait) {
              wait.reached();
              await wait.release;
            }
            steps.push(`${name} ends ${event.text}`);
          },
        },
      },
    ],
  });
  return { name, store, core };
}

function message(chat: string, updateId: string, text: string): MessageEvent {
  return {
    kind: 'message',
    chat: { platform: 'telegram', id: chat },
    member: { platform: 'telegram', id: '501' },
    updateId,
    private: false,
    messageId: updateId,
    text,
  };
}

/** Resolves once `count` turns wait on the server (advisory locks not granted yet). */
async function waitingTurns(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
      );
      if ((rows[0]?.n ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
}

/** What the server does when a process dies: its connections end, its locks go, its open transaction rolls back. */
async function killConnections(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
      name,
    ]);
  } finally {
    await client.end();
  }
}

describe.skipIf(!TEST_DATABASE_URL)(postgresTitle('PostgreSQL: chat turns across processes'), () => {
  let database: TestDatabase;
  let one: Process;
  let two: Process;

  beforeAll(async () => {
    database = await createTestDatabase('chat_turns');
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await database.empty();
    steps = [];
    held = new Map();
    releasers = [];
    one = await startProcess(database.url, 'one');
    two = await startProcess(database.url, 'two');
  });
  afterEach(async () => {
    for (const release of releasers) release();
    await Promise.allSettled([one.store.close(), two.store.close()]);
  });

  const actions = async (p: Process) => {
    const circle = await p.store.circles.find({ platform: 'telegram', id: '-1001' });
    return circle ? (await p.store.audit.list(circle.id, 100)).map((e) => e.action).sort() : [];
  };

  it('one update given to two processes at once is handled once: the copy waits for the first, then is skipped', async () => {
    const first = hold('hello');
    const handledByOne = one.core.handle(message('-1001', '42', 'hello'));
    await first.reached;
    const handledByTwo = two.core.handle(message('-1001', '42', 'hello'));
    await waitingTurns(database.url, 1);
    expect(steps).toEqual(['one starts hello']);
    first.release();
    await Promise.all([handledByOne, handledByTwo]);
    expect(steps).toEqual(['one starts hello', 'one ends hello']);
    expect(await actions(two)).toEqual(['hello']);
  });

  it("one chat's updates on two processes never interleave, while another chat's go on meanwhile", async () => {
    const first = hold('first');
    const handledFirst = one.core.handle(message('-1001', '1', 'first'));
    await first.reached;
    const handledSecond = two.core.handle(message('-1001', '2', 'second'));
    await waitingTurns(database.url, 1);
    await two.core.handle(message('-1002', '3', 'elsewhere'));
    first.release();
    await Promise.all([handledFirst, handledSecond]);
    expect(steps).toEqual([
      'one starts first',
      'two starts elsewhere',
      'two ends elsewhere',
      'one ends first',
      'two starts second',
      'two ends second',
    ]);
  });

  it("a busy chat's updates queued in one process keep its turn a few in a row, then a process waiting for it gets it", async () => {
    const first = hold('m1');
    const burst = [one.core.handle(message('-1001', '1', 'm1'))];
    await first.reached;
    for (let i = 2; i <= 12; i++) burst.push(one.core.handle(message('-1001', String(i), `m${i}`)));
    const waiting = two.core.handle(message('-1001', '100', 'other'));
    await waitingTurns(database.url, 1);
    first.release();
    await Promise.all([...burst, waiting]);
    const order = steps.filter((step) => step.includes('starts')).map((step) => step.split(' ').at(-1));
    expect(order).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
      'm6',
      'm7',
      'm8',
      'other',
      'm9',
      'm10',
      'm11',
      'm12',
    ]);
  });

  it('an update whose process died half-way is handled by the process it is redelivered to, not lost as seen', async () => {
    const first = hold('pay');
    const dying = one.core.handle(message('-1001', '7', 'pay'));
    await first.reached;
    // Redelivered (no 200 came back) to process two, which waits for the chat…
    const redelivered = two.core.handle(message('-1001', '7', 'pay'));
    await waitingTurns(database.url, 1);
    // …until process one dies: the server ends its connections, and its turn with them.
    await killConnections(database.url, 'one');
    await redelivered;
    expect(steps).toEqual(['one starts pay', 'two starts pay', 'two ends pay']);
    expect(await two.store.updates.seen('telegram', '7')).toBe(true);
    // The dead process's first step was committed before it died, so it shows twice: rules are written to
    // find their own committed steps (a verdict is decided once), which the gate tests show.
    expect(await actions(two)).toEqual(['pay', 'pay']);
    first.release();
    await dying.catch(() => {});
  });
});
