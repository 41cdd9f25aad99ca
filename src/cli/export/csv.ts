import { stringify } from 'csv-stringify/sync';
import type { Circle } from '../../core/circle.js';
import type { Progress } from '../progress.js';
import type { Sink } from '../sink.js';
import type { ExportSource } from './source.js';

/** The CSV columns, in order; `circlebot import points` reads `platform_user_id` and `points` back. */
export const CSV_COLUMNS = [
  'platform',
  'platform_user_id',
  'username',
  'display_name',
  'status',
  'points',
  'level',
] as const;

/**
 * Names are chosen by members: one starting with `=`, `+`, `-`, `@` or a control character would run as a
 * formula when the owner opens the file in a spreadsheet, so it gets a leading `'` (OWASP's advice).
 */
export function spreadsheetSafe(text: string | null): string {
  if (text === null) return '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Writes one CSV row per member (header first), each as it is read. Returns the number of members. */
export async function writeCsvExport(
  circle: Circle,
  source: ExportSource,
  sink: Sink,
  progress: Progress,
): Promise<number> {
  await sink.write(stringify([[...CSV_COLUMNS]]));
  let n = 0;
  for await (const m of source.members(circle.id)) {
    await sink.write(
      stringify([
        [
          m.platform,
          m.userId,
          spreadsheetSafe(m.username),
          spreadsheetSafe(m.displayName),
          m.status ?? '',
          m.points,
          m.level,
        ],
      ]),
    );
    n++;
    progress.increment();
  }
  return n;
}
