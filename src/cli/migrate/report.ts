import type { Mismatch, TableTotals } from './verify.js';

/** One table's line of the report. */
export interface ReportRow {
  readonly table: { readonly name: string };
  readonly source: TableTotals;
  readonly copy: TableTotals;
  readonly mismatch: Mismatch | null;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The per-table summary printed after the copy: rows in SQLite and in PostgreSQL and whether the column
 * checksums agree, with what differs under a table that does not match.
 */
export function formatReport(rows: readonly ReportRow[]): string {
  const width = Math.max(5, ...rows.map((r) => r.table.name.length));
  const head = `${'table'.padEnd(width)}  ${'SQLite'.padStart(10)}  ${'PostgreSQL'.padStart(10)}  check\n`;
  const lines = rows.map((r) => {
    const line = `${r.table.name.padEnd(width)}  ${count(r.source.rows).padStart(10)}  ${count(r.copy.rows).padStart(10)}  ${r.mismatch ? 'MISMATCH' : 'ok'}\n`;
    return line + (r.mismatch?.problems.map((p) => `${' '.repeat(width + 2)}${p}\n`).join('') ?? '');
  });
  return head + lines.join('');
}
