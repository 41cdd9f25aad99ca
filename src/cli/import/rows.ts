import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { Platform } from '../../core/refs.js';
import { CliError } from '../errors.js';

/** A row of a points file that can be imported. */
export interface PointsRow {
  readonly line: number;
  readonly userId: string;
  readonly points: number;
}

/** A row that cannot, with why (said to the operator, who fixes the file). */
export interface BadRow {
  readonly line: number;
  readonly reason: string;
}

export type ReadRow = ({ readonly ok: true } & PointsRow) | ({ readonly ok: false } & BadRow);

/** Header names accepted for each column (compared lower-cased, with spaces, `_` and `-` dropped). */
const ID_HEADERS = ['platformuserid', 'userid', 'user', 'id', 'memberid', 'discordid', 'telegramid'];
const POINTS_HEADERS = ['points', 'xp', 'exp', 'experience', 'score'];
const PLATFORM_HEADERS = ['platform'];

const normalise = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');

/** What a user id looks like on each platform (Telegram: up to 52 bits; Discord: a snowflake). */
const USER_ID: Record<Platform, { pattern: RegExp; expected: string }> = {
  telegram: { pattern: /^[1-9]\d{0,15}$/, expected: 'a Telegram user id (digits, e.g. 123456789)' },
  discord: { pattern: /^[1-9]\d{0,19}$/, expected: 'a Discord user id (digits, e.g. 80351110224678912)' },
  console: { pattern: /^[^\s:]{1,64}$/, expected: 'a console user name (no spaces)' },
};

/** The points column: a whole number of 0 or more that stays exact as a JavaScript number. */
const pointsSchema = z
  .string()
  .regex(/^\d+$/, { error: 'expected a whole number of points, 0 or more' })
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), { error: `expected at most ${Number.MAX_SAFE_INTEGER} points` });

function rowSchema(platform: Platform) {
  const { pattern, expected } = USER_ID[platform];
  return z.object({
    userId: z.string().regex(pattern, { error: `expected ${expected}` }),
    points: pointsSchema,
  });
}

/** Where the columns are: from the header, or the first two of a file without one. */
interface Columns {
  readonly id: number;
  readonly points: number;
  readonly platform: number | null;
  /** A file without a header has exactly these two columns. */
  readonly exact: boolean;
}

/** A first record is a header when none of its fields is a number (a data row always has its points). */
function headerColumns(fields: readonly string[], file: string, line: number): Columns | null {
  if (fields.some((f) => /^-?\d+(\.\d+)?$/.test(f))) return null;
  const names = fields.map(normalise);
  const find = (accepted: readonly string[]) => {
    const at = names.findIndex((n) => accepted.includes(n));
    return at === -1 ? null : at;
  };
  const id = find(ID_HEADERS);
  const points = find(POINTS_HEADERS);
  if (id === null || points === null) {
    const missing =
      id === null
        ? `user id column (${ID_HEADERS.join(', ')})`
        : `points column (${POINTS_HEADERS.join(', ')})`;
    throw new CliError(
      `${file} line ${line}: this header has no ${missing}; name the columns, or leave the header out and give two columns: platform user id, points`,
    );
  }
  return { id, points, platform: find(PLATFORM_HEADERS), exact: false };
}

/**
 * Reads a points file row by row (csv-parse, streaming): every row comes back either importable or with
 * the reason it is not, and its line number. Columns: platform user id, points; a header row is optional
 * (with one, columns are found by name — `platform_user_id`/`user_id`/`id` and `points`/`xp` — and others
 * are ignored, so a `circlebot export --format csv` file imports as it is). A user id given twice is bad on
 * its second line. Throws `CliError` when the file cannot be read at all.
 */
export async function* readPointsFile(file: string, platform: Platform): AsyncGenerator<ReadRow> {
  const schema = rowSchema(platform);
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
    }),
  );
  // Records the parser could not read (an unclosed quote…): reported as bad rows, in line order.
  const skipped: BadRow[] = [];
  let lastLine = 0;
  parser.on('skip', (err: Error & { lines?: number; code?: string }) => {
    const at = err.lines ?? lastLine + 1;
    skipped.push(
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? {
            line: lastLine + 1,
            reason: `not valid CSV: a quote opened here or below is never closed, so lines ${lastLine + 1}–${at} cannot be read`,
          }
        : { line: at, reason: `not valid CSV: ${err.message}` },
    );
    lastLine = at;
  });
  let columns: Columns | undefined;
  const seen = new Map<string, number>();
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      while (skipped.length > 0) yield { ok: false, ...skipped.shift()! };
      const line = info.lines;
      lastLine = line;
      if (columns === undefined) {
        columns = headerColumns(record, file, line) ?? { id: 0, points: 1, platform: null, exact: true };
        if (!columns.exact) continue;
      }
      if (columns.exact && record.length !== 2) {
        yield {
          ok: false,
          line,
          reason: `expected 2 columns (platform user id, points), got ${record.length}`,
        };
        continue;
      }
      const given = columns.platform === null ? null : (record[columns.platform] ?? '');
      if (given !== null && given !== platform) {
        yield { ok: false, line, reason: `platform ${JSON.stringify(given)}: this circle is on ${platform}` };
        continue;
      }
      const userId = record[columns.id] ?? '';
      const points = record[columns.points] ?? '';
      const parsed = schema.safeParse({ userId, points });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path[0] === 'userId' ? 'user id' : 'points';
        const value = issue.path[0] === 'userId' ? userId : points;
        yield { ok: false, line, reason: `${field} ${JSON.stringify(value)}: ${issue.message}` };
        continue;
      }
      const first = seen.get(parsed.data.userId);
      if (first !== undefined) {
        yield { ok: false, line, reason: `user id ${parsed.data.userId} is already on line ${first}` };
        continue;
      }
      seen.set(parsed.data.userId, line);
      yield { ok: true, line, ...parsed.data };
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    throw new CliError(`${file} cannot be read: ${why}`, 1, { cause: err });
  }
  while (skipped.length > 0) yield { ok: false, ...skipped.shift()! };
}
