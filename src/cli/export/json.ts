import type { Circle } from '../../core/circle.js';
import type { Progress } from '../progress.js';
import type { Sink } from '../sink.js';
import type { ExportSource, Rows } from './source.js';

/** Bumped when a field changes meaning or goes away (new fields do not bump it). */
export const EXPORT_VERSION = 1;

/**
 * Writes the circle as one JSON document: the circle with its settings, then its members, ledger,
 * applications, offers and clicks as arrays with one element per line. Each row is written as it is read,
 * so the document is never held in memory. Returns how many rows each section had.
 */
export async function writeJsonExport(
  circle: Circle,
  source: ExportSource,
  sink: Sink,
  progress: Progress,
  exportedAt: Date,
): Promise<Record<string, number>> {
  const head = {
    format: 'circlebot-export',
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    circle: {
      id: circle.id,
      platform: circle.chat.platform,
      chatId: circle.chat.id,
      title: circle.title,
      lang: circle.lang,
      createdAt: circle.createdAt.toISOString(),
      settings: circle.settings,
    },
  };
  // The head without its closing brace: the sections follow as further keys.
  await sink.write(`${JSON.stringify(head).slice(0, -1)},\n`);
  const sections: Array<[string, () => Rows<unknown>]> = [
    ['members', () => source.members(circle.id)],
    ['ledger', () => source.ledger(circle.id)],
    ['applications', () => source.applications(circle.id)],
    ['offers', () => source.offers(circle.id)],
    ['clicks', () => source.clicks(circle.id)],
  ];
  const written: Record<string, number> = {};
  for (const [index, [name, rows]] of sections.entries()) {
    await sink.write(`${JSON.stringify(name)}:[`);
    let n = 0;
    for await (const row of rows()) {
      await sink.write(`${n === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
      n++;
      progress.increment();
    }
    written[name] = n;
    await sink.write(`${n === 0 ? '' : '\n'}]${index === sections.length - 1 ? '\n}\n' : ',\n'}`);
  }
  return written;
}
