import { CircleError } from './errors.js';
import type { ChatPort } from './port.js';
import type { Platform } from './refs.js';

/** The adapters running in this process, by platform. */
export class Ports {
  readonly #byPlatform = new Map<Platform, ChatPort>();

  add(port: ChatPort): void {
    this.#byPlatform.set(port.platform, port);
  }

  /** Throws when no adapter for the platform runs (a stored circle of a platform that is switched off). */
  get(platform: Platform): ChatPort {
    const port = this.#byPlatform.get(platform);
    if (!port) throw new CircleError('CB_ERR_NO_ADAPTER', `no ${platform} adapter is running`);
    return port;
  }

  has(platform: Platform): boolean {
    return this.#byPlatform.has(platform);
  }

  all(): ChatPort[] {
    return [...this.#byPlatform.values()];
  }
}
