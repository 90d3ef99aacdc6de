/** Re-embedding a SQLite store's keys (`engram reindex`) in resumable steps, the job recorded in the file's meta table. */
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { KeyTexts, ReindexJob, ReindexStore } from "../../spec/store.js";
import { storeFailure } from "../runtime/store-errors.js";
import { runAsync as run, type SqliteConnection } from "./connection.js";
import { vectorBlob } from "./key-row.js";
import { META_KEYS, readMeta, writeMeta } from "./schema.js";

/** Why a store refuses to bind, or to start another job, while a reindex is under way. */
export function reindexUnderWay(job: ReindexJob): EngramError {
  return new EngramError({
    code: ERROR_CODES.embedderMismatch,
    category: "user",
    message: `a reindex to ${job.target.id} is under way (${job.done} of ${job.total} memories done), so this store's vectors come from two embedders: run engram reindex with that embedder to finish it`,
  });
}

/** The job under way, or null. */
export function storedJob(connection: SqliteConnection): ReindexJob | null {
  const text = readMeta(connection.db, META_KEYS.reindexJob);
  return text === undefined ? null : (JSON.parse(text) as ReindexJob);
}

/**
 * The reindex steps over a connection; each write or finish drops the connection's caches.
 * @example
 * const reindex = createSqliteReindex(connection);
 * await reindex.start({ id: "bge-small@1", dimensions: 384 }, "all");
 */
export function createSqliteReindex(connection: SqliteConnection): ReindexStore {
  const { db, statement } = connection;
  function requireJob(): ReindexJob {
    const job = storedJob(connection);
    if (!job) throw storeFailure("no reindex is under way: start one first", connection.path);
    return job;
  }

  /** Memories after the cursor, in (tenant, id) order; for "missing", only those with a key without a vector. */
  function jobMemories(job: ReindexJob): { sql: string; params: unknown[] } {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (job.after) {
      conditions.push("(m.tenant, m.id) > (?, ?)");
      params.push(job.after.tenant, job.after.id);
    }
    if (job.mode === "missing") {
      conditions.push(
        "EXISTS (SELECT 1 FROM keys AS k WHERE k.memory_id = m.id AND k.vector IS NULL AND k.terms <> '[]')",
      );
    }
    return { sql: conditions.length > 0 ? conditions.join(" AND ") : "1", params };
  }

  return {
    job() {
      return run(() => storedJob(connection));
    },

    start(target, mode) {
      return run(() =>
        db
          .transaction((): ReindexJob => {
            const existing = storedJob(connection);
            if (existing) throw reindexUnderWay(existing);
            const draft: ReindexJob = { target, mode, after: null, done: 0, total: 0 };
            const where = jobMemories(draft);
            draft.total = statement(`SELECT count(*) FROM memories AS m WHERE ${where.sql}`)
              .pluck()
              .get(...where.params) as number;
            writeMeta(db, META_KEYS.reindexJob, JSON.stringify(draft));
            return draft;
          })
          .immediate(),
      );
    },

    next(limit) {
      return run((): KeyTexts[] => {
        const where = jobMemories(requireJob());
        const memories = statement(
          `SELECT m.tenant, m.id FROM memories AS m WHERE ${where.sql} ORDER BY m.tenant, m.id LIMIT ?`,
        ).all(...where.params, limit) as { tenant: string; id: string }[];
        if (memories.length === 0) return [];
        const keys = statement(
          `SELECT memory_id, text, vector IS NOT NULL AS has_vector, (vector IS NULL AND terms = '[]') AS data_only FROM keys
          WHERE memory_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
        ).all(JSON.stringify(memories.map((memory) => memory.id))) as {
          memory_id: string;
          text: string;
          has_vector: number;
          data_only: number;
        }[];
        const byMemory = new Map<string, KeyTexts["keys"]>();
        for (const key of keys) {
          const list = byMemory.get(key.memory_id) ?? [];
          list.push({ text: key.text, hasVector: key.has_vector === 1, dataOnly: key.data_only === 1 });
          byMemory.set(key.memory_id, list);
        }
        return memories.map((memory) => ({
          tenant: memory.tenant,
          memoryId: memory.id,
          keys: byMemory.get(memory.id) ?? [],
        }));
      });
    },

    write(updates, through, count) {
      return run(() => {
        const done = db
          .transaction((): ReindexJob => {
            const job = requireJob();
            const keyIds = statement(
              "SELECT id FROM keys WHERE memory_id = ? AND tenant = ? ORDER BY id",
            ).pluck();
            const update = statement("UPDATE keys SET vector = ?, scale = ? WHERE id = ?");
            for (const change of updates) {
              const ids = keyIds.all(change.memoryId, change.tenant) as number[];
              const id = ids[change.position];
              if (id === undefined) continue; // forgotten since it was read
              update.run(change.vector === null ? null : vectorBlob(change.vector), change.scale, id);
            }
            const next: ReindexJob = { ...job, after: through, done: job.done + count };
            writeMeta(db, META_KEYS.reindexJob, JSON.stringify(next));
            return next;
          })
          .immediate();
        connection.invalidate();
        return done;
      });
    },

    finish() {
      return run(() => {
        db.transaction(() => {
          const job = requireJob();
          writeMeta(db, META_KEYS.embedderId, job.target.id);
          writeMeta(db, META_KEYS.embedderDimensions, String(job.target.dimensions));
          db.prepare("DELETE FROM meta WHERE key = ?").run(META_KEYS.reindexJob);
        }).immediate();
        connection.invalidate();
      });
    },
  };
}
