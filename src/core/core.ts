import type { Circle } from './circle.js';
import type { Clock } from './clock.js';
import { createDispatcher } from './commands/dispatch.js';
import type { CommandSpec } from './commands/spec.js';
import type { ChatEvent } from './events.js';
import type { EventContext, EventHandlers, Feature } from './feature.js';
import { langFromCode } from './i18n/index.js';
import type { Logger } from './logger.js';
import { type Observer, silentObserver } from './observer.js';
import type { Ports } from './ports.js';
import { refKey } from './refs.js';
import { type JobHandler, Scheduler } from './scheduler.js';
import { SerialQueues } from './serial.js';
import type { Store } from './store.js';

export interface CoreDeps {
  readonly store: Store;
  readonly ports: Ports;
  readonly clock: Clock;
  readonly log: Logger;
  readonly observer?: Observer;
  readonly features: readonly Feature[];
  /** How long a claimed job stays this process's before another may take it (default: the scheduler's). */
  readonly jobLeaseMs?: number;
}

/** The platform-free bot: adapters hand it events; it answers through the ports. */
export interface Core {
  /**
   * Handles one event. Events of one chat run in order; resolves once the event's state is committed (a
   * group commit with other events) and its replies are sent, so an adapter may acknowledge the update
   * then. A failing rule is logged, never thrown; it rejects only when the store cannot commit, and then
   * the update must not be acknowledged.
   */
  handle(event: ChatEvent): Promise<void>;
  readonly commands: readonly CommandSpec[];
  readonly scheduler: Scheduler;
  /** Waits for every event under way. */
  drain(): Promise<void>;
}

/** Whether the event happened inside a group (so it belongs to a circle). */
function groupChatOf(event: ChatEvent): boolean {
  switch (event.kind) {
    case 'message':
    case 'command':
      return !event.private;
    case 'join_requested':
    case 'member_joined':
    case 'member_left':
    case 'reaction':
    case 'bot_added':
      return true;
    case 'chat_migrated':
    case 'answer':
    case 'button':
    case 'payment_check':
    case 'payment_completed':
      return false;
  }
}

export function createCore(deps: CoreDeps): Core {
  const { store, ports, clock, log, features } = deps;
  const observer = deps.observer ?? silentObserver;
  const commands = features.flatMap((f) => f.commands ?? []);
  const dispatch = createDispatcher({ commands, audit: store.audit, jobs: store.jobs, clock, log, observer });
  const queues = new SerialQueues();

  const buttonRoutes = new Map<string, NonNullable<Feature['buttons']>[string]>();
  const jobHandlers = new Map<string, JobHandler>();
  for (const feature of features) {
    for (const [prefix, handler] of Object.entries(feature.buttons ?? {})) buttonRoutes.set(prefix, handler);
    for (const [kind, handler] of Object.entries(feature.jobs ?? {})) jobHandlers.set(kind, handler);
  }
  const scheduler = new Scheduler({
    jobs: store.jobs,
    clock,
    log,
    handlers: jobHandlers,
    ...(deps.jobLeaseMs === undefined ? {} : { leaseMs: deps.jobLeaseMs }),
  });

  async function route(event: ChatEvent): Promise<void> {
    const port = ports.get(event.chat.platform);
    if (event.kind === 'chat_migrated') {
      const moved = await store.circles.moveChat(event.chat, event.to);
      log.info({ from: refKey(event.chat), to: refKey(event.to), moved }, 'chat migrated');
      return;
    }
    const member = await store.members.upsert(event.member, event.profile, clock.now());
    let circle: Circle | null = null;
    if (groupChatOf(event))
      circle = await store.circles.ensure(event.chat, event.chatTitle ?? null, clock.now());
    const lang = circle?.lang ?? langFromCode(event.profile?.languageCode);
    const ctx = { event, circle, member, lang, port } as EventContext;

    if (event.kind === 'command') {
      await dispatch(ctx as EventContext<typeof event>);
    } else if (event.kind === 'button') {
      const prefix = event.data.split(':', 1)[0] ?? '';
      const handler = buttonRoutes.get(prefix);
      if (handler) await handler(ctx as EventContext<typeof event>);
      else await port.acknowledge(event.interactionId);
    }
    for (const feature of features) {
      const handler = feature.on?.[event.kind] as ((c: EventContext) => Promise<void>) | undefined;
      if (handler) await handler(ctx);
    }
  }

  async function handleNow(event: ChatEvent): Promise<void> {
    observer.eventHandled(event.kind);
    const platform = event.chat.platform;
    try {
      if (event.updateId !== undefined && (await store.updates.seen(platform, event.updateId))) {
        log.debug({ updateId: event.updateId, platform }, 'duplicate update skipped');
        return;
      }
      await route(event);
      if (event.updateId !== undefined) await store.updates.record(platform, event.updateId, clock.now());
    } catch (err) {
      observer.error(`event.${event.kind}`);
      log.error(
        { err, kind: event.kind, chat: refKey(event.chat), member: refKey(event.member) },
        'event failed',
      );
    }
  }

  /** Events handed in and not yet settled, including those still waiting for their chat's turn. */
  const underWay = new Set<Promise<void>>();

  return {
    commands,
    scheduler,
    handle(event) {
      const chat = refKey(event.chat);
      // The commit wait sits outside the chat's queue, so a busy chat's events share one commit (SQLite).
      // The turn holds the chat across processes (PostgreSQL) from before the dedupe check until after the
      // last commit, so a copy of this update handled elsewhere either finished (and is seen) or is waited for.
      const handled = store.updates.turn(chat, () =>
        store.durably(() => queues.run(chat, () => handleNow(event))),
      );
      underWay.add(handled);
      void handled.then(
        () => underWay.delete(handled),
        () => underWay.delete(handled),
      );
      return handled;
    },
    async drain() {
      while (underWay.size > 0) await Promise.allSettled([...underWay]);
      await queues.drain();
    },
  };
}

export type { EventHandlers };
