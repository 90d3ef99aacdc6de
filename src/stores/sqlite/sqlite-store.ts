/**
 * The embedded default store: one SQLite file (WAL), FTS5 for terms, an in-memory int8 cache for exact vector scans.
 * This file assembles the SQLite dialect from its parts (connection, write, vector and lexical search, export,
 * reindex) and hands it to the store runtime, which owns the rules every store shares.
 */

import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { MemoryRecord } from "../../spec/memory.js";
import type { MemoryFilter, Store, VectorHit } from "../../spec/store.js";
import { MEMORY_SELECT, memoryFromValues } from "../memory-row.js";
import { createStore } from "../runtime/create-store.js";
import type { StoreDialect } from "../runtime/store-dialect.js";
import { refusedOption, wholeNumberOption } from "../runtime/store-errors.js";
import type { PreparedQuery, VectorState } from "../runtime/store-rules.js";
import { type CheckpointMode, openSqliteConnection, runAsync, type SqliteConnection } from "./connection.js";
import { countRows, countStore, exportPage, integrityCheck, type StoreRowCounts } from "./export.js";
import { filterClause, selectRecords } from "./filter-clause.js";
import { createSqliteGraphStore } from "./graph-store.js";
import type { AnnIndexStats, HnswOptions } from "./hnsw-index.js";
import { type KeyRow, toKey } from "./key-row.js";
import { createSqliteLearningStore } from "./learning-store.js";
import { DEFAULT_LEXICAL_BOUNDS, type LexicalBounds, searchTermsInScope } from "./lexical-search.js";
import { DEFAULT_PAGE_CACHE_MIB, toEngramError } from "./open-database.js";
import { createSqliteReindex, reindexUnderWay, storedJob } from "./reindex.js";
import { META_KEYS, writeMeta } from "./schema.js";
import { createSqliteVectors, type SqliteVectors } from "./vector-search.js";
import { forgetMemories, updateMemories, writeBatch } from "./write.js";

export type { StoreRowCounts } from "./export.js";

export interface SqliteStoreOptions {
  /** The database file; parent folders are created. ":memory:" for a private in-memory store. */
  path: string;
  /** Open an existing store for reading only: no migration, every write fails with `store_unwritable`. */
  readonly?: boolean;
  /**
   * The HNSW index kept beside the file (`<path>.hnsw/`) for large tenants: its thresholds, or false for exact scans
   * only. An in-memory store never has one.
   */
  hnsw?: Partial<HnswOptions> | false;
  /** When a lexical query stops ranking every matching row of its scope (default: 20k rows, then the 5k newest). */
  lexical?: Partial<LexicalBounds>;
  /**
   * Where the write-ahead log is folded into the file: "background" (default) in a worker thread with its own
   * connection, once the store has written a megabyte, so no single write pays for it; "inline" inside the commit
   * that fills it, as SQLite does by default.
   */
  checkpoints?: CheckpointMode;
  /**
   * The connection's page cache in MiB, a whole number from 1 to 65,536 (default 64; SQLite's own default is 2). Taken
   * only as pages are read; a store of millions of memories writes and reads faster with its indexes' upper pages
   * held.
   */
  pageCacheMiB?: number;
}

/** What the SQLite store adds to a Store: reindexing, the file's own checks, and its vector indexes' state. */
export interface SqliteStoreExtras {
  /** `PRAGMA integrity_check`: "ok" when the file is sound, otherwise SQLite's findings, one a line. */
  integrityCheck(): Promise<string>;
  countRows(): Promise<StoreRowCounts>;
  /** Resolves once no HNSW index is being built in the background. */
  vectorIndexesIdle(): Promise<void>;
  /** Each loaded tenant's vector index: its size, its HNSW graph's, and how searches were answered. */
  vectorIndexStats(): Record<string, AnnIndexStats>;
  /**
   * Where WAL checkpoints run now: in their worker thread (`checkpoints: "background"`, once the store has written a
   * megabyte) or in the commits, and how many the worker has run.
   */
  walCheckpoints(): { background: boolean; runs: number };
}

export interface SqliteStore extends Store, SqliteStoreExtras {
  readonly reindex: NonNullable<Store["reindex"]>;
  // the graph tables live in the same file and transactions
  readonly graph: NonNullable<Store["graph"]>;
}

