import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, redactedConfig } from '../../src/config.js';
import type { PaymentNotice } from '../../src/core/market/payment.js';
import type { Store } from '../../src/core/store.js';
import { openPostgresStore, PG_MIGRATIONS_FOLDER } from '../../src/store/pg/open.js';
import { startConsoleBot, tempDbFile } from '../e2e/console-harness.js';
import {
  createTestDatabase,
  postgresTitle,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/postgres.js';
import { aCircle, aMember, at } from './contract/fixtures.js';
import { describeStoreContract } from './contract.js';

const MIGRATIONS = (
  JSON.parse(readFileSync(join(PG_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

/** Reads the database directly, the way an operator would with psql. */
async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!TEST_DATABASE_URL)(postgresTitle('PostgreSQL'), () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('store_contract');
  });

  afterAll(async () => {
    await database?.drop();
  });

  // Each test gets the file's database emptied (its migrations stay applied; opening checks them again).
  // One connection, like SQLite's: calls run in the order they are made, as the contract's fixtures expect
  // (members created with Promise.all get ids in call order; a leaderboard test breaks a tie by id). Several
  // connections and processes at once are tested below.
  describeStoreContract('PostgreSQL', async () => {
    await database.empty();
    return openPostgresStore(database.url, { maxConnections: 1 });
  });

  describe('one database shared by several bot processes', () => {
    /** Two processes' stores on the emptied database: each has a pool of its own. */
    let one: Store;
    let two: Store;

    beforeEach(async () => {
      await database.empty();
      one = await openPostgresStore(database.url);
      two = await openPostgresStore(database.url);
    });

    afterEach(async () => {
      await Promise.all([one.close(), two.close()]);
    });

    it('due jobs claimed by two processes at the same moment go to one of them each, never both', async () => {
      for (let i = 0; i < 40; i++) await one.jobs.schedule({ kind: 'deadline', payload: i, runAt: at(i) });
      const [mine, theirs] = await one.durably(async () => {
        // Process one's claim is not committed yet when process two claims: two skips what one holds.
        const mine = await one.jobs.claimDue(at(60), 25, 60_000);
        return [mine, await two.jobs.claimDue(at(60), 25, 60_000)];
      });
      expect(mine.map((job) => job.payload)).toEqual(Array.from({ length: 25 }, (_, i) => i));
      expect(theirs.map((job) => job.payload)).toEqual(Array.from({ length: 15 }, (_, i) => 25 + i));
      expect(await one.jobs.claimDue(at(60), 25, 60_000)).toEqual([]);
    });

    it('a job held by a process that died is taken by another once its lease runs out, not before', async () => {
      await one.jobs.schedule({ kind: 'deadline', key: 'app:1', payload: null, runAt: at(0) });
      const [held] = await one.jobs.claimDue(at(0), 10, 60_000);
      await one.close();
      expect(await two.jobs.claimDue(at(0.5), 10, 60_000)).toEqual([]);
      const [taken] = await two.jobs.claimDue(at(1.5), 10, 60_000);
      expect(taken).toMatchObject({ id: held!.id, key: 'app:1' });
    });

    it('another process sees what an event wrote only once it is durable, and a flush makes it so before a reply', async () => {
      const circle = await aCircle(one);
      const entries = () => two.audit.list(circle.id, 10);
      await one.durably(async () => {
        await one.audit.record({ circleId: circle.id, actorId: null, action: 'first', at: at(1) });
        expect(await entries()).toEqual([]);
        await one.flush(); // what the bot does before any platform call
        expect((await entries()).map((e) => e.action)).toEqual(['first']);
        await one.audit.record({ circleId: circle.id, actorId: null, action: 'second', at: at(2) });
        expect(await entries()).toHaveLength(1);
      });
      expect((await entries()).map((e) => e.action)).toEqual(['second', 'first']);
    });

    it('an event that fails leaves none of its uncommitted writes behind, and durably rejects with its error', async () => {
      const circle = await aCircle(one);
      await expect(
        one.durably(async () => {
          await one.audit.record({ circleId: circle.id, actorId: null, action: 'half', at: at(1) });
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(await two.audit.list(circle.id, 10)).toEqual([]);
    });

    it('a write the database refuses inside an event fails alone: the writes around it are committed', async () => {
      const circle = await aCircle(one);
      await one.durably(async () => {
        await one.audit.record({ circleId: circle.id, actorId: null, action: 'before', at: at(1) });
        const unknownCircle = { circleId: 999_999, actorId: null, action: 'refused', at: at(2) };
        await expect(one.audit.record(unknownCircle)).rejects.toThrow();
        await one.audit.record({ circleId: circle.id, actorId: null, action: 'after', at: at(3) });
      });
      expect((await two.audit.list(circle.id, 10)).map((e) => e.action)).toEqual(['after', 'before']);
    });

    it("a write the database refuses as an event's first fails alone too: the writes after it are committed", async () => {
      const circle = await aCircle(one);
      await one.durably(async () => {
        expect(await one.audit.list(circle.id, 10)).toEqual([]);
        const unknownCircle = { circleId: 999_999, actorId: null, action: 'refused', at: at(1) };
        await expect(one.audit.record(unknownCircle)).rejects.toThrow();
        await one.audit.record({ circleId: circle.id, actorId: null, action: 'after', at: at(2) });
      });
      expect((await two.audit.list(circle.id, 10)).map((e) => e.action)).toEqual(['after']);
    });

    it('an event whose transaction PostgreSQL aborted (a query it refused) rejects as rolled back, and nothing of it stays', async () => {
      const circle = await aCircle(one);
      await expect(
        one.durably(async () => {
          await one.audit.record({ circleId: circle.id, actorId: null, action: 'lost', at: at(1) });
          // Not an integer: PostgreSQL refuses the read, and the transaction with it.
          await expect(one.members.byId(0.5)).rejects.toThrow();
        }),
      ).rejects.toMatchObject({ code: 'CB_ERR_ROLLED_BACK' });
      expect(await two.audit.list(circle.id, 10)).toEqual([]);
    });

    it('a write an event left behind to run after it ended commits on its own, not in a transaction nobody ends', async () => {
      const circle = await aCircle(one);
      let release!: () => void;
      let late!: Promise<void>;
      await one.durably(async () => {
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        late = gate.then(() =>
          one.audit.record({ circleId: circle.id, actorId: null, action: 'late', at: at(1) }),
        );
      });
      release();
      await late;
      expect((await two.audit.list(circle.id, 10)).map((e) => e.action)).toEqual(['late']);
    });

    it('one payment event delivered to two processes at once is applied once', async () => {
      const notice: PaymentNotice = {
        provider: 'stripe',
        providerPaymentId: 'pi_1',
        eventId: 'evt_1',
        status: 'completed',
        amountMinor: 8900,
        currency: 'CNY',
        reference: null,
        occurredAt: at(10),
      };
      const unknown = {
        purpose: 'unknown',
        circleId: null,
        memberId: null,
        applicationId: null,
        offerId: null,
      } as const;
      const outcomes = await Promise.all([
        one.payments.apply(notice, unknown, at(11)),
        two.payments.apply(notice, unknown, at(11)),
        one.durably(() => one.payments.apply(notice, unknown, at(11))),
        two.durably(() => two.payments.apply(notice, unknown, at(11))),
      ]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual([
        'applied',
        'duplicate',
        'duplicate',
        'duplicate',
      ]);
    });

    it("two processes counting one member's points at once keep the standing equal to the ledger", async () => {
      const circle = await aCircle(one);
      const ann = await aMember(one, '7');
      const levelOf = (points: number) => Math.floor(points / 100);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const store = i % 2 === 0 ? one : two;
          const entry = {
            circleId: circle.id,
            memberId: ann.id,
            kind: 'message' as const,
            points: 15,
            sourceKey: `m:${i}`,
            at: at(i),
          };
          return store.durably(() =>
            store.points.record(circle.id, ann.id, [entry], { activeAt: at(i) }, levelOf),
          );
        }),
      );
      expect(await two.points.standing(circle.id, ann.id)).toMatchObject({
        points: 300,
        level: 3,
        lastActiveAt: at(19),
      });
    });

    it("a member's events on two processes at once each read the standing the one before left, from the first on", async () => {
      const circle = await aCircle(one);
      const ann = await aMember(one, '7');
      const levelOf = (points: number) => Math.floor(points / 100);
      // As the rules do: read the standing, decide from its state, record. The read is locked, so no event
      // decides from a state another is about to replace (each counts one more reply than it read).
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const store = i % 2 === 0 ? one : two;
          return store.durably(async () => {
            const { state } = await store.points.standing(circle.id, ann.id);
            const entry = {
              circleId: circle.id,
              memberId: ann.id,
              kind: 'reply' as const,
              points: 5,
              sourceKey: `r:${i}`,
              at: at(i),
            };
            const next = { ...state, replyPointsToday: state.replyPointsToday + 1 };
            await store.points.record(circle.id, ann.id, [entry], { state: next }, levelOf);
          });
        }),
      );
      const standing = await two.points.standing(circle.id, ann.id);
      expect(standing).toMatchObject({ points: 100, level: 1 });
      expect(standing.state.replyPointsToday).toBe(20);
    });

    it('one answer pressed twice, on two processes at once, is recorded once', async () => {
      const circle = await aCircle(one);
      const ann = await aMember(one, '7');
      const app = await one.gate.createApplication({
        circleId: circle.id,
        memberId: ann.id,
        questions: [],
        createdAt: at(0),
        deadline: at(60),
      });
      const answer = { question: 1, text: 'I read a lot', choice: null, correct: null };
      const results = await Promise.all([
        one.gate.addAnswer(app.id, 0, answer),
        two.gate.addAnswer(app.id, 0, answer),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await one.gate.application(app.id))?.answers).toHaveLength(1);
    });

    it('a health check round-trips the database, and fails once the store is closed', async () => {
      expect(await one.ping()).toBeGreaterThanOrEqual(0);
      await one.close();
      await expect(one.ping()).rejects.toThrow();
    });
  });

  describe('ids from outside', () => {
    let store: Store;

    beforeEach(async () => {
      await database.empty();
      store = await openPostgresStore(database.url);
    });

    afterEach(async () => {
      await store.close();
    });

    it('an id as long as a payment reference may carry finds nothing, instead of failing the event', async () => {
      const huge = 999_999_999_999_999; // `cb-o-<15 digits>`: anyone can edit a Payment Link's reference
      await store.durably(async () => {
        expect(await store.market.offerById(huge)).toBeNull();
        expect(await store.circles.byId(huge)).toBeNull();
        expect(await store.gate.application(huge)).toBeNull();
        const outcome = await store.payments.apply(
          {
            provider: 'stripe',
            providerPaymentId: 'pi_9',
            eventId: 'evt_9',
            status: 'completed',
            amountMinor: 100,
            currency: 'USD',
            reference: `cb-o-1-m-${huge}`,
            occurredAt: at(1),
          },
          { purpose: 'unknown', circleId: null, memberId: huge, applicationId: null, offerId: null },
          at(1),
        );
        expect(outcome).toMatchObject({ outcome: 'applied', payment: { memberId: null } });
      });
    });
  });

  describe('choosing PostgreSQL', () => {
    it('a bot started with a database URL keeps its state in PostgreSQL and writes no SQLite file', async () => {
      await database.empty();
      const dbFile = tempDbFile();
      const bot = await startConsoleBot({ dbFile, config: { db: { file: dbFile, url: database.url } } });
      try {
        await bot.run('alice: hello everyone');
      } finally {
        await bot.stop();
      }
      const rows = await query<{ user_id: string }>(database.url, 'select user_id from members order by id');
      expect(rows.map((r) => r.user_id)).toContain('alice');
      expect(await query(database.url, 'select chat_id from circles')).toEqual([{ chat_id: 'lobby' }]);
      expect(existsSync(dbFile)).toBe(false);
    });
  });

  describe('migrations', () => {
    let fresh: TestDatabase;

    beforeEach(async () => {
      fresh = await createTestDatabase('migrations');
    });

    afterEach(async () => {
      await fresh.drop();
    });

    const applied = (url: string) =>
      query<{ hash: string }>(url, 'select hash from drizzle.__drizzle_migrations order by id');

    it('a first start applies every migration to the empty database; a restart applies nothing and keeps the data', async () => {
      const first = await openPostgresStore(fresh.url);
      const circle = await aCircle(first);
      await first.close();
      const before = await applied(fresh.url);
      expect(before).toHaveLength(MIGRATIONS);

      const second = await openPostgresStore(fresh.url);
      expect(await second.circles.byId(circle.id)).toEqual(circle);
      await second.close();
      expect(await applied(fresh.url)).toEqual(before);
    });

    it('three processes starting together on an empty database migrate it once, and all of them work', async () => {
      const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(fresh.url)));
      try {
        expect(await applied(fresh.url)).toHaveLength(MIGRATIONS);
        const circles = await Promise.all(stores.map((s, i) => aCircle(s, `-${i + 1}`)));
        expect(new Set(circles.map((c) => c.id)).size).toBe(3);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('a server that cannot be reached fails the start with the driver error', async () => {
      const url = new URL(fresh.url);
      url.port = '1';
      await expect(openPostgresStore(url.toString())).rejects.toThrow();
    });
  });
});

describe('DATABASE_URL', () => {
  it('selects PostgreSQL; its password is never shown, in the start-up settings or in an error', () => {
    const url = 'postgres://circlebot:s3cret-pw@db.internal:5432/circlebot';
    const config = loadConfig({ DATABASE_URL: url });
    expect(config.db.url).toBe(url);
    expect(JSON.stringify(redactedConfig(config))).not.toContain('s3cret-pw');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://circlebot:s3cret-pw@db/circlebot' })).toThrow(
      /^db\.url \(from DATABASE_URL\) = "mysql:\/\/circlebot:\*\*\*@db\/circlebot": expected a postgres:\/\/ or postgresql:\/\/ URL$/,
    );
    expect(loadConfig({}).db.url).toBeUndefined();
  });
});
