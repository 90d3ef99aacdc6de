/** The PostgreSQL store's feedback and learned recall weights, per tenant (every statement tenant-bound). */
import type { PoolClient } from "pg";
import type { JsonValue } from "../../spec/memory.js";
import type { FeedbackRecord, LearningStore, StoredScorer } from "../../spec/store.js";
import { tenantParameters, tenantStatement } from "./tenant-sql.js";

type Work = <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>;

interface FeedbackRow {
  id: string;
  tenant: string;
  user_id: string | null;
  agent_id: string | null;
  session_id: string | null;
  query: string;
  used: string[];
  rejected: string[];
  at: string | number;
  recorded_at: string | number;
}

function fromRow(row: FeedbackRow): FeedbackRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    user: row.user_id,
    agent: row.agent_id,
    session: row.session_id,
    query: row.query,
    used: row.used,
    rejected: row.rejected,
    at: Number(row.at),
    recordedAt: Number(row.recorded_at),
  };
}

async function list(client: PoolClient, tenant: string): Promise<FeedbackRecord[]> {
  const parameters = tenantParameters(tenant);
  const result = await client.query(
    tenantStatement(
      "SELECT f.* FROM engram_feedback AS f WHERE f.tenant = $1 ORDER BY f.recorded_at, f.id",
      parameters,
    ),
  );
  return (result.rows as FeedbackRow[]).map(fromRow);
}

async function scorerOf(client: PoolClient, tenant: string): Promise<StoredScorer | null> {
  const result = await client.query(
    tenantStatement(
      "SELECT s.file, s.updated_at FROM engram_scorers AS s WHERE s.tenant = $1",
      tenantParameters(tenant),
    ),
  );
  const row = result.rows[0] as { file: JsonValue; updated_at: string | number } | undefined;
  return row ? { tenant, file: row.file, updatedAt: Number(row.updated_at) } : null;
}

/** `read` runs a read (retried on a fresh connection), `transaction` a write in one transaction. */
export function createPostgresLearningStore(read: Work, transaction: Work): LearningStore {
  return {
    addFeedback(record, keep) {
      return transaction(async (client) => {
        await client.query(
          `INSERT INTO engram_feedback (tenant, id, user_id, agent_id, session_id, query, used, rejected, at, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            record.tenant,
            record.id,
            record.user,
            record.agent,
            record.session,
            record.query,
            JSON.stringify(record.used),
            JSON.stringify(record.rejected),
            record.at,
            record.recordedAt,
          ],
        );
        const parameters = tenantParameters(record.tenant);
        const deleted = await client.query(
          tenantStatement(
            `DELETE FROM engram_feedback AS f WHERE f.tenant = $1 AND f.id IN (
               SELECT o.id FROM engram_feedback AS o WHERE o.tenant = $1
                ORDER BY o.recorded_at DESC, o.id DESC OFFSET ${parameters.bind(keep)})`,
            parameters,
          ),
        );
        return deleted.rowCount ?? 0;
      });
    },

    feedback(tenant) {
      return read((client) => list(client, tenant));
    },

    clearFeedback(tenant) {
      return transaction(async (client) => {
        const result = await client.query(
          tenantStatement("DELETE FROM engram_feedback AS f WHERE f.tenant = $1", tenantParameters(tenant)),
        );
        return result.rowCount ?? 0;
      });
    },

    forgetInFeedback(tenant, memoryIds) {
      if (memoryIds.length === 0) return Promise.resolve(0);
      const gone = new Set(memoryIds);
      return transaction(async (client) => {
        let changed = 0;
        for (const record of await list(client, tenant)) {
          const used = record.used.filter((id) => !gone.has(id));
          const rejected = record.rejected.filter((id) => !gone.has(id));
          if (used.length === record.used.length && rejected.length === record.rejected.length) continue;
          changed++;
          const parameters = tenantParameters(tenant);
          const id = parameters.bind(record.id);
          await client.query(
            used.length === 0
              ? tenantStatement(
                  `DELETE FROM engram_feedback AS f WHERE f.tenant = $1 AND f.id = ${id}`,
                  parameters,
                )
              : tenantStatement(
                  `UPDATE engram_feedback AS f SET used = ${parameters.bind(JSON.stringify(used))}::json,
                          rejected = ${parameters.bind(JSON.stringify(rejected))}::json
                    WHERE f.tenant = $1 AND f.id = ${id}`,
                  parameters,
                ),
          );
        }
        return changed;
      });
    },

    scorer(tenant) {
      return read((client) => scorerOf(client, tenant));
    },

    setScorer(stored) {
      return transaction(async (client) => {
        await client.query(
          `INSERT INTO engram_scorers (tenant, file, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (tenant) DO UPDATE SET file = excluded.file, updated_at = excluded.updated_at`,
          [stored.tenant, JSON.stringify(stored.file), stored.updatedAt],
        );
      });
    },

    deleteScorer(tenant) {
      return transaction(async (client) => {
        const result = await client.query(
          tenantStatement("DELETE FROM engram_scorers AS s WHERE s.tenant = $1", tenantParameters(tenant)),
        );
        return (result.rowCount ?? 0) > 0;
      });
    },

    async *exportAll(tenant) {
      const tenants =
        tenant !== undefined
          ? [tenant]
          : await read(async (client) => {
              // the one read across tenants on purpose (a whole-store export)
              const result = await client.query(
                "SELECT tenant FROM engram_scorers UNION SELECT tenant FROM engram_feedback ORDER BY tenant",
              );
              return (result.rows as { tenant: string }[]).map((row) => row.tenant);
            });
      for (const t of tenants) {
        const stored = await read((client) => scorerOf(client, t));
        if (stored) yield { scorer: stored };
        for (const record of await read((client) => list(client, t))) yield { feedback: record };
      }
    },
  };
}
