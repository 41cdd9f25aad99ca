import type { Circle } from '../core/circle.js';
import { PLATFORMS, type Platform } from '../core/refs.js';
import type { CircleRepo } from '../core/repos.js';
import { CliError, usageError } from './errors.js';

/**
 * Finds the circle an operator named: its id (`3`) or its chat (`telegram:-100123`, `discord:<guild id>`).
 * Throws a usage error for a malformed name and `CliError` when no such circle is in the database.
 */
export async function findCircle(circles: Pick<CircleRepo, 'byId' | 'find'>, name: string): Promise<Circle> {
  const trimmed = name.trim();
  if (/^\d+$/.test(trimmed)) {
    const circle = await circles.byId(Number(trimmed));
    if (circle) return circle;
    throw new CliError(
      `no circle with id ${trimmed} in the database (to name one by its chat, write e.g. discord:${trimmed})`,
    );
  }
  const match = /^([a-z]+):(.+)$/.exec(trimmed);
  if (!match || !PLATFORMS.includes(match[1] as Platform)) {
    throw usageError(
      `circle ${JSON.stringify(name)}: expected a circle id or a chat such as telegram:-100123 (platforms: ${PLATFORMS.join(', ')})`,
    );
  }
  const chat = { platform: match[1] as Platform, id: match[2]! };
  const circle = await circles.find(chat);
  if (!circle) throw new CliError(`no circle for ${chat.platform}:${chat.id} in the database`);
  return circle;
}
