import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareStatements } from '../../src/store/pg/statements.js';
import { postgresTitle, TEST_DATABASE_URL } from '../support/postgres.js';

describe.skipIf(!TEST_DATABASE_URL)(postgresTitle('prepared statements on PostgreSQL'), () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    prepareStatements(client);
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
  });

  const prepared = async () =>
    (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map(
      (r) => r.statement,
    );

  it('a query run again with other values is parsed once on its connection, and each run answers for its values', async () => {
    const text = 'select $1::int + 1 as n';
    const answers = [];
    for (const n of [1, 2, 3]) answers.push((await client.query<{ n: number }>(text, [n])).rows[0]?.n);
    await client.query({ text, values: [4] });
    expect(answers).toEqual([2, 3, 4]);
    expect((await prepared()).filter((s) => s === text)).toHaveLength(1);
  });

  it('a query without parameters is left unnamed, so it may hold several statements', async () => {
    const results = (await client.query('select 1 as a; select 2 as b')) as unknown as pg.QueryResult[];
    expect(results.map((r) => r.rows[0])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(await prepared()).not.toContain('select 1 as a; select 2 as b');
  });
});
