import { describe, expect, it } from 'vitest';
import {
  decideReactionPoints,
  decideReplyPoints,
  type ReceivedDecision,
  type ReceivedInput,
} from '../../../src/core/points/earn.js';
import type { PointsSettings } from '../../../src/core/points/settings.js';
import { emptyActivityState, type MemberActivityState } from '../../../src/core/points/state.js';
import { at, pointsSettings } from './fixtures.js';

/** A member whose messages receive reactions or replies; each call keeps the state handed back. */
function author(
  decide: (input: ReceivedInput) => ReceivedDecision,
  settings: PointsSettings = pointsSettings(),
) {
  let state: MemberActivityState = emptyActivityState();
  return {
    receive(when: string, selfAction = false): ReceivedDecision {
      const decision = decide({ settings, at: at(when), state, selfAction });
      state = decision.nextState;
      return decision;
    },
    get state() {
      return state;
    },
  };
}

describe('points for reactions and replies received', () => {
  it('each reaction received earns 2, up to 20 a UTC day; the cap reopens at midnight', () => {
    const amy = author(decideReactionPoints);
    for (let i = 0; i < 10; i++)
      expect(amy.receive('2026-03-02T10:00:00')).toMatchObject({ points: 2, reason: 'earned' });
    expect(amy.receive('2026-03-02T23:59:59')).toMatchObject({ points: 0, reason: 'capped' });
    expect(amy.state).toMatchObject({ reactionDay: '2026-03-02', reactionPointsToday: 20 });
    expect(amy.receive('2026-03-03T00:00:00')).toMatchObject({ points: 2, reason: 'earned' });
    expect(amy.state).toMatchObject({ reactionDay: '2026-03-03', reactionPointsToday: 2 });
  });

  it('each reply received earns 3, up to 30 a day, the last award cut to fit the cap', () => {
    const ben = author(decideReplyPoints);
    const awarded = Array.from({ length: 12 }, () => ben.receive('2026-03-02T10:00:00').points);
    expect(awarded).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0]);
    const odd = author(decideReplyPoints, pointsSettings({ replyPoints: 4, replyDailyCap: 10 }));
    expect([1, 2, 3, 4].map(() => odd.receive('2026-03-02T10:00:00').points)).toEqual([4, 4, 2, 0]);
  });

  it('reactions and replies have separate caps', () => {
    const cleo = author(decideReactionPoints, pointsSettings({ reactionDailyCap: 2 }));
    cleo.receive('2026-03-02T10:00:00');
    expect(cleo.receive('2026-03-02T10:00:01').reason).toBe('capped');
    const reply = decideReplyPoints({
      settings: pointsSettings(),
      at: at('2026-03-02T10:00:02'),
      state: cleo.state,
      selfAction: false,
    });
    expect(reply).toMatchObject({ points: 3, reason: 'earned', nextState: { reactionPointsToday: 2 } });
  });

  it('reacting to or replying to your own message earns nothing and changes nothing', () => {
    const dan = author(decideReactionPoints);
    expect(dan.receive('2026-03-02T10:00:00', true)).toEqual({
      points: 0,
      reason: 'self',
      nextState: emptyActivityState(),
    });
    expect(author(decideReplyPoints).receive('2026-03-02T10:00:00', true).reason).toBe('self');
  });

  it('a circle can turn them off', () => {
    expect(
      author(decideReactionPoints, pointsSettings({ reactionPoints: 0 })).receive('2026-03-02T10:00:00'),
    ).toMatchObject({
      reason: 'disabled',
    });
    expect(
      author(decideReplyPoints, pointsSettings({ enabled: false })).receive('2026-03-02T10:00:00').reason,
    ).toBe('disabled');
  });

  it('a reaction delivered late from yesterday counts against today, never reopening a cap', () => {
    const eve = author(decideReactionPoints, pointsSettings({ reactionDailyCap: 4 }));
    eve.receive('2026-03-03T09:00:00');
    eve.receive('2026-03-03T09:00:00');
    expect(eve.receive('2026-03-02T23:00:00')).toMatchObject({ points: 0, reason: 'capped' });
    expect(eve.state).toMatchObject({ reactionDay: '2026-03-03', reactionPointsToday: 4 });
  });
});
