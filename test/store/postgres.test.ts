import { afterAll, beforeAll, describe } from 'vitest';
import { openPostgresStore } from '../../src/store/pg/open.js';
import {
  createTestDatabase,
  postgresTitle,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/postgres.js';
import { describeStoreContract } from './contract.js';

describe.skipIf(!TEST_DATABASE_URL)(postgresTitle('PostgreSQL'), () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('store_contract');
  });

  afterAll(async () => {
    await database?.drop();
  });

  // Each test gets the file's database emptied (its migrations stay applied; opening checks them again).
  describeStoreContract('PostgreSQL', async () => {
    await database.empty();
    return openPostgresStore(database.url);
  });
});
