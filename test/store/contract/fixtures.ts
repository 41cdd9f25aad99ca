import { afterEach, beforeEach } from 'vitest';
import type { Circle } from '../../../src/core/circle.js';
import type { CreditReport } from '../../../src/core/credit/report.js';
import type { Platform } from '../../../src/core/refs.js';
import type { MemberRecord } from '../../../src/core/repos.js';
import type { Store } from '../../../src/core/store.js';

export type OpenStore = () => Promise<Store> | Store;

/** The store under test; a fresh one for every test. */
export interface StoreContext {
  readonly store: Store;
}

export function useStore(open: OpenStore): StoreContext {
  let current: Store | undefined;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get store() {
      if (!current) throw new Error('no store outside a test');
      return current;
    },
  };
}

/** Test time: minutes after a fixed start, never the wall clock. */
export const T0 = Date.UTC(2026, 0, 1, 12);
export const DAY = 24 * 60;
export const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

/** A Discord-sized id: bigger than 2^53, so it only survives as text. */
export const SNOWFLAKE = '1234567890123456789012';

export function aCircle(store: Store, id = '-1001', platform: Platform = 'telegram'): Promise<Circle> {
  return store.circles.ensure({ platform, id }, 'Book club', at(0));
}

export function aMember(store: Store, id: string, username?: string): Promise<MemberRecord> {
  return store.members.upsert({ platform: 'telegram', id }, username ? { username } : undefined, at(0));
}

export function aReport(score: number, fetchedAt: Date): CreditReport {
  return {
    score,
    verified: true,
    factors: [{ key: 'tenure', points: 40, value: 120 }],
    source: 'community',
    fetchedAt,
  };
}