/** The dialect: each operation as SQL over the connection, the vector indexes kept current after each commit. */
function createSqliteDialect(
  connection: SqliteConnection,
  vectors: SqliteVectors,
  lexicalBounds: LexicalBounds,
): StoreDialect {
  const { db, path, statement } = connection;
  const graph = createSqliteGraphStore(db, runAsync, statement);
  const context = { connection, graph, vectors };

  /** The memories of these ids in the tenant, in no particular order. */
  function records(tenant: string, ids: readonly string[]): MemoryRecord[] {
    const rows = statement(
      `SELECT ${MEMORY_SELECT} FROM json_each(?) AS wanted CROSS JOIN memories AS m ON m.id = wanted.value WHERE m.tenant = ?`,
    )
      .raw(true)
      .all(JSON.stringify(ids), tenant) as unknown[][];
    return rows.map(memoryFromValues);
  }

  /** Every query under one filter: the filter's rows are selected once. */
  function searchMany(
    filter: MemoryFilter,
    limit: number,
    prepare: (state: VectorState) => (PreparedQuery | null)[],
    minSimilarity?: number,
  ): VectorHit[][] {
    connection.sync();
    const state = connection.vectorState();
    const prepared = prepare(state);
    if (limit <= 0 || state.dimensions === null) return prepared.map(() => []);
    return vectors.search(filter, limit, prepared, state.dimensions, minSimilarity);
  }

  return {
    name: `sqlite:${path}`,
    factory: "createSqliteStore",
    graph,
    learning: createSqliteLearningStore(db, runAsync, statement),
    reindex: createSqliteReindex(connection),
    toError: (error) => toEngramError(error, path),

    async bindEmbedder(binding, decide) {
      connection.sync();
      const job = storedJob(connection);
      if (job?.mode === "all") throw reindexUnderWay(job);
      if (!decide(connection.vectorState())) return;
      db.transaction(() => {
        writeMeta(db, META_KEYS.embedderId, binding.id);
        writeMeta(db, META_KEYS.embedderDimensions, String(binding.dimensions));
      })();
      connection.setBinding(binding);
    },

    async write(batch, check) {
      writeBatch(context, batch, check);
    },

    async get(tenant, ids) {
      return records(tenant, ids);
    },

    async keys(tenant, ids, kinds) {
      const rows = statement(
        `SELECT k.* FROM json_each(?) AS wanted CROSS JOIN keys AS k ON k.memory_id = wanted.value
          WHERE k.tenant = ?${kinds ? " AND k.kind IN (SELECT value FROM json_each(?))" : ""} ORDER BY k.id`,
      ).all(JSON.stringify(ids), tenant, ...(kinds ? [JSON.stringify(kinds)] : [])) as KeyRow[];
      return rows.map(toKey);
    },

    async findByTextHash(filter, hashes) {
      const clause = filterClause(filter);
      // CROSS JOIN fixes the join order: one seek in the text-hash index per hash, never a walk over the scope.
      const rows = statement(
        `SELECT ${MEMORY_SELECT} FROM (SELECT DISTINCT value FROM json_each(?)) AS wanted
           CROSS JOIN memories AS m ON m.text_hash = wanted.value
          WHERE ${clause.sql} ORDER BY m.occurred_at, m.id`,
      )
        .raw(true)
        .all(JSON.stringify(hashes), ...clause.params) as unknown[][];
      return rows.map(memoryFromValues);
    },

    async searchVectors(filter, limit, prepare) {
      return searchMany(filter, limit, (state) => [prepare(state)])[0] ?? [];
    },

    async searchVectorsMany(filter, limit, prepare, minSimilarity) {
      return searchMany(filter, limit, prepare, minSimilarity);
    },

    async searchTerms(filter, terms, limit) {
      // another connection's commit drops the cached token counts
      connection.sync();
      return searchTermsInScope(connection, filter, terms, limit, filterClause(filter), lexicalBounds);
    },

    async list(filter, options) {
      const clause = filterClause(filter);
      const direction = options.order === "desc" ? "DESC" : "ASC";
      // A literal LIMIT lets SQLite stop after that many rows of the index walk (a bound parameter runs about
      // three times slower for the one-row look-ups neighbours make); only an integer is ever written in.
      const limit = options.limit ?? -1;
      const limitSql = Number.isSafeInteger(limit) ? String(limit) : "?";
      return selectRecords(
        statement,
        clause.sql,
        [...clause.params, ...(limitSql === "?" ? [limit] : []), options.offset],
        `ORDER BY m.occurred_at ${direction}, m.id ${direction} LIMIT ${limitSql} OFFSET ?`,
      );
    },

    async adjacent(filter, anchors) {
      // the filter without its session and its time bound on that side; the anchor's session and time instead
      const before = filterClause({ ...filter, session: undefined, to: undefined });
      const after = filterClause({ ...filter, session: undefined, from: undefined });
      // one statement for every anchor: each side a one-row walk of the session's index (memories_session)
      const pairs = statement(
        `SELECT
           (SELECT m.id FROM memories AS m WHERE ${before.sql} AND m.session_id = a.session AND m.occurred_at <= a.at - 1
             ORDER BY m.occurred_at DESC, m.id DESC LIMIT 1),
           (SELECT m.id FROM memories AS m WHERE ${after.sql} AND m.session_id = a.session AND m.occurred_at >= a.at + 1
             ORDER BY m.occurred_at, m.id LIMIT 1)
           FROM (SELECT key, json_extract(value, '$[0]') AS session, json_extract(value, '$[1]') AS at
                   FROM json_each(?)) AS a
          ORDER BY a.key`,
      )
        .raw(true)
        .all(
          ...before.params,
          ...after.params,
          JSON.stringify(anchors.map((anchor) => [anchor.session, anchor.occurredAt])),
        ) as [string | null, string | null][];
      const ids = [...new Set(pairs.flat().filter((id): id is string => id !== null))];
      const found = new Map(records(filter.tenant, ids).map((record) => [record.id, record]));
      return pairs.map(([previous, next]) => ({
        previous: previous === null ? null : (found.get(previous) ?? null),
        next: next === null ? null : (found.get(next) ?? null),
      }));
    },

    async forget(selector) {
      return forgetMemories(context, selector);
    },

    async exportPage(tenant, after, limit) {
      return exportPage(connection, tenant, after, limit);
    },

    async count(tenant) {
      return countStore(connection, tenant);
    },

    async updateMemories(tenant, patches) {
      return updateMemories(context, tenant, patches);
    },

    close() {
      connection.close();
    },
  };
}

