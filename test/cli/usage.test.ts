import { describe, expect, it } from 'vitest';
import { cli, cliProcess } from './harness.js';

describe('circlebot commands and usage', () => {
  it('help lists every command with an example of <circle>, exit code 0', async () => {
    const run = await cli(['help'], {});
    expect(run.code).toBe(0);
    for (const command of [
      'backup <file>',
      'restore <file>',
      'export <circle>',
      'import points',
      'doctor',
      'migrate-to-postgres [--from <sqlite file>] [--to <postgres url>] [--replace]',
    ]) {
      expect(run.stdout).toContain(`circlebot ${command}`);
    }
    expect(run.stdout).toContain('telegram:-100123');
  });

  it('an unknown command prints the usage to stderr with exit code 2 (through the installed bin)', async () => {
    const run = await cliProcess(['bakcup', 'x.db'], {}, 'bin');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('circlebot: unknown command "bakcup"');
    expect(run.stderr).toContain('Usage: circlebot [command]');
    expect(run.stdout).toBe('');
  });

  it('a wrong option or a missing argument names it and shows the command’s usage, exit code 2', async () => {
    const option = await cli(['backup', 'x.db', '--forse'], {});
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--forse'");
    expect(option.stderr).toContain('usage: circlebot backup <file> [--force]');

    const missing = await cli(['restore'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing arguments\nusage: circlebot restore <file>');

    const extra = await cli(['doctor', 'now'], {});
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('unexpected argument "now"');

    const what = await cli(['import', 'badges', 'x.csv', '--circle', '1'], {});
    expect(what.code).toBe(2);
    expect(what.stderr).toContain('cannot import "badges": only points can be imported');

    const start = await cli(['start', '--now'], {});
    expect(start.code).toBe(2);
  });

  it('a bad setting stops a command with exit code 2 and one line naming the key', async () => {
    const run = await cli(['backup', 'x.db'], { LOG_LEVEL: 'loud' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^circlebot: bad setting: log\.level .*"loud"/),
    ]);
  });

  it('with a PostgreSQL database, backup and restore point at pg_dump and pg_restore (exit code 2), never showing the password', async () => {
    const env = { DATABASE_URL: 'postgres://bot:hunter2secret@127.0.0.1:5432/circlebot' };
    for (const command of ['backup', 'restore']) {
      const run = await cli([command, 'x.db'], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`circlebot ${command} copies the SQLite file`);
      expect(run.stderr).toContain('pg_dump --format=custom --file=circlebot.dump "$DATABASE_URL"');
      expect(run.stderr).toContain('pg_restore --clean --if-exists --dbname="$DATABASE_URL" circlebot.dump');
      expect(run.stderr).not.toContain('hunter2secret');
    }
  });

  it('with a PostgreSQL server that does not answer, export and doctor name it without the password', async () => {
    // Port 1 on this machine: nothing listens there.
    const env = { DATABASE_URL: 'postgres://bot:hunter2secret@127.0.0.1:1/circlebot' };
    const exported = await cli(['export', '1', '--format', 'csv'], env);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(
      'cannot connect to PostgreSQL at postgres://bot:***@127.0.0.1:1/circlebot',
    );
    const doctor = await cli(['doctor'], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(
      '✗ database: cannot connect to PostgreSQL at postgres://bot:***@127.0.0.1:1/circlebot',
    );
    expect(`${exported.stderr}${doctor.stdout}`).not.toContain('hunter2secret');
  });
});
