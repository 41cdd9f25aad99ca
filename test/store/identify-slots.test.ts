import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeIdentifySlot } from '../../src/store/pg/identify-slots.js';
import {
  createTestDatabase,
  postgresTitle,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/postgres.js';

describe.skipIf(!TEST_DATABASE_URL)(postgresTitle('Discord identify slots shared through PostgreSQL'), () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('identify_slots');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a shard of a bucket just identified in waits its turn; another bucket goes at once; a shard stopping gives up', async () => {
    const never = new AbortController().signal;
    await takeIdentifySlot(db.url, 0, never);

    // As if from another process: the same bucket waits, the next bucket does not.
    let secondIn = false;
    const second = takeIdentifySlot(db.url, 0, never).then(() => {
      secondIn = true;
    });
    await takeIdentifySlot(db.url, 1, never);
    expect(secondIn).toBe(false);

    const stopping = new AbortController();
    const third = takeIdentifySlot(db.url, 0, stopping.signal);
    stopping.abort();
    await expect(third).rejects.toThrow(/abort/i);

    await second;
    expect(secondIn).toBe(true);
  }, 30_000);
});