/**
 * Opens (creating and migrating when needed) an Engram store in one SQLite file.
 * @example
 * const store = createSqliteStore({ path: "data/engram.db" });
 * await store.bindEmbedder({ id: "use-lite@0.2.0", dimensions: 512 });
 * const hits = await store.searchVectors({ tenant: "default", user: "ana" }, queryVector, 10);
 * await store.close();
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  if (
    options.checkpoints !== undefined &&
    options.checkpoints !== "background" &&
    options.checkpoints !== "inline"
  )
    throw new EngramError({
      code: ERROR_CODES.configInvalid,
      category: "user",
      where: "checkpoints",
      message: `checkpoints ${JSON.stringify(options.checkpoints)} is not "background" or "inline": leave it out for "background"`,
    });
  const cache = wholeNumberOption(
    refusedOption,
    "pageCacheMiB",
    options.pageCacheMiB,
    DEFAULT_PAGE_CACHE_MIB,
    65_536,
    1,
  );
  const connection = openSqliteConnection(
    options.path,
    options.readonly ?? false,
    options.checkpoints,
    cache,
  );
  const vectors = createSqliteVectors(connection, options.hnsw);
  const lexicalBounds = { ...DEFAULT_LEXICAL_BOUNDS, ...options.lexical };
  const dialect = createSqliteDialect(connection, vectors, lexicalBounds);
  return createStore(
    dialect,
    (guard): SqliteStoreExtras => ({
      integrityCheck: () => guard(() => integrityCheck(connection)),
      countRows: () => guard(() => countRows(connection)),
      vectorIndexesIdle: () => vectors.idle(),
      vectorIndexStats: () => vectors.stats(),
      walCheckpoints: () => connection.walCheckpoints(),
    }),
  ) as SqliteStore;
}
