/** Re-embedding a PostgreSQL store's keys (`engram reindex`) in resumable steps, the job recorded in engram_meta. */
import type pg from "pg";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { KeyTexts, ReindexJob, ReindexStore } from "../../spec/store.js";
import { storeFailure } from "./connection.js";
import type { PostgresRead } from "./graph-store.js";
import { vectorLiteral } from "./key-row.js";
import { storedJob, UPSERT_META } from "./meta.js";
import { META_KEYS, MIGRATION_LOCK } from "./schema.js";

/** Why a store refuses to bind, or to start another job, while a reindex is under way. */
export function reindexUnderWay(job: ReindexJob): EngramError {
  return new EngramError({
    code: ERROR_CODES.embedderMismatch,
    category: "user",
    message: `a reindex to ${job.target.id} is under way (${job.done} of ${job.total} memories done), so this store's vectors come from two embedders: run engram reindex with that embedder to finish it`,
  });
}

async function requireJob(client: pg.PoolClient, name: string): Promise<ReindexJob> {
  const job = await storedJob(client);
  if (!job) throw storeFailure("no reindex is under way: start one first", name);
  return job;
}

/** Memories after the job's cursor in (tenant, id) order; for "missing", those with a key without a vector. */
function jobMemories(job: ReindexJob): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (job.after) {
    params.push(job.after.tenant, job.after.id);
    conditions.push("(m.tenant, m.id) > ($1, $2)");
  }
  if (job.mode === "missing") {
    conditions.push(
      "EXISTS (SELECT 1 FROM engram_keys AS k WHERE k.tenant = m.tenant AND k.memory_id = m.id AND k.embedding IS NULL AND k.terms::text <> '[]')",
    );
  }
  return { sql: conditions.length > 0 ? conditions.join(" AND ") : "true", params };
}

/**
 * The reindex steps: reads on `read`, each change in one `transaction`; `name` is the store's, for errors.
 * @example
 * const reindex = createPostgresReindex(read, transaction, "postgres:engram");
 */
export function createPostgresReindex(
  read: PostgresRead,
  transaction: PostgresRead,
  name: string,
): ReindexStore {
  return {
    job() {
      return read((client) => storedJob(client));
    },

    start(target, mode) {
      return transaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
        const existing = await storedJob(client);
        if (existing) throw reindexUnderWay(existing);
        const draft: ReindexJob = { target, mode, after: null, done: 0, total: 0 };
        const where = jobMemories(draft);
        const counted = await client.query<{ n: number }>(
          `SELECT count(*)::integer AS n FROM engram_memories AS m WHERE ${where.sql}`,
          where.params,
        );
        draft.total = counted.rows[0]?.n ?? 0;
        await client.query(UPSERT_META, [META_KEYS.reindexJob, JSON.stringify(draft)]);
        return draft;
      });
    },

    next(limit) {
      return read(async (client): Promise<KeyTexts[]> => {
        const where = jobMemories(await requireJob(client, name));
        const memories = await client.query<{ tenant: string; id: string }>(
          `SELECT m.tenant, m.id FROM engram_memories AS m WHERE ${where.sql}
            ORDER BY m.tenant, m.id LIMIT $${where.params.length + 1}`,
          [...where.params, limit],
        );
        if (memories.rows.length === 0) return [];
        const keys = await client.query<{
          tenant: string;
          memory_id: string;
          text: string;
          has_vector: boolean;
          data_only: boolean;
        }>(
          `SELECT k.tenant, k.memory_id, k.text, k.embedding IS NOT NULL AS has_vector,
                  (k.embedding IS NULL AND k.terms::text = '[]') AS data_only
             FROM engram_keys AS k
             JOIN unnest($1::text[], $2::text[]) AS wanted (tenant, id)
               ON k.tenant = wanted.tenant AND k.memory_id = wanted.id
            ORDER BY k.tenant, k.memory_id, k.position`,
          [memories.rows.map((row) => row.tenant), memories.rows.map((row) => row.id)],
        );
        const byMemory = new Map<string, KeyTexts["keys"]>();
        for (const key of keys.rows) {
          const id = `${key.tenant}\u0000${key.memory_id}`;
          const list = byMemory.get(id) ?? [];
          list.push({ text: key.text, hasVector: key.has_vector, dataOnly: key.data_only });
          byMemory.set(id, list);
        }
        return memories.rows.map((row) => ({
          tenant: row.tenant,
          memoryId: row.id,
          keys: byMemory.get(`${row.tenant}\u0000${row.id}`) ?? [],
        }));
      });
    },

    write(updates, through, count) {
      return transaction(async (client) => {
        const job = await requireJob(client, name);
        for (const change of updates) {
          // positions follow the key order next() read: the position column, ascending
          await client.query(
            `UPDATE engram_keys SET embedding = $1::vector, dimensions = $2, scale = $3, pending_dimensions = NULL
              WHERE (tenant, memory_id, position) = (
                SELECT tenant, memory_id, position FROM engram_keys
                 WHERE tenant = $4 AND memory_id = $5 ORDER BY position OFFSET $6 LIMIT 1)`,
            [
              change.vector === null ? null : vectorLiteral(change.vector, change.scale),
              change.vector === null ? null : change.vector.length,
              change.scale,
              change.tenant,
              change.memoryId,
              change.position,
            ],
          );
        }
        const next: ReindexJob = { ...job, after: through, done: job.done + count };
        await client.query(UPSERT_META, [META_KEYS.reindexJob, JSON.stringify(next)]);
        return next;
      });
    },

    finish() {
      return transaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
        const job = await requireJob(client, name);
        await client.query(UPSERT_META, [META_KEYS.embedderId, job.target.id]);
        await client.query(UPSERT_META, [META_KEYS.embedderDimensions, String(job.target.dimensions)]);
        await client.query("DELETE FROM engram_meta WHERE key = $1", [META_KEYS.reindexJob]);
      });
    },
  };
}
