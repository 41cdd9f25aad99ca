import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDbLock, type DbLock } from '../../src/store/lock.js';
import { cli, dump, pointsByUser, query, seedCircle, tempDir } from './harness.js';

/** A database with "Tea lovers" (members 100: 40 points, 101: 0) and a points file with these lines. */
async function setUp(lines: readonly string[]) {
  const dir = tempDir();
  const dbFile = join(dir, 'circlebot.db');
  const { circle } = await seedCircle(dbFile, [40, 0]);
  const file = join(dir, 'mee6.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { dir, dbFile, file, circle, env: { CIRCLEBOT_DB: dbFile } };
}

const ledgerOfKind = (dbFile: string, kind: string) =>
  query<{ user_id: string; points: number; source_key: string }>(
    dbFile,
    'select m.user_id, l.points, l.source_key from point_ledger l join members m on m.id = l.member_id where l.kind = ? order by l.id',
    kind,
  );

describe('circlebot import points', () => {
  const locks: DbLock[] = [];
  afterEach(() => {
    for (const lock of locks.splice(0)) lock.release();
  });

  it('an owner moving from another bot imports a file without a header: points added, new members created', async () => {
    const { dbFile, file, env } = await setUp(['100,1000', '101,250', '555000111,75']);
    const run = await cli(['import', 'points', file, '--circle', 'telegram:-1001234'], env);
    expect(run.stderr).toContain(
      'import into circle 1 (telegram:-1001234): 3 rows imported (1,325 points), 1 new member',
    );
    expect(run.code).toBe(0);
    expect(pointsByUser(dbFile)).toEqual({ '100': 1040, '101': 250, '555000111': 75 });
    expect(ledgerOfKind(dbFile, 'import').map((r) => r.user_id)).toEqual(['100', '101', '555000111']);
    // The new member is known by the platform and id only; the level follows the real curve.
    expect(query(dbFile, "select platform, username from members where user_id = '555000111'")).toEqual([
      { platform: 'telegram', username: null },
    ]);
    expect(
      query(
        dbFile,
        "select level from point_standings s join members m on m.id = s.member_id where m.user_id = '100'",
      ),
    ).toEqual([{ level: 4 }]);
    expect(query(dbFile, "select action from audit_log where action = 'points.import'")).toHaveLength(1);
  });

  it('a bad row is reported with its line number and reason, and nothing at all is written', async () => {
    const { dbFile, file, env } = await setUp([
      'user_id,xp',
      '100,1000',
      '101,12.5',
      '102,300',
      'bob,20',
      '100,5',
    ]);
    const before = dump(dbFile);
    const run = await cli(['import', 'points', file, '--circle', '1'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${file} line 3: points "12.5": expected a whole number of points, 0 or more`,
    );
    expect(run.stderr).toContain(`${file} line 5: user id "bob": expected a Telegram user id`);
    expect(run.stderr).toContain(`${file} line 6: user id 100 is already on line 2`);
    expect(run.stderr).toContain(
      `nothing imported: 3 bad rows in ${file}; fix them, or add --skip-bad to import the 2 good rows`,
    );
    expect(run.stderr).not.toContain('line 2:');
    expect(dump(dbFile)).toEqual(before);
  });

  it('with --skip-bad the good rows are imported and the bad ones listed as skipped', async () => {
    const { dbFile, file, env } = await setUp(['100,1000', '101,-3', '102,300', '103', '104,"unclosed']);
    const run = await cli(['import', 'points', file, '--circle', '1', '--skip-bad'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${file} line 2: points "-3": expected a whole number of points, 0 or more`);
    expect(run.stderr).toContain(`${file} line 4: expected 2 columns (platform user id, points), got 1`);
    expect(run.stderr).toMatch(/line 5: not valid CSV: a quote opened here or below is never closed/);
    expect(run.stderr).toContain('2 rows imported (1,300 points), 1 new member, 3 bad rows skipped');
    expect(pointsByUser(dbFile)).toEqual({ '100': 1040, '102': 300 });
  });

  it('importing the same file twice changes nothing the second time', async () => {
    const { dbFile, file, env } = await setUp(['100,1000', '7777,20']);
    expect((await cli(['import', 'points', file, '--circle', '1'], env)).code).toBe(0);
    const once = dump(dbFile);

    const again = await cli(['import', 'points', file, '--circle', '1'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      '0 rows imported (0 points), 0 new members, 2 rows already imported before',
    );
    expect(dump(dbFile)).toEqual(once);
    expect(pointsByUser(dbFile)).toEqual({ '100': 1040, '7777': 20 });
  });

  it('the same file imported into a second circle counts there too', async () => {
    const { dbFile, file, env } = await setUp(['100,10']);
    await seedCircle(dbFile, [], '-1009999');
    expect((await cli(['import', 'points', file, '--circle', 'telegram:-1001234'], env)).code).toBe(0);
    expect((await cli(['import', 'points', file, '--circle', 'telegram:-1009999'], env)).code).toBe(0);
    expect(pointsByUser(dbFile, '-1001234')).toEqual({ '100': 50 });
    expect(pointsByUser(dbFile, '-1009999')).toEqual({ '100': 10 });
  });

  it('is refused while a bot holds the database (it keeps points in memory), and writes nothing', async () => {
    const { dbFile, file, env } = await setUp(['100,1000']);
    locks.push(acquireDbLock(dbFile));
    const before = dump(dbFile);
    const run = await cli(['import', 'points', file, '--circle', '1'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `circlebot (process ${process.pid} on ${hostname()}) is running on ${dbFile}`,
    );
    expect(dump(dbFile)).toEqual(before);
  });

  it('a header naming no points column, an unknown circle or a missing --circle is explained', async () => {
    const { file, env, dir } = await setUp(['member,karma', '100,5']);
    const header = await cli(['import', 'points', file, '--circle', '1'], env);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain(`${file} line 1: this header has no user id column`);

    const unknown = await cli(['import', 'points', file, '--circle', 'discord:42'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no circle for discord:42 in the database');

    const missing = await cli(['import', 'points', file], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --circle <circle>');

    const noFile = await cli(['import', 'points', join(dir, 'nope.csv'), '--circle', '1'], env);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain(`${join(dir, 'nope.csv')} does not exist`);
  });
});
