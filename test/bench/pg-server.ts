/**
 * Where the `postgres` section's PostgreSQL comes from, and a fresh database on it for one run.
 *
 * - `BENCH_DATABASE_URL`, else `TEST_DATABASE_URL`: that server (its durability settings are its own).
 * - otherwise, when PostgreSQL's binaries are installed (`/usr/lib/postgresql/<version>/bin`): a throwaway
 *   cluster on 127.0.0.1 and a free port (initdb + pg_ctl, as `.ci/postgres.sh` does; run as the
 *   `postgres` user when we are root), started with `synchronous_commit=off` and fsync on — a commit may be
 *   lost on power loss but the database never corrupts, which is what the SQLite store's WAL +
 *   `synchronous=NORMAL` promises — and stopped and removed at the end, on Ctrl-C and on failure too.
 * - otherwise: no server, and the reason plus how to get one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { register } from './cleanup.js';

/** The server of one run: fresh databases on it, all dropped by `close` (which also stops a throwaway cluster). */
export interface BenchServer {
  /** Where the server came from, for the report (no password). */
  readonly source: string;
  /** `fsync`, `synchronous_commit`, `full_page_writes` and more, as the server says. */
  readonly settings: Record<string, string>;
  /** Creates an empty database `circlebot_bench_<random>` and resolves with its URL. */
  createDatabase(): Promise<string>;
  close(): Promise<void>;
}

export type PgServer =
  | { readonly ok: true; readonly server: BenchServer }
  | { readonly ok: false; why: string };

/** Where Debian's packages install PostgreSQL's binaries, one folder per major version. */
const PG_ROOT = '/usr/lib/postgresql';

/** The newest `<root>/<version>/bin`, or `null`. */
function binDir(root: string): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A cluster in a temp dir; `stop` is synchronous so it can run from an exit or signal handler. */
interface Cluster {
  readonly url: string;
  stop(): void;
}

async function startCluster(bin: string): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'circlebot-bench-pg-'));
  const root = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: the cluster then belongs to the `postgres` user the package creates.
  if (root)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres'])),
      Number(execFileSync('id', ['-g', 'postgres'])),
    );
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = root
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
    const out = spawnSync(file, argv, { encoding: 'utf8' });
    if (out.status !== 0) {
      const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
      throw new Error(`${cmd} failed (${out.status}): ${out.stderr}${out.stdout}${log}`);
    }
  };
  const data = join(dir, 'data');
  let started = false;
  const stop = () => {
    if (started)
      spawnSync(root ? 'runuser' : join(bin, 'pg_ctl'), [
        ...(root ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
        '-D',
        data,
        '-m',
        'immediate',
        'stop',
      ]);
    started = false;
    // The server may still be removing files when a Ctrl-C reached it too: retry.
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    // Trust authentication is safe here: 127.0.0.1 only, and the cluster lives for this run.
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
    const port = await freePort();
    const options = [
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`,
      '-c synchronous_commit=off -c max_connections=200 -c shared_buffers=256MB',
    ].join(' ');
    started = true;
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `url` without its password, for printing. */
function shown(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * The server the environment names, or a throwaway cluster. Resolves `{ ok: false, why }` when there is
 * neither; rejects when the server cannot be used (unreachable, a role that may not create databases).
 */
export async function openBenchServer(
  env: NodeJS.ProcessEnv = process.env,
  pgRoot = PG_ROOT,
): Promise<PgServer> {
  const named = env.BENCH_DATABASE_URL
    ? 'BENCH_DATABASE_URL'
    : env.TEST_DATABASE_URL
      ? 'TEST_DATABASE_URL'
      : null;
  let cluster: Cluster | null = null;
  let server: string;
  let source: string;
  if (named) {
    server = env[named]!;
    source = `${named} (${shown(server)})`;
  } else {
    const bin = binDir(pgRoot);
    if (!bin) {
      return {
        ok: false,
        why:
          `no PostgreSQL: BENCH_DATABASE_URL and TEST_DATABASE_URL are unset and ${pgRoot}/*/bin ` +
          'does not exist. Set BENCH_DATABASE_URL=postgres://user@host:port/db (a role that may create ' +
          'databases), or install PostgreSQL (apt-get install postgresql) for a throwaway cluster',
      };
    }
    cluster = await startCluster(bin);
    server = cluster.url;
    source = `throwaway cluster on ${new URL(server).host} (${bin}), removed at the end`;
  }
  const unregister = cluster ? register(cluster.stop) : () => {};
  const created: string[] = [];
  const close = async () => {
    try {
      await admin(server, async (client) => {
        for (const name of created) await client.query(`drop database if exists "${name}" with (force)`);
      });
    } finally {
      cluster?.stop();
      unregister();
    }
  };
  try {
    const settings = await admin(server, async (client) => {
      const read = async (setting: string) =>
        String((await client.query(`show ${setting}`)).rows[0]?.[setting] ?? '?');
      const out: Record<string, string> = {};
      for (const name of [
        'server_version',
        'fsync',
        'synchronous_commit',
        'full_page_writes',
        'shared_buffers',
      ])
        out[name] = await read(name);
      return out;
    });
    return {
      ok: true,
      server: {
        source,
        settings,
        async createDatabase() {
          const name = `circlebot_bench_${randomBytes(4).toString('hex')}`;
          await admin(server, (client) => client.query(`create database "${name}"`));
          created.push(name);
          const url = new URL(server);
          url.pathname = `/${name}`;
          return url.toString();
        },
        close,
      },
    };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}
