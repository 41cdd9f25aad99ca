import { desc, eq } from 'drizzle-orm';
import type { AuditEntry, AuditRepo } from '../../core/repos.js';
import { auditLog } from '../schema.js';
import type { Db } from './codec.js';

type Row = typeof auditLog.$inferSelect;

/** The row an `AuditEntry` becomes; shared with `GateRepo.decide`, which writes one in its transaction. */
export function auditValues(entry: AuditEntry): typeof auditLog.$inferInsert {
  return {
    circleId: entry.circleId,
    actorId: entry.actorId,
    action: entry.action,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? null,
    at: entry.at,
  };
}

function toEntry(row: Row): AuditEntry & { id: number } {
  return {
    id: row.id,
    circleId: row.circleId,
    actorId: row.actorId,
    action: row.action,
    targetId: row.targetId,
    ...(row.detail ? { detail: row.detail } : {}),
    at: row.at,
  };
}

/** The audit log in SQLite: append-only; `list` gives a circle's newest entries first. */
export function sqliteAudit(db: Db): AuditRepo {
  return {
    async record(entry) {
      db.insert(auditLog).values(auditValues(entry)).run();
    },

    async list(circleId, limit) {
      return db
        .select()
        .from(auditLog)
        .where(eq(auditLog.circleId, circleId))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit)
        .all()
        .map(toEntry);
    },
  };
}
