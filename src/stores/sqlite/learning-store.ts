/** The SQLite store's feedback and learned recall weights, per tenant, in the same file as the memories. */
import type Database from "better-sqlite3";
import type { JsonValue } from "../../spec/memory.js";
import type { FeedbackRecord, LearningStore, StoredScorer } from "../../spec/store.js";

interface FeedbackRow {
  id: string;
  tenant: string;
  user_id: string | null;
  agent_id: string | null;
  session_id: string | null;
  query: string;
  used: string;
  rejected: string;
  at: number;
  recorded_at: number;
}

function fromRow(row: FeedbackRow): FeedbackRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    user: row.user_id,
    agent: row.agent_id,
    session: row.session_id,
    query: row.query,
    used: JSON.parse(row.used) as string[],
    rejected: JSON.parse(row.rejected) as string[],
    at: row.at,
    recordedAt: row.recorded_at,
  };
}

/** `call` runs the work as the store's other methods do (closed-store check, errors turned into EngramErrors). */
export function createSqliteLearningStore(
  db: Database.Database,
  call: <T>(work: () => T) => Promise<T>,
  // the connection's statement cache: preparing a statement costs more than most of these reads
  statement: (sql: string) => Database.Statement = (sql) => db.prepare(sql),
): LearningStore {
  const list = (tenant: string) =>
    (
      statement("SELECT * FROM feedback WHERE tenant = ? ORDER BY recorded_at, id").all(
        tenant,
      ) as FeedbackRow[]
    ).map(fromRow);
  const scorer = (tenant: string): StoredScorer | null => {
    const row = statement("SELECT file, updated_at FROM scorers WHERE tenant = ?").get(tenant) as
      | { file: string; updated_at: number }
      | undefined;
    return row ? { tenant, file: JSON.parse(row.file) as JsonValue, updatedAt: row.updated_at } : null;
  };
  return {
    addFeedback(record, keep) {
      return call(() =>
        db.transaction(() => {
          statement(
            `INSERT INTO feedback (id, tenant, user_id, agent_id, session_id, query, used, rejected, at, recorded_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            record.id,
            record.tenant,
            record.user,
            record.agent,
            record.session,
            record.query,
            JSON.stringify(record.used),
            JSON.stringify(record.rejected),
            record.at,
            record.recordedAt,
          );
          return statement(
            `DELETE FROM feedback WHERE tenant = ? AND id IN (
                 SELECT id FROM feedback WHERE tenant = ? ORDER BY recorded_at DESC, id DESC LIMIT -1 OFFSET ?)`,
          ).run(record.tenant, record.tenant, keep).changes;
        })(),
      );
    },

    feedback(tenant) {
      return call(() => list(tenant));
    },

    clearFeedback(tenant) {
      return call(() => statement("DELETE FROM feedback WHERE tenant = ?").run(tenant).changes);
    },

    forgetInFeedback(tenant, memoryIds) {
      return call(() => {
        if (memoryIds.length === 0) return 0;
        const gone = new Set(memoryIds);
        return db.transaction(() => {
          let changed = 0;
          for (const record of list(tenant)) {
            const used = record.used.filter((id) => !gone.has(id));
            const rejected = record.rejected.filter((id) => !gone.has(id));
            if (used.length === record.used.length && rejected.length === record.rejected.length) continue;
            changed++;
            if (used.length === 0) statement("DELETE FROM feedback WHERE id = ?").run(record.id);
            else
              statement("UPDATE feedback SET used = ?, rejected = ? WHERE id = ?").run(
                JSON.stringify(used),
                JSON.stringify(rejected),
                record.id,
              );
          }
          return changed;
        })();
      });
    },

    scorer(tenant) {
      return call(() => scorer(tenant));
    },

    setScorer(stored) {
      return call(() => {
        statement(
          `INSERT INTO scorers (tenant, file, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (tenant) DO UPDATE SET file = excluded.file, updated_at = excluded.updated_at`,
        ).run(stored.tenant, JSON.stringify(stored.file), stored.updatedAt);
      });
    },

    deleteScorer(tenant) {
      return call(() => statement("DELETE FROM scorers WHERE tenant = ?").run(tenant).changes > 0);
    },

    async *exportAll(tenant) {
      const tenants = await call(() =>
        tenant !== undefined
          ? [tenant]
          : (statement("SELECT tenant FROM scorers UNION SELECT tenant FROM feedback ORDER BY tenant")
              .pluck()
              .all() as string[]),
      );
      for (const t of tenants) {
        const stored = await call(() => scorer(t));
        if (stored) yield { scorer: stored };
        for (const record of await call(() => list(t))) yield { feedback: record };
      }
    },
  };
}
