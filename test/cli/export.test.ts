import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDbLock, type DbLock } from '../../src/store/lock.js';
import { openSqliteStore } from '../../src/store/open.js';
import { cli, cliProcess, pointsByUser, seedCircle, T, tempDir } from './harness.js';

/**
 * "Tea lovers" with three members (100: 120 points, 101: none, 102: 300 and a name that would be a
 * spreadsheet formula), one who left, an approved application with a written answer, and an offer with
 * two clicks.
 */
async function richCircle(dbFile: string) {
  const { circle, members } = await seedCircle(dbFile, [120, 0, 300]);
  const store = openSqliteStore(dbFile);
  try {
    await store.members.upsert({ platform: 'telegram', id: '102' }, { displayName: '=HYPERLINK("x")' }, T);
    const leaver = await store.members.upsert({ platform: 'telegram', id: '103' }, { username: 'gone' }, T);
    await store.memberships.set(circle.id, leaver.id, 'left', T);
    const application = await store.gate.createApplication({
      circleId: circle.id,
      memberId: members[1]!.id,
      questions: [{ kind: 'text', prompt: 'Why tea?', options: [], correct: [] }],
      createdAt: T,
      deadline: new Date(T.getTime() + 600_000),
    });
    await store.gate.addAnswer(application.id, 0, {
      question: 0,
      text: 'Oolong, always',
      choice: null,
      correct: null,
    });
    await store.gate.decide(
      application.id,
      ['asking'],
      {
        state: 'approved',
        reason: { key: 'gate.reason.review', params: {} },
        credit: null,
        decidedBy: members[0]!.id,
        at: T,
      },
      {
        circleId: circle.id,
        actorId: members[0]!.id,
        action: 'gate.approved',
        targetId: members[1]!.id,
        at: T,
      },
    );
    const offer = await store.market.addOffer({
      circleId: circle.id,
      title: 'Spring tea set',
      url: 'https://shop.example/tea',
      priceMinor: 8900,
      currency: 'CNY',
      description: null,
      sponsored: true,
      code: 'TeaCode00001',
      createdBy: members[0]!.id,
      createdAt: T,
    });
    await store.market.recordClick({ offerId: offer!.id, memberId: members[2]!.id, at: T });
    await store.market.recordClick({ offerId: offer!.id, memberId: null, at: T });
  } finally {
    await store.close();
  }
  return { circle, members };
}

