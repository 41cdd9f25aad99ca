import pino from 'pino';
import { ManualClock } from '../../src/core/clock.js';
import { builtinFeature } from '../../src/core/commands/builtin.js';
import { type Core, createCore } from '../../src/core/core.js';
import { createCommunityCredit } from '../../src/core/credit/community.js';
import { CreditService } from '../../src/core/credit/service.js';
import type { Feature } from '../../src/core/feature.js';
import { gateFeature } from '../../src/core/gate/feature.js';
import { membershipFeature } from '../../src/core/members.js';
import { pointsFeature } from '../../src/core/points/feature.js';
import type { ChatPort } from '../../src/core/port.js';
import { Ports } from '../../src/core/ports.js';
import type { Store } from '../../src/core/store.js';
import { createMetrics } from '../../src/metrics.js';
import { openSqliteStore } from '../../src/store/open.js';

/** A Telegram port that does nothing and counts what the core asked of it. */
export function recordingPort(): ChatPort & { readonly calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const note = (method: string) => calls.set(method, (calls.get(method) ?? 0) + 1);
  let sent = 0;
  return {
    platform: 'telegram',
    capabilities: new Set(['join_requests', 'buttons', 'direct_messages', 'delete_messages']),
    calls,
    async send(chat) {
      note('send');
      return { chat, messageId: String(++sent) };
    },
    async sendDirect(member) {
      note('sendDirect');
      return { chat: member, messageId: String(++sent) };
    },
    async edit() {
      note('edit');
    },
    async deleteMessage() {
      note('deleteMessage');
    },
    async acknowledge() {
      note('acknowledge');
    },
    async approveJoin() {
      note('approveJoin');
      return 'done';
    },
    async declineJoin() {
      note('declineJoin');
      return 'done';
    },
    async kick() {
      note('kick');
    },
    async isAdmin() {
      note('isAdmin');
      return false;
    },
    async registerCommands() {},
    async checkSetup() {
      return [];
    },
  };
}

/** The core wired as `src/app.ts` wires it (same features, metrics observer), minus adapters and HTTP. */
export interface WiredBot<P extends ChatPort = ReturnType<typeof recordingPort>> {
  readonly core: Core;
  readonly store: Store;
  readonly clock: ManualClock;
  readonly port: P;
  stop(): Promise<void>;
}

export type PointsBot = WiredBot;

export function startPointsBot(dbFile: string): PointsBot {
  return wireBot(openSqliteStore(dbFile), recordingPort());
}

/** Wires the core over `store` (SQLite or PostgreSQL) and `port`; `stop` drains it and closes the store. */
export function wireBot<P extends ChatPort>(store: Store, port: P): WiredBot<P> {
  const log = pino({ level: 'silent' });
  const clock = new ManualClock();
  const credit = new CreditService({
    providers: [createCommunityCredit({ repo: store.credit, clock })],
    repo: store.credit,
    clock,
    log,
  });
  const ports = new Ports(() => store.flush());
  ports.add(port);
  const features: Feature[] = [];
  features.push(
    builtinFeature({ store, ports, features: () => features }),
    membershipFeature({ store, clock }),
    gateFeature({ store, ports, clock, log, credit }),
    // Every counted message earns the minimum (15 by default), so the totals can be checked.
    pointsFeature({ store, ports, clock, log, random: () => 0 }),
  );
  const core = createCore({ store, ports, clock, log, observer: createMetrics().observer, features });
  return {
    core,
    store,
    clock,
    port,
    async stop() {
      await core.drain();
      await store.close();
    },
  };
}
