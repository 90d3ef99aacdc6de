/**
 * The scale-out store: PostgreSQL with pgvector (exact scans in small scopes, HNSW in large ones) and BM25 over
 * full-text lexemes. This file assembles the PostgreSQL dialect from its parts (connection and transactions, write,
 * vector and lexical search, export, reindex) and hands it to the store runtime, which owns the shared rules.
 */
import type pg from "pg";
import type { AdjacentMemories, Store } from "../../spec/store.js";
import { type MemoryRow, memoryFromRow } from "../memory-row.js";
import { createStore } from "../runtime/create-store.js";
import type { StoreDialect } from "../runtime/store-dialect.js";
import { createPostgresConnection, storeFailure, toEngramError } from "./connection.js";
import { countRows, countStore, exportPage, type PostgresRowCounts } from "./export.js";
import { memoriesById, memoryConditions, selectMemories } from "./filter-sql.js";
import { createPostgresGraphStore } from "./graph-store.js";
import { asJson, KEY_ROW_JSON, KEY_ROW_SELECT, type KeyRow, toKey } from "./key-row.js";
import { createLargeScopes } from "./large-scopes.js";
import { createPostgresLearningStore } from "./learning-store.js";
import { orQuery, queryLexemes } from "./lexical.js";
import {
  DEFAULT_POSTGRES_LEXICAL_BOUNDS,
  type PostgresLexicalBounds,
  searchLexemes,
} from "./lexical-search.js";
import { storedJob, UPSERT_META, vectorState } from "./meta.js";
import { createPendingMerger, type PendingMerger } from "./pending-vectors.js";
import { createPostgresReindex, reindexUnderWay } from "./reindex.js";
import {
  type GraphParameters,
  HNSW_MAX_DIMENSIONS,
  hnswIndexStatement,
  META_KEYS,
  MIGRATION_LOCK,
  storedGraph,
} from "./schema.js";
import { type PostgresStoreOptions, postgresStoreSettings } from "./store-options.js";
import { runStatement as run, tenantParameters, tenantStatement } from "./tenant-sql.js";
import { createTransaction } from "./transaction.js";
import {
  searchVectors,
  searchVectorsMany,
  type VectorSearchPlan,
  type VectorSearchSettings,
  type VectorStateMemo,
} from "./vector-search.js";
import { changesStatus, forgetMemories, updateMemories, writeBatch } from "./write.js";

export type { PostgresRowCounts } from "./export.js";
export type { PostgresStoreOptions } from "./store-options.js";
export type { VectorSearchPlan } from "./vector-search.js";

/** What the PostgreSQL store adds to a Store: row counts and how its latest vector search ran. */
export interface PostgresStoreExtras {
  countRows(): Promise<PostgresRowCounts>;
  /** The plan of the latest searchVectors call of this store object, or null before the first. */
  readonly lastVectorPlan: VectorSearchPlan | null;
  /**
   * Merges this store object's pending key vectors into the HNSW graph now (without waiting for its writes to go
   * quiet) and resolves when the merge has nothing left (rejects with the error that stopped it; its keys stay
   * pending and searchable, and the next write retries).
   */
  pendingMerged(): Promise<void>;
}

export interface PostgresStore extends Store, PostgresStoreExtras {
  readonly reindex: NonNullable<Store["reindex"]>;
  // the graph tables live in the same schema and transactions
  readonly graph: NonNullable<Store["graph"]>;
}

