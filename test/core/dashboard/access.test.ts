import { describe, expect, it } from 'vitest';
import type { Circle } from '../../../src/core/circle.js';
import { defaultCircleSettings } from '../../../src/core/circle.js';
import { ManualClock } from '../../../src/core/clock.js';
import { DashboardAccess } from '../../../src/core/dashboard/access.js';
import type { MemberRecord } from '../../../src/core/repos.js';

const circle = (id: number, platform: 'telegram' | 'discord', chatId: string): Circle => ({
  id,
  chat: { platform, id: chatId },
  title: `Circle ${id}`,
  lang: 'en',
  settings: defaultCircleSettings(),
  createdAt: new Date(0),
});
const circles = [
  circle(1, 'telegram', '-1001'),
  circle(2, 'discord', '5550'),
  circle(3, 'telegram', '-1003'),
];
const olivia: MemberRecord = {
  id: 9,
  ref: { platform: 'telegram', id: '7' },
  username: 'olivia',
  displayName: null,
  firstSeenAt: new Date(0),
};
const seenIn = (ids: number[]) =>
  ids.map((circleId) => ({
    circleId,
    memberId: 9,
    status: 'member' as const,
    since: new Date(0),
    joinedAt: null,
  }));
const silentLog = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

describe('dashboard access', () => {
  it('asks only about circles on the person’s own platform where the bot has seen them', async () => {
    const asked: string[] = [];
    const access = new DashboardAccess({
      circles: { byId: async (id) => circles.find((c) => c.id === id) ?? null },
      memberships: { ofMember: async () => seenIn([1, 2, 3]) },
      isAdmin: async (chat) => {
        asked.push(chat.id);
        return chat.id === '-1003';
      },
      clock: new ManualClock(),
      log: silentLog,
    });
    expect((await access.circlesFor(olivia)).map((c) => c.id)).toEqual([3]);
    expect(asked).toEqual(['-1001', '-1003']);
    expect(await access.circle(olivia, 2)).toBeNull(); // a Discord guild, never asked with a Telegram id
    expect(asked).toEqual(['-1001', '-1003']);

    asked.length = 0;
    const seenOnce = new DashboardAccess({
      circles: { byId: async (id) => circles.find((c) => c.id === id) ?? null },
      memberships: { ofMember: async () => seenIn([3, 3]) },
      isAdmin: async (chat) => {
        asked.push(chat.id);
        return true;
      },
      clock: new ManualClock(),
      log: silentLog,
    });
    expect((await seenOnce.circlesFor(olivia)).map((c) => c.id)).toEqual([3]);
    expect(asked).toEqual(['-1003']);
  });

  it('a platform that cannot answer means no access, and the failure is not cached', async () => {
    let down = true;
    const access = new DashboardAccess({
      circles: { byId: async (id) => circles.find((c) => c.id === id) ?? null },
      memberships: { ofMember: async () => seenIn([1, 2, 3]) },
      isAdmin: async () => {
        if (down) throw new Error('platform down');
        return true;
      },
      clock: new ManualClock(),
      log: silentLog,
    });
    expect(await access.circle(olivia, 1)).toBeNull();
    down = false;
    expect((await access.circle(olivia, 1))?.id).toBe(1);
  });
});
