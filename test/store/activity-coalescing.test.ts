import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/store.js';
import { openSqliteStore } from '../../src/store/open.js';

const DAY = 20_454; // a UTC day number

describe('activity counters inside group commits', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('the messages of one window become one write when it commits, and count exactly', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'circlebot-activity-')), 'db.sqlite');
    store = openSqliteStore(file);
    const s = store;
    const circle = await s.circles.ensure({ platform: 'telegram', id: '-1001' }, 'Tea', new Date(0));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        s.durably(() =>
          s.dashboard.countActivity(circle.id, DAY, i % 10 === 0 ? { joins: 1 } : { messages: 1 }),
        ),
      ),
    );
    // Read from another connection: only what was committed.
    const reader = new Database(file, { readonly: true });
    try {
      expect(reader.prepare('select messages, joins from activity_days').all()).toEqual([
        { messages: 45, joins: 5 },
      ]);
    } finally {
      reader.close();
    }
    // Outside a group commit, a count is written at once.
    await s.dashboard.countActivity(circle.id, DAY, { messages: 2 });
    expect(await s.dashboard.activity(circle.id, DAY, DAY)).toMatchObject([
      { day: DAY, messages: 47, joins: 5 },
    ]);
  });
});
