import { describe, expect, it } from 'vitest';
import { MAX_RECENT } from '../../../src/core/points/settings.js';
import { emptyActivityState, readActivityState } from '../../../src/core/points/state.js';
import { chatter } from './fixtures.js';

describe('a member’s activity state, as stored', () => {
  it('survives a round trip through JSON', () => {
    const amy = chatter();
    amy.say('2026-03-02T10:00:00', 'hello everyone');
    expect(readActivityState(JSON.parse(JSON.stringify(amy.state)))).toEqual(amy.state);
  });

  it('reads a damaged row as the empty state, field by field, never throwing', () => {
    expect(readActivityState(null)).toEqual(emptyActivityState());
    expect(readActivityState('garbage')).toEqual(emptyActivityState());
    expect(readActivityState({ streakDay: 'yesterday', streakLength: -3, lastEarnedAt: 5 })).toEqual({
      ...emptyActivityState(),
      lastEarnedAt: 5,
    });
    const long = readActivityState({ recent: Array.from({ length: 50 }, (_, i) => `t${i}`) });
    expect(long.recent).toHaveLength(MAX_RECENT);
    expect(long.recent.at(-1)).toBe('t49');
  });
});