type Read = <T>(work: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

/** The dialect: each operation as SQL on a pooled client; reads retried on a dead connection, writes in transactions. */
function createPostgresDialect(
  name: string,
  connection: { close(): Promise<void> },
  read: Read,
  transaction: Read,
  settings: VectorSearchSettings,
  graphParameters: GraphParameters,
  lexicalBounds: PostgresLexicalBounds,
  merger: PendingMerger,
  pendingLimit: number,
  onPlan: (plan: VectorSearchPlan) => void,
): StoreDialect {
  // the graph over the same pool, written in write's transaction
  const graph = createPostgresGraphStore(read);
  // the vector state this store object's searches last read (a user's search assumes it, checked in its statement)
  const vectorMemo: VectorStateMemo = { state: null, large: createLargeScopes() };
  // the users seen over the user statistics' limit: their term searches count first, in a statement of their own
  const largeLexicalScopes = createLargeScopes();

  return {
    name,
    factory: "createPostgresStore",
    graph,
    learning: createPostgresLearningStore(read, transaction),
    reindex: createPostgresReindex(read, transaction, name),
    toError: (error) => toEngramError(error, name),

    bindEmbedder(binding, decide) {
      return transaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
        const job = await storedJob(client);
        if (job?.mode === "all") throw reindexUnderWay(job);
        if (decide(await vectorState(client))) {
          await client.query(UPSERT_META, [META_KEYS.embedderId, binding.id]);
          await client.query(UPSERT_META, [META_KEYS.embedderDimensions, String(binding.dimensions)]);
        }
        // The typed HNSW index for this size (built once; later calls find it). A store made before half-precision
        // graphs keeps its full-precision one: building the other here would take minutes at a large store, under
        // the migration lock, and then every write would pay two graphs (docs/postgres.md: rebuilding it).
        if (
          settings.hnswIndex &&
          Number.isInteger(binding.dimensions) &&
          binding.dimensions > 0 &&
          binding.dimensions <= HNSW_MAX_DIMENSIONS
        ) {
          const stored = await storedGraph(client, binding.dimensions);
          if (stored === null) await client.query(hnswIndexStatement(binding.dimensions, graphParameters));
          settings.graphs.set(binding.dimensions, stored ?? "halfvec");
        }
      });
    },

    async write(batch, check) {
      const mergeWanted = await merger.during(() =>
        transaction((client) => writeBatch(client, graph, batch, check, pendingLimit)),
      );
      if (mergeWanted) merger.kick();
    },

    keys(tenant, ids, kinds) {
      return read(async (client) => {
        const parameters = tenantParameters(tenant);
        const wanted = parameters.bind(ids);
        const kindCondition = kinds ? ` AND k.key_kind = ANY(${parameters.bind(kinds)}::text[])` : "";
        const result = await run(
          client,
          tenantStatement(
            `SELECT ${KEY_ROW_SELECT}
               FROM engram_keys AS k WHERE k.tenant = $1 AND k.memory_id = ANY(${wanted}::text[])${kindCondition}
              ORDER BY k.memory_id, k.position`,
            parameters,
          ),
        );
        return (result.rows as KeyRow[]).map(toKey);
      });
    },

    get(tenant, ids) {
      return read((client) => memoriesById(client, tenant, ids));
    },

    findByTextHash(filter, hashes) {
      return read((client) =>
        selectMemories(
          client,
          filter,
          (parameters) => `m.text_hash = ANY(${parameters.bind(hashes)}::text[])`,
          () => "ORDER BY m.occurred_at, m.id",
        ),
      );
    },

    searchVectors(filter, limit, prepare) {
      return read((client) => searchVectors(client, filter, limit, prepare, settings, onPlan, vectorMemo));
    },

    searchVectorsMany(filter, limit, prepare) {
      return read((client) => searchVectorsMany(client, filter, limit, prepare, settings, onPlan));
    },

    async searchTerms(filter, terms, limit) {
      const lexemes = queryLexemes(terms);
      const tsquery = orQuery(lexemes);
      if (tsquery === null) return [];
      return read((client) =>
        searchLexemes(client, filter, lexemes, tsquery, limit, lexicalBounds, largeLexicalScopes),
      );
    },

    list(filter, options) {
      const direction = options.order === "desc" ? "DESC" : "ASC";
      return read((client) =>
        selectMemories(
          client,
          filter,
          () => "",
          (parameters) =>
            `ORDER BY m.occurred_at ${direction}, m.id ${direction} LIMIT ${
              options.limit === undefined ? "ALL" : parameters.bind(options.limit)
            } OFFSET ${parameters.bind(options.offset)}`,
        ),
      );
    },

    adjacent(filter, anchors, keyKinds) {
      return read(async (client) => {
        // one statement for every anchor (the filter without its session and its time bound on that side; the
        // anchor's session and time instead), each side a one-row walk of the session's index, joined to the
        // neighbours' rows by primary key: one round trip, not a second one for the records
        const parameters = tenantParameters(filter.tenant);
        const before = memoryConditions({ ...filter, session: undefined, to: undefined }, parameters);
        const after = memoryConditions({ ...filter, session: undefined, from: undefined }, parameters);
        const sessions = parameters.bind(anchors.map((anchor) => anchor.session));
        const times = parameters.bind(anchors.map((anchor) => anchor.occurredAt));
        // the neighbours' keys of the kinds asked, as `keys` reads them, in the same round trip
        const keys =
          keyKinds === undefined
            ? ""
            : `, (SELECT coalesce(json_agg(${KEY_ROW_JSON} ORDER BY k.position), '[]'::json)
                  FROM engram_keys AS k WHERE k.tenant = $1 AND k.memory_id = n.id
                   AND k.key_kind = ANY(${parameters.bind(keyKinds)}::text[])) AS neighbour_keys`;
        const result = await run(
          client,
          tenantStatement(
            `WITH pairs AS MATERIALIZED (
               SELECT a.ord,
                 (SELECT m.id FROM engram_memories AS m WHERE ${before} AND m.session_id = a.session
                     AND m.occurred_at <= a.at - 1 ORDER BY m.occurred_at DESC, m.id DESC LIMIT 1) AS previous,
                 (SELECT m.id FROM engram_memories AS m WHERE ${after} AND m.session_id = a.session
                     AND m.occurred_at >= a.at + 1 ORDER BY m.occurred_at, m.id LIMIT 1) AS next
                 FROM unnest(${sessions}::text[], ${times}::bigint[]) WITH ORDINALITY AS a(session, at, ord)
             )
             SELECT p.ord AS anchor_ord, p.previous AS anchor_previous, n.*${keys}
               FROM pairs AS p
               JOIN engram_memories AS n ON n.tenant = $1 AND n.id IN (p.previous, p.next)`,
            parameters,
          ),
        );
        const found: AdjacentMemories[] = anchors.map(() =>
          keyKinds === undefined
            ? { previous: null, next: null }
            : { previous: null, next: null, previousKeys: [], nextKeys: [] },
        );
        for (const row of result.rows as (MemoryRow & {
          anchor_ord: string;
          anchor_previous: string | null;
          neighbour_keys?: unknown;
        })[]) {
          const slot = found[Number(row.anchor_ord) - 1];
          if (slot === undefined) continue;
          const side = row.id === row.anchor_previous ? "previous" : "next";
          slot[side] = memoryFromRow(row);
          if (keyKinds !== undefined) {
            const rows = asJson(row.neighbour_keys, "keys", row.id);
            if (!Array.isArray(rows))
              throw storeFailure(`the keys of memory ${row.id} did not come back as a list`);
            slot[side === "previous" ? "previousKeys" : "nextKeys"] = (rows as KeyRow[]).map(toKey);
          }
        }
        return found;
      });
    },

    forget(selector) {
      return transaction((client) => forgetMemories(client, graph, selector));
    },

    exportPage(tenant, after, limit) {
      return read((client) => exportPage(client, tenant, after, limit));
    },

    count(tenant) {
      return read((client) => countStore(client, tenant));
    },

    updateMemories(tenant, patches) {
      // strength and last-seen time only (a recall's reinforcement): one UPDATE, atomic on its own, so no BEGIN and
      // COMMIT round trips around it; it sets values rather than adding to them, so sending it again is safe
      if (!changesStatus(patches)) return read((client) => updateMemories(client, tenant, patches));
      return transaction((client) => updateMemories(client, tenant, patches));
    },

    async close() {
      await merger.close();
      await connection.close();
    },
  };
}

