import { escapeHtml, html, raw, type SafeHtml } from './html.js';

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

export interface ChartSpec {
  /** One label per point (days), shown first, middle and last. */
  readonly labels: readonly string[];
  readonly series: readonly Series[];
  /** Read out by screen readers, and shown as the chart's tooltip. */
  readonly title: string;
  /** `bars` for one series of amounts; `lines` for several counts over time. */
  readonly kind: 'bars' | 'lines';
  /** How an axis value is written (money: with its decimals). */
  readonly format?: (value: number) => string;
}

const W = 640;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/**
 * The top of the axis: four gridline steps, each a "round" number (1, 2, 2.5 or 5 × 10ⁿ, at least 1, since
 * every series counts whole things or minor units), so every gridline falls on a whole value at or above `max`.
 */
export function niceCeiling(max: number): number {
  const needed = Math.max(max, 0) / 4;
  if (needed <= 1) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(needed));
  // 2.5 only from tens up, where it still makes whole gridlines (25, 50, 75).
  const steps = magnitude >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10];
  for (const step of steps) if (step * magnitude >= needed) return 4 * step * magnitude;
  return 40 * magnitude;
}

const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * A chart as inline SVG, drawn from numbers on the server: no script, no external library, scales with the
 * page (phones included). Colours come from the stylesheet (`.s0`, `.s1`, …) so a legend matches.
 */
export function chart(spec: ChartSpec): SafeHtml {
  const format = spec.format ?? ((n: number) => String(n));
  const count = spec.labels.length;
  const top = niceCeiling(Math.max(0, ...spec.series.flatMap((s) => s.values)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (count <= 1 ? plotW / 2 : (i * plotW) / (count - 1));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;

  const parts: string[] = [];
  for (let g = 0; g <= 4; g++) {
    const value = (top * g) / 4;
    const gy = fixed(y(value));
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${gy}" y2="${gy}"/>`);
    parts.push(
      `<text class="axis" x="${PAD.left - 6}" y="${gy}" text-anchor="end" dominant-baseline="middle">${escapeHtml(format(value))}</text>`,
    );
  }
  const ticks = count === 0 ? [] : [...new Set([0, Math.floor((count - 1) / 2), count - 1])];
  for (const i of ticks) {
    const anchor = i === 0 ? 'start' : i === count - 1 ? 'end' : 'middle';
    parts.push(
      `<text class="axis" x="${fixed(x(i))}" y="${H - 8}" text-anchor="${anchor}">${escapeHtml(spec.labels[i] ?? '')}</text>`,
    );
  }

  if (spec.kind === 'bars') {
    const slot = plotW / Math.max(count, 1);
    const barW = Math.max(1, slot * 0.7);
    for (const [s, series] of spec.series.entries()) {
      for (const [i, value] of series.values.entries()) {
        if (value <= 0) continue;
        const left = PAD.left + i * slot + (slot - barW) / 2;
        parts.push(
          `<rect class="s${s}" x="${fixed(left)}" y="${fixed(y(value))}" width="${fixed(barW)}" height="${fixed(PAD.top + plotH - y(value))}"><title>${escapeHtml(`${spec.labels[i] ?? ''}: ${format(value)}`)}</title></rect>`,
        );
      }
    }
  } else {
    for (const [s, series] of spec.series.entries()) {
      const points = series.values.map((v, i) => `${fixed(x(i))},${fixed(y(v))}`).join(' ');
      parts.push(`<polyline class="line s${s}" points="${points}"/>`);
    }
  }

  const legend = spec.series.map(
    (series, s) => html`<li><span class="swatch s${s}" aria-hidden="true"></span>${series.name}</li>`,
  );
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${spec.title}">
      <title>${spec.title}</title>${raw(parts.join(''))}
    </svg>
    <figcaption><ul class="legend">${legend}</ul></figcaption>
  </figure>`;
}
