import { describe, expect, it } from 'vitest';
import { digestText, levelUps, namedMembers } from '../../../src/core/automation/digest-text.js';
import type { DigestDecision, DigestFacts } from '../../../src/core/automation/repo.js';

const from = new Date(Date.UTC(2026, 0, 1, 12));
const to = new Date(Date.UTC(2026, 0, 8, 12));

const quietWeek: DigestFacts = {
  joined: 0,
  approved: 0,
  declined: 0,
  declines: [],
  earners: [],
  checkins: 0,
  clicks: 0,
  payments: [],
};

const decline = (memberId: number, more: Partial<DigestDecision> = {}): DigestDecision => ({
  approved: false,
  memberId,
  actorId: null,
  reason: { key: 'gate.reason.lowScore', params: { score: 480, min: 600 } },
  at: from,
  ...more,
});

describe('the weekly digest’s text', () => {
  it('reads a level-up from the week’s points: level 0 → 1 takes 100 points', () => {
    expect(
      levelUps([
        { memberId: 1, gained: 30, totalAtEnd: 110 },
        { memberId: 2, gained: 30, totalAtEnd: 99 },
        { memberId: 3, gained: 300, totalAtEnd: 300 },
        { memberId: 4, gained: -50, totalAtEnd: 60 },
      ]),
    ).toEqual([
      { memberId: 1, level: 1 },
      { memberId: 3, level: 2 },
    ]);
  });

  it('says a quiet week is quiet', () => {
    expect(digestText('en', { circle: 'Tea lovers', from, to, facts: quietWeek, names: new Map() })).toBe(
      [
        '📊 Weekly digest of Tea lovers',
        '2026-01-01 12:00 UTC – 2026-01-08 12:00 UTC',
        '',
        '• New members: 0',
        '• Applications: 0 approved, 0 declined',
        '• Most active: nobody earned points this week',
        '• Event check-ins: 0',
        '• Tracked-link clicks: 0',
        '• Payments: 0 completed',
        '',
        'Send /digest off in the circle to stop these.',
      ].join('\n'),
    );
  });

  it('lists declines with their reasons (an admin’s by name), counts the rest, names level-ups and sums payments per currency', () => {
    const facts: DigestFacts = {
      joined: 12,
      approved: 9,
      declined: 13,
      declines: [
        decline(21),
        decline(22, { actorId: 1, reason: { key: 'gate.reason.adminDeclined', params: {} } }),
        decline(23, { reason: null }),
        ...Array.from({ length: 8 }, (_, i) => decline(30 + i)),
      ],
      earners: [
        { memberId: 2, gained: 320, totalAtEnd: 320 },
        { memberId: 3, gained: 150, totalAtEnd: 800 },
        ...Array.from({ length: 5 }, (_, i) => ({ memberId: 10 + i, gained: 100 - i, totalAtEnd: 100 - i })),
        { memberId: 4, gained: -30, totalAtEnd: 20 },
      ],
      checkins: 4,
      clicks: 37,
      payments: [
        { currency: 'CNY', completed: 3, amountMinor: 26_700, refunded: 1, refundedMinor: 8_900 },
        { currency: 'XTR', completed: 2, amountMinor: 300, refunded: 0, refundedMinor: 0 },
      ],
    };
    const names = new Map([
      [1, '@olivia'],
      [2, '@ann'],
      [3, '@bob'],
      [10, '@cid'],
      [21, '@dave'],
      [22, '@erin'],
      [23, '@frank'],
    ]);
    expect(namedMembers(facts)).toEqual(expect.arrayContaining([2, 3, 10, 11, 12, 21, 22, 1, 23, 30]));
    expect(namedMembers(facts)).not.toContain(4);
    const text = digestText('en', { circle: 'Tea lovers', from, to, facts, names });
    expect(text.split('\n').slice(3)).toEqual([
      '• New members: 12',
      '• Applications: 9 approved, 13 declined',
      '   ✗ @dave: credit score 480 is below the minimum 600',
      '   ✗ @erin: declined by @olivia',
      '   ✗ @frank: none',
      '   ✗ #30: credit score 480 is below the minimum 600',
      '   ✗ #31: credit score 480 is below the minimum 600',
      '   ✗ #32: credit score 480 is below the minimum 600',
      '   ✗ #33: credit score 480 is below the minimum 600',
      '   ✗ #34: credit score 480 is below the minimum 600',
      '   ✗ #35: credit score 480 is below the minimum 600',
      '   ✗ #36: credit score 480 is below the minimum 600',
      '   … and 3 more',
      '• Most active: @ann (+320), @bob (+150), @cid (+100), #11 (+99), #12 (+98)',
      '• Level-ups: 3 (@ann → 2, @bob → 4, @cid → 1)',
      '• Event check-ins: 4',
      '• Tracked-link clicks: 37',
      '• Payments: 5 completed (267.00 CNY · 300 XTR)',
      '   refunded: 1 (89.00 CNY)',
      '',
      'Send /digest off in the circle to stop these.',
    ]);
  });

  it('speaks the circle’s language', () => {
    const text = digestText('zh-CN', { circle: '茶友会', from, to, facts: quietWeek, names: new Map() });
    expect(text).toContain('📊 茶友会 每周摘要');
    expect(text).toContain('• 最活跃：本周没有人获得积分');
    expect(text).toContain('在群里发送 /digest off 即可停止接收。');
  });
});