describe('circlebot export', () => {
  const locks: DbLock[] = [];
  afterEach(() => {
    for (const lock of locks.splice(0)) lock.release();
  });

  it('JSON holds the circle, its settings, members with status and points, the ledger, applications, offers and clicks', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    const { circle } = await richCircle(dbFile);
    const out = join(dir, 'tea.json');
    // The bot may be running: an export only reads.
    locks.push(acquireDbLock(dbFile));

    const run = await cli(['export', 'telegram:-1001234', '--format', 'json', '--out', out], {
      CIRCLEBOT_DB: dbFile,
    });
    expect(run.stderr).toContain(
      `export: 4 members, 2 ledger rows, 1 applications, 1 offers, 2 clicks of circle ${circle.id} (telegram:-1001234) written to ${out}`,
    );
    expect(run.code).toBe(0);
    const data = JSON.parse(readFileSync(out, 'utf8'));
    expect(data).toMatchObject({
      format: 'circlebot-export',
      version: 1,
      circle: { id: circle.id, platform: 'telegram', chatId: '-1001234', title: 'Tea lovers', lang: 'en' },
    });
    expect(data.circle.settings.points.messageMin).toBe(15);
    expect(
      data.members.map((m: Record<string, unknown>) => [m.userId, m.status, m.points, m.level, m.username]),
    ).toEqual([
      ['100', 'member', 120, 1, 'member0'],
      ['101', 'member', 0, 0, 'member1'],
      ['102', 'member', 300, 2, 'member2'],
      ['103', 'left', 0, 0, 'gone'],
    ]);
    expect(data.ledger.map((l: Record<string, unknown>) => [l.userId, l.kind, l.points])).toEqual([
      ['100', 'admin', 120],
      ['102', 'admin', 300],
    ]);
    expect(data.applications).toHaveLength(1);
    expect(data.applications[0]).toMatchObject({
      userId: '101',
      state: 'approved',
      answers: [{ question: 0, text: 'Oolong, always' }],
      reason: { key: 'gate.reason.review' },
    });
    expect(data.offers).toEqual([
      expect.objectContaining({
        title: 'Spring tea set',
        priceMinor: 8900,
        currency: 'CNY',
        sponsored: true,
      }),
    ]);
    expect(data.clicks.map((c: Record<string, unknown>) => c.memberId === null)).toEqual([false, true]);
  });

  it('CSV goes to stdout, one row per member, with names that would be formulas defused', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    const { circle } = await richCircle(dbFile);
    const run = await cli(['export', String(circle.id), '--format', 'csv'], { CIRCLEBOT_DB: dbFile });
    expect(run.code).toBe(0);
    expect(parse(run.stdout)).toEqual([
      ['platform', 'platform_user_id', 'username', 'display_name', 'status', 'points', 'level'],
      ['telegram', '100', 'member0', 'Member 0', 'member', '120', '1'],
      ['telegram', '101', 'member1', 'Member 1', 'member', '0', '0'],
      ['telegram', '102', 'member2', `'=HYPERLINK("x")`, 'member', '300', '2'],
      ['telegram', '103', 'gone', '', 'left', '0', '0'],
    ]);
    // Progress and the summary go to stderr, never into the data.
    expect(run.stderr).toContain('export: 4 members of circle');
  });

  it('export → import into a fresh database gives every member the same points (the real entry point)', async () => {
    const dir = tempDir();
    const from = join(dir, 'old.db');
    const totals = Array.from({ length: 1500 }, (_, i) => (i * 37) % 1000);
    await seedCircle(from, totals);
    const csv = join(dir, 'members.csv');
    const exported = await cliProcess(['export', 'telegram:-1001234', '--format', 'csv', '--out', csv], {
      CIRCLEBOT_DB: from,
    });
    expect(exported.stderr).toContain('export: 1,500 members');
    expect(exported.code).toBe(0);

    const to = join(dir, 'new.db');
    await seedCircle(to, []);
    const imported = await cliProcess(['import', 'points', csv, '--circle', 'telegram:-1001234'], {
      CIRCLEBOT_DB: to,
    });
    expect(imported.stderr).toContain('1,500 rows imported');
    expect(imported.code).toBe(0);
    const positive = (points: Record<string, number>) =>
      Object.fromEntries(Object.entries(points).filter(([, n]) => n > 0));
    expect(positive(pointsByUser(to))).toEqual(positive(pointsByUser(from)));
    expect(Object.keys(pointsByUser(to))).toHaveLength(1500);
  }, 60_000);

  it('in a terminal, a bar shows the progress of an export to a file, but not between rows printed on screen', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    await seedCircle(dbFile, [5, 6, 7]);
    const env = { CIRCLEBOT_DB: dbFile };
    const toFile = await cli(['export', '1', '--format', 'json', '--out', join(dir, 'out.json')], env, {
      terminal: true,
    });
    expect(toFile.stderr).toMatch(/export \[[█░]+\]/);
    const toScreen = await cli(['export', '1', '--format', 'csv'], env, { terminal: true });
    expect(toScreen.stderr).not.toMatch(/[█░]/);
    expect(toScreen.stderr).toContain('export: 3 members');
  });

  it('an unknown circle, a missing format or an existing output file is refused with the reason', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'circlebot.db');
    await seedCircle(dbFile, [1]);
    const env = { CIRCLEBOT_DB: dbFile };

    const unknown = await cli(['export', 'telegram:-1', '--format', 'csv'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no circle for telegram:-1 in the database');

    const noFormat = await cli(['export', '1'], env);
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toContain('missing --format: expected --format csv or --format json');

    const xml = await cli(['export', '1', '--format', 'xml'], env);
    expect(xml.code).toBe(2);
    expect(xml.stderr).toContain('unknown format "xml"');

    const out = join(dir, 'taken.csv');
    writeFileSync(out, 'keep me');
    const taken = await cli(['export', '1', '--format', 'csv', '--out', out], env);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`${out} already exists`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });
});
