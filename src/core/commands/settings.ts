import type { Circle, CircleSettings } from '../circle.js';
import type { Store } from '../store.js';
import type { CommandContext } from './spec.js';

/**
 * Changes one section of the command's circle's settings (`gate`, `points`, `market` …) and returns the
 * circle as stored after. For commands that only run in a circle.
 */
export function sectionUpdater<K extends keyof CircleSettings>(store: Pick<Store, 'circles'>, section: K) {
  return (ctx: CommandContext, patch: Partial<CircleSettings[K]>): Promise<Circle> => {
    const circle = ctx.circle!;
    return store.circles.updateSettings(circle.id, {
      ...circle.settings,
      [section]: { ...circle.settings[section], ...patch },
    });
  };
}
