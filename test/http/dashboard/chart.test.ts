import { describe, expect, it } from 'vitest';
import { chart, niceCeiling } from '../../../src/http/dashboard/chart.js';

describe('server-drawn charts', () => {
  it('put the four gridlines on whole, round values above the highest point', () => {
    expect([0, 1, 4, 5, 9, 17, 40, 41, 999, 8900].map(niceCeiling)).toEqual([
      4, 4, 4, 8, 20, 20, 40, 80, 1000, 10_000,
    ]);
  });

  it('draw one line per series and one bar per non-zero day, with text escaped', () => {
    const lines = chart({
      labels: ['01-01', '01-02', '01-03'],
      series: [
        { name: 'Messages', values: [1, 5, 2] },
        { name: '<Joins>', values: [0, 1, 0] },
      ],
      kind: 'lines',
      title: 'Activity & more',
    }).value;
    expect(lines.match(/<polyline/g)).toHaveLength(2);
    expect(lines).toContain('aria-label="Activity &amp; more"');
    expect(lines).toContain('&lt;Joins&gt;');
    expect(lines).not.toContain('<Joins>');

    const bars = chart({
      labels: ['a', 'b', 'c'],
      series: [{ name: 'Revenue', values: [8900, 0, 100] }],
      kind: 'bars',
      title: 'Revenue',
      format: (v) => `${v / 100} CNY`,
    }).value;
    expect(bars.match(/<rect/g)).toHaveLength(2);
    expect(bars).toContain('<title>a: 89 CNY</title>');
  });
});
