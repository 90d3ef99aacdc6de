/**
 * The SQLite store's writes, each one transaction: a batch (memories, keys, full-text rows, reinforcements, graph),
 * patches (archive, restore, strength), and forgetting. Once committed, the vector indexes follow in place.
 */
import type { ForgetSelector, MemoryPatch, WriteBatch } from "../../spec/store.js";
import { MEMORY_COLUMN_COUNT, MEMORY_COLUMNS, memoryRowValues } from "../memory-row.js";
import { duplicateMemoryId, reinforcementNotFound, storeFailure } from "../runtime/store-errors.js";
import type { VectorState } from "../runtime/store-rules.js";
import type { SqliteConnection } from "./connection.js";
import type { SqliteGraphStore } from "./graph-store.js";
import { type KeyRow, keyTermsText, parseJson, termsText, vectorBlob } from "./key-row.js";
import { scopeText } from "./lexical-search.js";
import type { SqliteVectors } from "./vector-search.js";

/** What the writes work on: the connection, the graph in the same file, and the vector indexes to keep current. */
export interface SqliteWriteContext {
  connection: SqliteConnection;
  graph: SqliteGraphStore;
  vectors: SqliteVectors;
}

/**
 * Commits a batch: `check` (the runtime's rule) sees the vector state first and refuses a bad batch before anything
 * is written; an id any tenant uses, or a reinforcement of a memory the tenant lacks, rolls the whole batch back.
 */
