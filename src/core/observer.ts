import type { ChatEventKind } from './events.js';

/** What the core reports for metrics; `src/metrics.ts` implements it with prom-client. */
export interface Observer {
  eventHandled(kind: ChatEventKind): void;
  commandRun(name: string, outcome: 'ok' | 'refused' | 'invalid' | 'unknown' | 'error' | 'limited'): void;
  error(where: string): void;
}

export const silentObserver: Observer = {
  eventHandled: () => {},
  commandRun: () => {},
  error: () => {},
};