/**
 * Opens an Engram store in a PostgreSQL database (with pgvector ≥ 0.8), creating or migrating its tables on first use.
 * @example
 * const store = createPostgresStore({ url: "postgres://engram@db.internal:5432/engram" });
 * await store.bindEmbedder({ id: "use-lite@0.2.0", dimensions: 512 });
 * const hits = await store.searchVectors({ tenant: "acme", user: "ana" }, queryVector, 10);
 * await store.close();
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  // every option checked first: a refused one opens no pool
  const checked = postgresStoreSettings(options);
  const connection = createPostgresConnection({
    url: options.url,
    poolSize: checked.poolSize,
    schema: options.schema,
    reconnectTimeoutMs: options.reconnectTimeoutMs,
    applicationName: options.applicationName ?? "engram",
    factory: "createPostgresStore",
  });
  /**
   * A read on a pooled connection. A statement that fails because its connection died is run once more on a
   * fresh connection (reads change nothing, so this is safe).
   */
  const read: Read = (work) => connection.run(work, true);
  const transaction = createTransaction(connection);
  let lastVectorPlan: VectorSearchPlan | null = null;
  const settings: VectorSearchSettings = {
    exactScanLimit: checked.exactScanLimit,
    hnswIndex: checked.hnswIndex,
    efSearch: checked.efSearch,
    graphs: new Map(),
  };
  const lexicalBounds = { ...DEFAULT_POSTGRES_LEXICAL_BOUNDS, ...options.lexical };
  const pendingLimit = checked.pendingVectors;
  const merger = createPendingMerger(read, transaction, {
    quietMs: checked.mergeQuietMs,
    pressingAt: Math.ceil(pendingLimit / 2),
  });
  const dialect = createPostgresDialect(
    connection.name,
    connection,
    read,
    transaction,
    settings,
    checked.graph,
    lexicalBounds,
    merger,
    pendingLimit,
    (plan) => {
      lastVectorPlan = plan;
    },
  );
  return createStore(
    dialect,
    (guard): PostgresStoreExtras => ({
      countRows: () => guard(() => read(countRows)),
      get lastVectorPlan() {
        return lastVectorPlan;
      },
      pendingMerged: () =>
        guard(async () => {
          const error = await merger.idle();
          if (error !== undefined) throw error;
        }),
    }),
  ) as PostgresStore;
}
