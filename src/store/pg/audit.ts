import { desc, eq } from 'drizzle-orm';
import type { AuditEntry, AuditRepo } from '../../core/repos.js';
import type { Pg } from './db.js';
import { auditLog } from './schema.js';

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

function toEntry(row: typeof auditLog.$inferSelect): AuditEntry & { id: number } {
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

/** The audit log in PostgreSQL: append-only; `list` gives a circle's newest entries first. */
export function pgAudit(pg: Pg): AuditRepo {
  return {
    async record(entry) {
      await pg.write((db) => db.insert(auditLog).values(auditValues(entry)));
    },

    async list(circleId, limit) {
      const rows = await pg.run((db) =>
        db
          .select()
          .from(auditLog)
          .where(eq(auditLog.circleId, circleId))
          .orderBy(desc(auditLog.at), desc(auditLog.id))
          .limit(limit),
      );
      return rows.map(toEntry);
    },
  };
}
