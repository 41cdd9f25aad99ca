const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Parses `30s`, `10m`, `2h`, `7d`, `1w` and sums like `1h30m` into milliseconds.
 * Returns `null` for anything else (never throws); zero and overflow are rejected.
 */
export function parseDuration(text: string): number | null {
  const input = text.trim().toLowerCase();
  if (!/^(\d{1,6}[smhdw])+$/.test(input)) return null;
  let total = 0;
  for (const [, amount, unit] of input.matchAll(/(\d+)([smhdw])/g)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return total > 0 && Number.isSafeInteger(total) ? total : null;
}

/** Shows milliseconds back the way people type them: `1h30m`, `7d`, `45s`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}
