import type { AutomationRepo } from './automation/repo.js';
import type { CreditRepo } from './credit/repo.js';
import type { DashboardRepo } from './dashboard/repo.js';
import type { GateRepo } from './gate/repo.js';
import type { MarketRepo, PaymentRepo } from './market/repo.js';
import type { PointsRepo } from './points/repo.js';
import type { PrivacyRepo } from './privacy/repo.js';
import type { AuditRepo, CircleRepo, JobRepo, MemberRepo, MembershipRepo, UpdateLog } from './repos.js';

/**
 * Every repository the core uses. `src/store` implements it with drizzle (SQLite now; PostgreSQL is a
 * second implementation of the same interface). Each method is atomic on its own.
 */
export interface Store {
  readonly circles: CircleRepo;
  readonly members: MemberRepo;
  readonly memberships: MembershipRepo;
  readonly audit: AuditRepo;
  readonly updates: UpdateLog;
  readonly jobs: JobRepo;
  readonly gate: GateRepo;
  readonly credit: CreditRepo;
  readonly points: PointsRepo;
  readonly market: MarketRepo;
  readonly payments: PaymentRepo;
  readonly privacy: PrivacyRepo;
  readonly dashboard: DashboardRepo;
  readonly automation: AutomationRepo;
  /**
   * Runs `work` so that its writes are committed together with those of other events handled at about the
   * same time (a group commit); resolves only once they are durable. Rejects when the commit fails.
   */
  durably<T>(work: () => Promise<T>): Promise<T>;
  /** Commits the open group now. Called before any platform call, so no reply runs ahead of its state. */
  flush(): Promise<void>;
  /** Round-trips a trivial query; resolves with its latency in milliseconds, rejects when the db is down. */
  ping(): Promise<number>;
  close(): Promise<void>;
}
