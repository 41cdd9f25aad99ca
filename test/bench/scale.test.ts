import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/pg/open.js';
import { postgresTitle, TEST_DATABASE_URL } from '../support/postgres.js';
import { noServer } from './pg-cpu.js';
import { type BenchServer, openBenchServer } from './pg-server.js';
import { runScale } from './scale-run.js';
import { checkGate, checkIngest } from './scale-verify.js';
import type { Backend, GateJob, IngestJob } from './scale-worker.js';

// The postgres section of `npm run bench`, in small: its workers and the checks that keep a fast wrong
// result from passing. No timing is asserted here.

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function sqliteBackend(): Extract<Backend, { kind: 'sqlite' }> {
  const dir = mkdtempSync(join(tmpdir(), 'circlebot-scale-test-'));
  dirs.push(dir);
  return { kind: 'sqlite', file: join(dir, 'circlebot.db') };
}

const ingestJob = (backend: Backend, index: number, of: number): IngestJob => ({
  backend,
  index,
  of,
  task: 'ingest',
  firstCircle: index * 2,
  circles: 2,
  members: 10,
  batches: 3,
  batch: 10,
});

const gateJob = (backend: Backend, index: number, of: number): GateJob => ({
  backend,
  index,
  of,
  task: 'gate',
  firstCircle: index * 2,
  circles: 2,
  firstApplicant: index * 5,
  applicants: 5,
  concurrency: 3,
  warmup: 2,
});

describe('postgres bench section', () => {
  it('a bot process ingests its chatter on SQLite; the ledger matches, and a lost ledger row fails the check', async () => {
    const backend = sqliteBackend();
    const run = await runScale([ingestJob(backend, 0, 1)], noServer);
    expect(run.events).toBe(30);
    await checkIngest('sqlite', backend, run.workers);

    const db = new Database(backend.file);
    db.prepare(`delete from point_ledger where id = (select max(id) from point_ledger)`).run();
    db.close();
    await expect(checkIngest('sqlite', backend, run.workers)).rejects.toThrow(/message ledger rows/);
  }, 60_000);

  it('an application screened on SQLite is approved once; a second approval on the platform fails the check', async () => {
    const backend = sqliteBackend();
    const run = await runScale([gateJob(backend, 0, 1)], noServer);
    expect(run.events).toBe(5);
    await checkGate('sqlite', backend, run.workers);

    const doubled = run.workers.map((w) => ({ ...w, approvals: [2, ...(w.approvals ?? []).slice(1)] }));
    await expect(checkGate('sqlite', backend, doubled)).rejects.toThrow(/approved once/);
  }, 60_000);

  it('a worker that cannot reach its database fails the run, saying which worker and why', async () => {
    const backend: Backend = { kind: 'pg', url: 'postgres://nobody@127.0.0.1:1/none', maxConnections: 1 };
    await expect(runScale([ingestJob(backend, 0, 1)], noServer)).rejects.toThrow(
      /worker 0 failed: .*ECONNREFUSED/s,
    );
  }, 60_000);

  it('without a server named or PostgreSQL installed, the section is skipped saying how to enable it', async () => {
    const found = await openBenchServer({}, join(tmpdir(), 'no-postgresql-here'));
    expect(found.ok).toBe(false);
    expect(found.ok ? '' : found.why).toMatch(/BENCH_DATABASE_URL=postgres:\/\/.*apt-get install postgresql/);
  });

  it.skipIf(!existsSync('/usr/lib/postgresql'))(
    'with PostgreSQL installed and no server named, a throwaway cluster runs with fsync on and synchronous_commit off, and is gone after close',
    async () => {
      const found = await openBenchServer({});
      if (!found.ok) throw new Error(found.why);
      const { server } = found;
      let dir = '';
      try {
        expect(server.settings).toMatchObject({ fsync: 'on', synchronous_commit: 'off' });
        const url = await server.createDatabase();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const { rows } = await client.query<{ data_directory: string }>('show data_directory');
        dir = rows[0]!.data_directory;
        await client.end();
        expect(existsSync(dir)).toBe(true);
      } finally {
        await server.close();
      }
      expect(existsSync(dir)).toBe(false);
    },
    60_000,
  );

  describe.skipIf(!TEST_DATABASE_URL)('on PostgreSQL', () => {
    let server: BenchServer | undefined;
    afterAll(async () => {
      await server?.close();
    });

    it(postgresTitle(
      'three bot processes on one fresh database ingest and screen their shares; every message counted and every applicant approved once, and the database is dropped at the end',
    ), async () => {
      const found = await openBenchServer({ TEST_DATABASE_URL });
      if (!found.ok) throw new Error(found.why);
      server = found.server;
      expect(server.settings.fsync).toMatch(/^(on|off)$/);
      const url = await server.createDatabase();
      await (await openPostgresStore(url, { maxConnections: 1 })).close();
      const backend: Backend = { kind: 'pg', url, maxConnections: 4 };

      const ingest = await runScale(
        [0, 1, 2].map((i) => ingestJob(backend, i, 3)),
        noServer,
      );
      expect(ingest.events).toBe(90);
      expect(ingest.statementsPerEvent).toBeGreaterThan(0);
      await checkIngest('pg', backend, ingest.workers);
      const gate = await runScale(
        [0, 1, 2].map((i) => gateJob(backend, i, 3)),
        noServer,
      );
      expect(gate.events).toBe(15);
      await checkGate('pg', backend, gate.workers);

      await server.close();
      server = undefined;
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      const name = new URL(url).pathname.slice(1);
      const left = await admin.query('select 1 from pg_database where datname = $1', [name]);
      await admin.end();
      expect(left.rowCount).toBe(0);
    }, 120_000);
  });
});
