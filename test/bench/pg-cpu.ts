/**
 * CPU the PostgreSQL server spent for one database: the user + system time of the backends connected to
 * it, read from `/proc/<pid>/stat` (Linux, server on this machine). Sampled before and after a window while
 * the bots' pools stay connected; a backend that ended inside the window is missed, so the figure is a
 * floor. Background processes (WAL writer, checkpointer) are not counted.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** Microseconds of CPU a process has used, or `null` when it cannot be read (not here, not Linux). */
function processCpuUs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Microseconds of CPU per backend pid of the database at `url`; `null` when they cannot be read. */
async function sample(url: string): Promise<Map<number, number> | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      const us = processCpuUs(pid);
      if (us === null) return null;
      cpu.set(pid, us);
    }
    return rows.length > 0 ? cpu : null;
  } finally {
    await client.end();
  }
}

/** A stopwatch of server CPU: call to start, call what it resolves with to read the CPU spent since. */
export type CpuWatch = () => Promise<() => Promise<number | null>>;

/** The backends' CPU for the database at `url` (a backend new since the start counts from zero). */
export function backendCpu(url: string): CpuWatch {
  return async () => {
    const before = await sample(url);
    return async () => {
      const after = await sample(url);
      if (!before || !after) return null;
      let spent = 0;
      for (const [pid, us] of after) spent += us - (before.get(pid) ?? 0);
      return spent;
    };
  };
}

/** For SQLite: no server. */
export const noServer: CpuWatch = async () => async () => null;
