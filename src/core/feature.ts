import type { Circle } from './circle.js';
import type { CommandSpec } from './commands/spec.js';
import type { ChatEvent } from './events.js';
import type { Lang } from './i18n/index.js';
import type { ChatPort } from './port.js';
import type { MemberRecord } from './repos.js';

/** What an event handler gets beside the event: the circle (null in a private chat), the actor, the port. */
export interface EventContext<E extends ChatEvent = ChatEvent> {
  readonly event: E;
  readonly circle: Circle | null;
  readonly member: MemberRecord;
  readonly lang: Lang;
  readonly port: ChatPort;
}

export type EventHandlers = {
  [K in ChatEvent['kind']]?: (ctx: EventContext<Extract<ChatEvent, { kind: K }>>) => Promise<void>;
};

/**
 * A capability plugged into the core (base commands, the gate, points, the market): its commands,
 * event handlers, button prefixes and durable job kinds. Handlers of several features all run for an event.
 */
export interface Feature {
  readonly name: string;
  readonly commands?: readonly CommandSpec[];
  readonly on?: EventHandlers;
  /** Button data `prefix:…` is routed to the feature that claims `prefix`. */
  readonly buttons?: Readonly<
    Record<string, (ctx: EventContext<Extract<ChatEvent, { kind: 'button' }>>) => Promise<void>>
  >;
  /** Lines this feature adds to `/setup` for a circle (its settings, in the circle's language). */
  readonly describe?: (circle: Circle, lang: Lang) => readonly string[];
  /** Durable job kinds this feature runs. */
  readonly jobs?: Readonly<Record<string, (payload: unknown) => Promise<void>>>;
}
