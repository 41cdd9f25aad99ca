import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server tests may use: `.ci/run` starts one and sets `TEST_DATABASE_URL`. Unset (a laptop
 * without PostgreSQL), tests that need it are skipped, saying so in their title.
 */
export const TEST_DATABASE_URL: string | undefined = process.env.TEST_DATABASE_URL || undefined;

/** `title`, or `title` marked as skipped with what to set when there is no PostgreSQL to test against. */
export function postgresTitle(title: string): string {
  return TEST_DATABASE_URL
    ? title
    : `${title} — SKIPPED: TEST_DATABASE_URL is not set (.ci/run starts PostgreSQL and sets it; or export TEST_DATABASE_URL=postgres://user@127.0.0.1:5432/db)`;
}

/** A database of one test file's own, so files running at once never see each other's rows. */
export interface TestDatabase {
  /** Connection string of this database (same server and user as `TEST_DATABASE_URL`). */
  readonly url: string;
  /** Deletes every row of every table (identities restart); migrations stay applied. */
  empty(): Promise<void>;
  /** Drops the database, closing whatever is still connected to it. */
  drop(): Promise<void>;
}

/** Creates an empty database named after `label` on the `TEST_DATABASE_URL` server. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name =
    `cb_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${randomBytes(4).toString('hex')}`.slice(0, 63);
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async empty() {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>(
          `select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
        );
        if (rows.length > 0) {
          await client.query(`truncate ${rows.map((r) => r.name).join(', ')} restart identity cascade`);
        }
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
