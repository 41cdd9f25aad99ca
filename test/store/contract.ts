import { describe } from 'vitest';
import type { Store } from '../../src/core/store.js';
import { describeAutomationContract } from './contract/automation.js';
import { describeCreditContract } from './contract/credit.js';
import { describeDashboardContract } from './contract/dashboard.js';
import { type OpenStore, useStore } from './contract/fixtures.js';
import { describeGateContract } from './contract/gate.js';
import { describeJobsContract } from './contract/jobs.js';
import { describeMarketContract } from './contract/market.js';
import { describePaymentsContract } from './contract/payments.js';
import { describePeopleContract } from './contract/people.js';
import { describePointsContract } from './contract/points.js';
import { describePrivacyContract } from './contract/privacy.js';
import { describeRefundsContract } from './contract/refunds.js';
import { describeSchedulesContract } from './contract/schedules.js';

/**
 * The repository tests every `Store` backend must pass, written against the `Store` interface only.
 * `open` must return a fresh, empty, migrated store each time it is called (once per test).
 */
export function describeStoreContract(name: string, open: () => Promise<Store> | Store): void {
  describe(`${name} store`, () => {
    const ctx = useStore(open satisfies OpenStore);
    describePeopleContract(ctx);
    describeJobsContract(ctx);
    describeGateContract(ctx);
    describeCreditContract(ctx);
    describePointsContract(ctx);
    describeMarketContract(ctx);
    describeSchedulesContract(ctx);
    describePaymentsContract(ctx);
    describeRefundsContract(ctx);
    describeDashboardContract(ctx);
    describePrivacyContract(ctx);
    describeAutomationContract(ctx);
  });
}