export function writeBatch(
  { connection, graph, vectors }: SqliteWriteContext,
  batch: WriteBatch,
  check: (state: VectorState) => number | null,
): void {
  const { db, statement } = connection;
  connection.sync();
  const dimensions = check(connection.vectorState());
  const insertMemory = statement(
    `INSERT INTO memories (${MEMORY_COLUMNS}) VALUES (${Array(MEMORY_COLUMN_COUNT).fill("?").join(", ")})`,
  );
  const existingIds = statement(
    "SELECT id FROM memories WHERE id IN (SELECT value FROM json_each(?))",
  ).pluck();
  const insertKey = statement(
    "INSERT INTO keys (memory_id, tenant, kind, text, terms, vector, scale) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const insertTerms = statement("INSERT INTO keys_fts (rowid, terms, scope) VALUES (?, ?, ?)");
  const selectForReinforcement = statement("SELECT tenant, sources, last_seen_at FROM memories WHERE id = ?");
  const reinforce = statement(
    "UPDATE memories SET sources = ?, count = count + 1, last_seen_at = ?, strength = ? WHERE id = ?",
  );
  const bumpGeneration = statement("UPDATE cache_generation SET value = value + 1");
  const keyIds: number[][] = [];
  const indexed: { terms: string; scope: string }[] = [];
  db.transaction(() => {
    // an id that is stored already, or that comes twice in the batch, is refused at its first position: one look-up
    // for the batch instead of one a memory
    const taken = new Set(
      existingIds.all(JSON.stringify(batch.inserts.map(({ record }) => record.id))) as string[],
    );
    for (const [position, { record }] of batch.inserts.entries()) {
      if (taken.has(record.id)) throw duplicateMemoryId(record.id, position);
      taken.add(record.id);
    }
    for (const { record, keys } of batch.inserts) {
      const ids: number[] = [];
      keyIds.push(ids);
      insertMemory.run(...memoryRowValues(record));
      for (const key of keys) {
        const keyId = insertKey.run(
          record.id,
          record.tenant,
          key.kind,
          key.text,
          JSON.stringify(key.terms),
          key.vector === null ? null : vectorBlob(key.vector),
          key.scale,
        ).lastInsertRowid;
        ids.push(Number(keyId));
        // Every key has an FTS row (possibly empty), so keys and keys_fts stay one to one.
        const row = { terms: termsText(key.terms), scope: scopeText(record.tenant, record.user) };
        insertTerms.run(keyId, row.terms, row.scope);
        indexed.push(row);
      }
    }
    for (const [position, reinforcement] of batch.reinforcements.entries()) {
      const row = selectForReinforcement.get(reinforcement.memoryId) as
        | { tenant: string; sources: string; last_seen_at: number }
        | undefined;
      if (!row || row.tenant !== reinforcement.tenant) {
        throw reinforcementNotFound(reinforcement.tenant, reinforcement.memoryId, position);
      }
      const sources = parseJson(row.sources, "sources", reinforcement.memoryId);
      if (!Array.isArray(sources)) {
        throw storeFailure(`the stored sources of memory ${reinforcement.memoryId} are not a JSON array`);
      }
      sources.push(reinforcement.source);
      reinforce.run(
        JSON.stringify(sources),
        Math.max(row.last_seen_at, reinforcement.source.occurredAt),
        reinforcement.strength,
        reinforcement.memoryId,
      );
    }
    if (batch.graph) graph.apply(batch.graph);
    // what the dropped per-row trigger on keys did, once for the batch (schema.ts, version 9)
    if (keyIds.some((ids) => ids.length > 0)) bumpGeneration.run();
  })();

  // Committed: bring the caches up to date in place.
  connection.wrote();
  connection.termsChanged(indexed, 1);
  if (dimensions !== null && connection.cachedDimensions() !== dimensions) {
    vectors.drop();
    connection.setDimensions(dimensions);
  }
  vectors.added(batch, keyIds);
}

/** Applies checked patches (one per memory) in one transaction; returns the ids of the tenant that were updated. */
export function updateMemories(
  { connection, vectors }: Pick<SqliteWriteContext, "connection" | "vectors">,
  tenant: string,
  patches: MemoryPatch[],
): string[] {
  const { db, statement } = connection;
  connection.sync();
  const select = statement("SELECT tenant, status FROM memories WHERE id = ?");
  const update = statement(
    `UPDATE memories SET status = coalesce(?, status), strength = coalesce(?, strength),
       last_seen_at = coalesce(?, last_seen_at) WHERE id = ?`,
  );
  const statusChanges = new Map<string, string>();
  const updated = db.transaction(() => {
    const ids: string[] = [];
    for (const patch of patches) {
      const row = select.get(patch.id) as { tenant: string; status: string } | undefined;
      if (!row || row.tenant !== tenant) continue;
      update.run(patch.status ?? null, patch.strength ?? null, patch.lastSeenAt ?? null, patch.id);
      if (patch.status !== undefined && patch.status !== row.status)
        statusChanges.set(patch.id, patch.status);
      ids.push(patch.id);
    }
    return ids;
  })();
  // Committed: the vector cache and the in-memory lexical scopes filter on status, so they follow at once.
  vectors.statusChanged(tenant, statusChanges);
  if (statusChanges.size > 0) connection.statusesChanged();
  return updated;
}

/**
 * Removes the selected memories with their keys, full-text rows and graph rows (a whole user's, agent's or tenant's
 * graph when the selector names no ids and no session). Returns the removed ids by occurredAt then id.
 */
export function forgetMemories(
  { connection, graph, vectors }: SqliteWriteContext,
  selector: ForgetSelector,
): string[] {
  const { db, statement } = connection;
  connection.sync();
  // with ids, "+tenant" keeps SQLite on the primary key: the tenant's index would walk every memory of the tenant
  const conditions = [selector.ids === undefined ? "tenant = ?" : "+tenant = ?"];
  const params: unknown[] = [selector.tenant];
  for (const [column, value] of [
    ["user_id", selector.user],
    ["agent_id", selector.agent],
    ["session_id", selector.session],
  ] as const) {
    if (value === undefined) continue;
    conditions.push(`${column} = ?`);
    params.push(value);
  }
  if (selector.ids !== undefined) {
    conditions.push("id IN (SELECT value FROM json_each(?))");
    params.push(JSON.stringify(selector.ids));
  }
  const unindexed: { terms: string; scope: string }[] = [];
  const removed = db.transaction(() => {
    const ids = statement(
      `SELECT id FROM memories WHERE ${conditions.join(" AND ")} ORDER BY occurred_at, id`,
    )
      .pluck()
      .all(...params) as string[];
    // forgetting a user, agent or tenant forgets its graph too
    if (selector.ids === undefined && selector.session === undefined) graph.forgetScope(selector);
    if (ids.length === 0) return ids;
    const list = JSON.stringify(ids);
    const keyRows = statement(
      `SELECT k.id, k.memory_id, k.terms, m.tenant, m.user_id FROM keys AS k JOIN memories AS m ON m.id = k.memory_id
        WHERE k.memory_id IN (SELECT value FROM json_each(?))`,
    ).all(list) as (Pick<KeyRow, "id" | "memory_id" | "terms"> & {
      tenant: string;
      user_id: string | null;
    })[];
    // The 'delete' command takes the row out of the index and out of BM25's statistics; it needs the exact
    // text the row was written with, which the key keeps as its terms.
    const deleteTerms = statement(
      "INSERT INTO keys_fts (keys_fts, rowid, terms, scope) VALUES ('delete', ?, ?, ?)",
    );
    for (const row of keyRows) {
      const text = {
        terms: keyTermsText(row.terms, row.memory_id),
        scope: scopeText(row.tenant, row.user_id),
      };
      deleteTerms.run(row.id, text.terms, text.scope);
      unindexed.push(text);
    }
    statement("DELETE FROM keys WHERE memory_id IN (SELECT value FROM json_each(?))").run(list);
    statement("DELETE FROM memories WHERE id IN (SELECT value FROM json_each(?))").run(list);
    return ids;
  })();
  if (removed.length > 0) {
    connection.termsChanged(unindexed, -1);
    vectors.removed(selector.tenant, removed);
    connection.setDimensions(undefined);
  }
  return removed;
}
