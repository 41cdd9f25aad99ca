import { describe, expect, it } from 'vitest';
import { streakBonus } from '../../../src/core/points/earn.js';
import { chatter, pointsSettings } from './fixtures.js';

/** `2026-03-01` plus `n` days, at a given UTC time. */
const day = (n: number, time = '12:00:00') =>
  `${new Date(Date.UTC(2026, 2, 1 + n)).toISOString().slice(0, 10)}T${time}`;

describe('streaks: consecutive UTC days with a message', () => {
  it('the first message of a day starts or extends the streak; more that day count once', () => {
    const amy = chatter();
    expect(amy.say(day(0), 'hello everyone').streak).toEqual({ day: '2026-03-01', length: 1, bonus: 0 });
    expect(amy.say(day(0, '18:00:00'), 'evening all').streak).toBeNull();
    expect(amy.say(day(1, '00:00:00'), 'just after midnight').streak).toEqual({
      day: '2026-03-02',
      length: 2,
      bonus: 0,
    });
    expect(amy.say(day(1, '23:59:59'), 'last one today').streak).toBeNull();
    expect(amy.state).toMatchObject({ streakDay: '2026-03-02', streakLength: 2 });
  });

  it('a missed day starts the streak again at 1', () => {
    const ben = chatter();
    ben.say(day(0), 'day one here');
    ben.say(day(1), 'day two here');
    expect(ben.say(day(3), 'back after a break').streak).toMatchObject({ length: 1, bonus: 0 });
  });

  it('pays 50 on day 7 and 200 on day 30, 60, 90 … (the week bonus once per streak)', () => {
    const cleo = chatter();
    const bonuses: Record<number, number> = {};
    for (let n = 0; n < 90; n++) {
      const step = cleo.say(day(n), `message number ${n} of my streak`).streak;
      expect(step?.length).toBe(n + 1);
      if (step && step.bonus > 0) bonuses[step.length] = step.bonus;
    }
    expect(bonuses).toEqual({ 7: 50, 30: 200, 60: 200, 90: 200 });
    expect(streakBonus(pointsSettings({ streakWeekBonus: 0, streakMonthBonus: 0 }), 30)).toBe(0);
  });

  it('a message inside the cooldown still counts for the streak (the day had a message)', () => {
    const dan = chatter();
    dan.say(day(0, '23:59:30'), 'late night thoughts');
    const next = dan.say(day(1, '00:00:10'), 'and a new day begins');
    expect(next.reason).toBe('cooldown');
    expect(next.streak).toMatchObject({ day: '2026-03-02', length: 2 });
  });

  it('too-short messages do not keep a streak alive; photos do', () => {
    const eve = chatter();
    eve.say(day(0), 'hello everyone');
    expect(eve.say(day(1), 'k').streak).toBeNull();
    expect(eve.say(day(1, '13:00:00'), '', true).streak).toMatchObject({ length: 2 });
  });

  it('an event delivered late from an earlier day never breaks or extends a streak', () => {
    const finn = chatter();
    finn.say(day(0), 'hello everyone');
    finn.say(day(1), 'hello again everyone');
    expect(finn.say(day(0, '13:00:00'), 'a late delivery here').streak).toBeNull();
    expect(finn.state).toMatchObject({ streakDay: '2026-03-02', streakLength: 2 });
  });

  it('streaks cross months and leap days by the calendar', () => {
    const gus = chatter();
    gus.say('2028-02-28T12:00:00', 'end of february');
    expect(gus.say('2028-02-29T12:00:00', 'leap day!').streak).toMatchObject({ length: 2 });
    expect(gus.say('2028-03-01T12:00:00', 'march now').streak).toMatchObject({ length: 3 });
  });
});
