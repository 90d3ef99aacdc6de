/**
 * The SQLite store's vector channel: each tenant's vectors loaded once into an in-memory int8 index (exact scans,
 * HNSW for large tenants, hnsw-index.ts), kept up to date in place after each commit, dropped when another
 * connection commits.
 */
import { resolve } from "node:path";
import type { MemoryFilter, VectorHit, WriteBatch } from "../../spec/store.js";
import { storeFailure } from "../runtime/store-errors.js";
import { DEFAULT_STATUSES, type PreparedQuery } from "../runtime/store-rules.js";
import type { SqliteConnection } from "./connection.js";
import { filterClause } from "./filter-clause.js";
import {
  type AnnIndexStats,
  type AnnVectorIndex,
  createAnnVectorIndex,
  type HnswOptions,
} from "./hnsw-index.js";
import { createVectorIndex } from "./vector-index.js";

interface VectorLoadRow {
  key_id: number;
  memory_id: string;
  key_kind: string;
  vector: Buffer;
  scale: number;
  user_id: string | null;
  agent_id: string | null;
  session_id: string | null;
  kind: string;
  status: string;
  occurred_at: number;
}

export interface SqliteVectors {
  /**
   * One hit list per prepared query (in order; [] for a null one) under one filter: the filter's rows are selected
   * once. `dimensions` is the stored vectors' size. With `minSimilarity`, hits below it are left out.
   */
  search(
    filter: MemoryFilter,
    limit: number,
    prepared: (PreparedQuery | null)[],
    dimensions: number,
    minSimilarity?: number,
  ): VectorHit[][];
  /** After a committed batch: its vectors join the loaded indexes (`keyIds`: each insert's key row ids). */
  added(batch: WriteBatch, keyIds: number[][]): void;
  /** After a committed forget. */
  removed(tenant: string, memoryIds: string[]): void;
  /** After committed status changes (memory id → new status). */
  statusChanged(tenant: string, changes: ReadonlyMap<string, string>): void;
  /** Resolves once no HNSW index is being built in the background. */
  idle(): Promise<void>;
  stats(): Record<string, AnnIndexStats>;
  /** Closes every loaded index (they load again on the next search). */
  drop(): void;
}

/**
 * The vector indexes of a connection; `hnsw` false (or an in-memory database) keeps exact scans only.
 * @example
 * const vectors = createSqliteVectors(connection, {});
 * const [hits] = vectors.search({ tenant: "t" }, 10, [prepareQuery(query, 10, state)], 512);
 */
export function createSqliteVectors(
  connection: SqliteConnection,
  hnsw: Partial<HnswOptions> | false | undefined,
): SqliteVectors {
  const { path, statement } = connection;
  const indexes = new Map<string, AnnVectorIndex>();
  const hnswFolder = path === ":memory:" || hnsw === false ? null : `${resolve(path)}.hnsw`;

  function drop(): void {
    for (const index of indexes.values()) index.close();
    indexes.clear();
  }
  connection.onInvalidate(drop);

  function loadIndex(tenant: string, dimensions: number): AnnVectorIndex {
    let index = indexes.get(tenant);
    if (index) return index;
    index = createAnnVectorIndex(createVectorIndex(dimensions), {
      folder: hnswFolder,
      tenant,
      options: hnsw === false ? undefined : hnsw,
    });
    const rows = statement(
      `SELECT k.id AS key_id, k.memory_id, k.kind AS key_kind, k.vector, k.scale, m.user_id, m.agent_id, m.session_id, m.kind,
              m.status, m.occurred_at
         FROM keys AS k JOIN memories AS m ON m.id = k.memory_id
        WHERE k.tenant = ? AND k.vector IS NOT NULL
        ORDER BY k.id`,
    ).iterate(tenant) as IterableIterator<VectorLoadRow>;
    for (const row of rows) {
      if (row.vector.length !== dimensions) {
        throw storeFailure(
          `memory ${row.memory_id} has a vector of ${row.vector.length} dimensions among vectors of ${dimensions}: export, fix and re-import`,
          path,
        );
      }
      index.add({
        memoryId: row.memory_id,
        keyId: row.key_id,
        keyKind: row.key_kind,
        vector: new Int8Array(row.vector.buffer, row.vector.byteOffset, row.vector.length),
        scale: row.scale,
        user: row.user_id,
        agent: row.agent_id,
        session: row.session_id,
        kind: row.kind,
        status: row.status,
        occurredAt: row.occurred_at,
      });
    }
    index.markLoaded();
    indexes.set(tenant, index);
    return index;
  }

  return {
    search(filter, limit, prepared, dimensions, minSimilarity) {
      const hits = prepared.map((): VectorHit[] => []);
      let memoryIds: Set<string> | undefined;
      if (filter.metadata !== undefined && Object.keys(filter.metadata).length > 0) {
        const clause = filterClause(filter);
        const ids = statement(`SELECT m.id FROM memories AS m WHERE ${clause.sql}`)
          .pluck()
          .all(...clause.params) as string[];
        if (ids.length === 0) return hits;
        memoryIds = new Set(ids);
      }
      const index = loadIndex(filter.tenant, dimensions);
      const queries: { query: Int8Array; scale: number }[] = [];
      const positions: number[] = [];
      prepared.forEach((query, position) => {
        if (query === null) return;
        queries.push({ query: query.values, scale: query.scale });
        positions.push(position);
      });
      const found = index.searchMany(
        queries,
        {
          user: filter.user,
          agent: filter.agent,
          session: filter.session,
          kinds: filter.kinds,
          statuses: filter.statuses ?? DEFAULT_STATUSES,
          from: filter.from,
          to: filter.to,
          memoryIds,
        },
        limit,
        minSimilarity,
      );
      positions.forEach((position, i) => {
        hits[position] = found[i] as VectorHit[];
      });
      return hits;
    },

    added(batch, keyIds) {
      for (const [position, { record, keys }] of batch.inserts.entries()) {
        const index = indexes.get(record.tenant);
        if (!index) continue;
        for (const [keyPosition, key] of keys.entries()) {
          if (key.vector === null) continue;
          index.add({
            memoryId: record.id,
            keyId: keyIds[position]?.[keyPosition],
            keyKind: key.kind,
            vector: key.vector,
            scale: key.scale,
            user: record.user,
            agent: record.agent,
            session: record.session,
            kind: record.kind,
            status: record.status,
            occurredAt: record.occurredAt,
          });
        }
      }
      for (const index of indexes.values()) index.maintain();
    },

    removed(tenant, memoryIds) {
      indexes.get(tenant)?.removeMemories(memoryIds);
    },

    statusChanged(tenant, changes) {
      const index = indexes.get(tenant);
      if (!index) return;
      for (const status of new Set(changes.values())) {
        index.setStatus(
          [...changes].filter(([, value]) => value === status).map(([id]) => id),
          status,
        );
      }
    },

    async idle() {
      for (const index of indexes.values()) await index.idle();
    },

    stats() {
      return Object.fromEntries([...indexes].map(([tenant, index]) => [tenant, index.stats()]));
    },

    drop,
  };
}
