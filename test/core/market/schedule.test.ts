import { describe, expect, it } from 'vitest';
import { checkCron, describeCron, nextRuns } from '../../../src/core/market/schedule.js';

/** Thursday 1 January 2026, 12:03 UTC (20:03 in Shanghai). */
const now = new Date(Date.UTC(2026, 0, 1, 12, 3));
const utc = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 0, day, hour, minute));

describe('checking a cron pattern an admin typed', () => {
  it('accepts five fields, or six with seconds, with day and month names in any case', () => {
    for (const pattern of [
      '0 20 * * FRI',
      '0 9 * * MON-FRI',
      '30 8 1 jan,jul *',
      '0 0 20 * * fri',
      '*/10 * * * *',
      '0 12 1 * *',
    ]) {
      expect(checkCron(pattern, 'UTC', now), pattern).toEqual({ ok: true, pattern });
    }
  });

  it('gives back the pattern tidied: surrounding and repeated spaces dropped', () => {
    expect(checkCron('  0   20 *  * FRI ', 'Asia/Shanghai', now)).toEqual({
      ok: true,
      pattern: '0 20 * * FRI',
    });
  });

  it('refuses junk with a reason', () => {
    expect(checkCron('', 'UTC', now)).toEqual({ ok: false, reason: 'length' });
    expect(checkCron('   ', 'UTC', now)).toEqual({ ok: false, reason: 'length' });
    expect(checkCron(`0 ${'1,'.repeat(60)}2 * * *`, 'UTC', now)).toEqual({ ok: false, reason: 'length' });
    expect(checkCron('every friday', 'UTC', now)).toEqual({ ok: false, reason: 'fields' });
    expect(checkCron('0 20 * *', 'UTC', now)).toEqual({ ok: false, reason: 'fields' });
    expect(checkCron('0 0 20 * * * 2026', 'UTC', now)).toEqual({ ok: false, reason: 'fields' });
    for (const bad of ['61 * * * *', '0 25 * * *', '0 20 * * FUNDAY', 'a b c d e']) {
      const checked = checkCron(bad, 'UTC', now);
      expect(checked.ok, bad).toBe(false);
      if (!checked.ok) expect(checked.reason, bad).not.toBe('');
    }
  });

  it('refuses anything more often than every 10 minutes', () => {
    for (const pattern of ['* * * * *', '*/5 * * * *', '0,9 * * * *', '*/30 * * * * *', '0 55,0 * * * *']) {
      expect(checkCron(pattern, 'UTC', now), pattern).toEqual({ ok: false, reason: 'often' });
    }
  });

  it('refuses a pattern whose close runs are not the next two, whatever the time it is checked', () => {
    // At 12:03 the next runs are 12:05 today and 12:00 tomorrow: a day apart, but 12:00 → 12:05 follows.
    expect(checkCron('0,5 12 * * *', 'UTC', now)).toEqual({ ok: false, reason: 'often' });
    expect(checkCron('0,5 12 * * *', 'UTC', utc(1, 11))).toEqual({ ok: false, reason: 'often' });
    // 55 past every hour and on the hour: the close pair is 13:55 → 14:00.
    expect(checkCron('0,55 * * * *', 'UTC', utc(1, 12, 56))).toEqual({ ok: false, reason: 'often' });
    // 23:55 and midnight every day: close across the day's end only.
    expect(checkCron('0,55 0,23 * * *', 'UTC', utc(1, 0, 30))).toEqual({ ok: false, reason: 'often' });
  });

  it('refuses a pattern that never fires', () => {
    expect(checkCron('0 0 30 2 *', 'UTC', now)).toEqual({ ok: false, reason: 'never' });
    expect(checkCron('0 9 31 4 *', 'Asia/Shanghai', now)).toEqual({ ok: false, reason: 'never' });
  });
});

describe('next runs', () => {
  it('reads the pattern in the circle’s zone: 09:00 in Shanghai is 01:00 UTC', () => {
    expect(nextRuns('0 9 * * *', 'Asia/Shanghai', now, 2)).toEqual([utc(2, 1), utc(3, 1)]);
    expect(nextRuns('0 9 * * *', 'UTC', now, 2)).toEqual([utc(2, 9), utc(3, 9)]);
  });

  it('a day of the week is that day in the zone: Friday 07:00 in Shanghai is Thursday 23:00 UTC', () => {
    expect(nextRuns('0 7 * * FRI', 'Asia/Shanghai', now, 1)).toEqual([utc(1, 23)]);
    expect(nextRuns('0 7 * * FRI', 'UTC', now, 1)).toEqual([utc(2, 7)]);
  });

  it('are strictly after the start, so a run just posted is not the next one', () => {
    expect(nextRuns('0 9 * * *', 'UTC', utc(2, 9), 1)).toEqual([utc(3, 9)]);
  });
});

describe('a pattern in words', () => {
  it('in English and in Chinese, with a 24-hour clock', () => {
    expect(describeCron('0 20 * * FRI', 'en')).toBe('At 20:00, only on Friday');
    expect(describeCron('0 20 * * FRI', 'zh-CN')).toBe('在20:00, 仅星期五');
  });

  it('a pattern the describer cannot read is shown as typed', () => {
    expect(describeCron('not a pattern', 'en')).toBe('not a pattern');
  });
});
