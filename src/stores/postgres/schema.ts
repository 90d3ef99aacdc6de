/** The PostgreSQL store's schema as versioned migrations, run under an advisory lock so two processes never race. */
import type { ClientBase, PoolClient } from "pg";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { POSTGRES_GRAPH_STATEMENTS } from "./graph-schema.js";

export interface PostgresMigration {
  version: number;
  statements: string[];
}

/** The value of `engram_meta.app` in every Engram schema. */
export const APP_NAME = "engram";

export const META_KEYS = {
  app: "app",
  schemaVersion: "schema_version",
  embedderId: "embedder_id",
  embedderDimensions: "embedder_dimensions",
  /** The reindex under way (a JSON ReindexJob), absent when none is. */
  reindexJob: "reindex_job",
} as const;

/** Serialises migrations (and HNSW index builds) of every Engram schema on a server: one arbitrary 64-bit key. */
export const MIGRATION_LOCK = 7_318_265_004_211;

/**
 * Every schema change, oldest first; never edit a released one. The tenant leads every primary key, foreign key and
 * B-tree index, so a distributed PostgreSQL (Citus) can shard all tables by tenant, co-located (docs/distribution.md).
 * Ids and tenants use the "C" collation so ties break in the same (byte) order as in SQLite.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    statements: [
      "CREATE EXTENSION IF NOT EXISTS vector SCHEMA public",
      // btree_gin lets the full-text index lead with the tenant, like every other index.
      "CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public",
      `CREATE TABLE engram_memories (
        tenant text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        user_id text,
        agent_id text,
        session_id text,
        kind text NOT NULL,
        text text NOT NULL,
        role text,
        speaker text,
        occurred_at bigint NOT NULL,
        recorded_at bigint NOT NULL,
        source text,
        sources json NOT NULL,
        metadata json NOT NULL,
        text_hash text NOT NULL,
        count integer NOT NULL,
        last_seen_at bigint NOT NULL,
        strength double precision NOT NULL,
        status text NOT NULL,
        PRIMARY KEY (tenant, id)
      )`,
      "CREATE INDEX engram_memories_scope ON engram_memories (tenant, user_id, agent_id, session_id)",
      "CREATE INDEX engram_memories_text_hash ON engram_memories (tenant, text_hash)",
      "CREATE INDEX engram_memories_occurred ON engram_memories (tenant, occurred_at, id)",
      // A key copies its memory's scope, kind, status and time, so a vector or term search filters on the key
      // rows alone (an HNSW scan can only filter its own table's rows).
      `CREATE TABLE engram_keys (
        tenant text COLLATE "C" NOT NULL,
        memory_id text COLLATE "C" NOT NULL,
        position integer NOT NULL,
        key_kind text NOT NULL,
        text text NOT NULL,
        terms json NOT NULL,
        lexemes text[] NOT NULL,
        frequencies integer[] NOT NULL,
        length integer NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (array_to_tsvector(lexemes)) STORED,
        scale double precision NOT NULL,
        dimensions integer,
        embedding vector,
        user_id text,
        agent_id text,
        session_id text,
        kind text NOT NULL,
        status text NOT NULL,
        occurred_at bigint NOT NULL,
        PRIMARY KEY (tenant, memory_id, position),
        FOREIGN KEY (tenant, memory_id) REFERENCES engram_memories (tenant, id) ON DELETE CASCADE
      )`,
      "CREATE INDEX engram_keys_scope ON engram_keys (tenant, user_id, agent_id, session_id)",
      "CREATE INDEX engram_keys_terms ON engram_keys USING gin (tenant, tsv)",
      // Finds the stored vector size without reading the table.
      "CREATE INDEX engram_keys_dimensions ON engram_keys (dimensions) WHERE dimensions IS NOT NULL",
      // BM25 statistics, kept on every write and forget: rows and tokens per tenant, rows containing each lexeme.
      `CREATE TABLE engram_tenant_stats (
        tenant text COLLATE "C" NOT NULL PRIMARY KEY,
        keys bigint NOT NULL,
        tokens bigint NOT NULL
      )`,
      `CREATE TABLE engram_term_stats (
        tenant text COLLATE "C" NOT NULL,
        term text COLLATE "C" NOT NULL,
        documents bigint NOT NULL,
        PRIMARY KEY (tenant, term)
      )`,
    ],
  },
  // entities, facts, fact sources, relations, mentions
  { version: 2, statements: [...POSTGRES_GRAPH_STATEMENTS] },
  // API keys for the servers, shared by every process on this database (src/stores/postgres/api-key-store.ts): a
  // SHA-256 hash of each key, never the key. A global table, not a tenant's data: a key names the tenant it opens,
  // and is looked up by its hash before any tenant is known. In Citus it is a reference table (docs/distribution.md).
  {
    version: 3,
    statements: [
      `CREATE TABLE engram_api_keys (
        id text COLLATE "C" NOT NULL PRIMARY KEY,
        key_hash text NOT NULL UNIQUE,
        tenant text COLLATE "C" NOT NULL,
        admin boolean NOT NULL,
        name text,
        prefix text NOT NULL,
        created_at bigint NOT NULL,
        revoked_at bigint
      )`,
    ],
  },
  // Memory ids are unique in the whole store, across tenants (docs/architecture.md, "Memory ids"): a write looks its
  // new ids up by id alone, through this index. Not a unique index: Citus allows none without the tenant, and a
  // database that already holds one id in two tenants must still open.
  { version: 4, statements: ["CREATE INDEX engram_memories_id ON engram_memories (id)"] },
  // A user's term search reads that user's rows of the full-text index, not the tenant's (issue 18).
  {
    version: 5,
    statements: ["CREATE INDEX engram_keys_user_terms ON engram_keys USING gin (tenant, user_id, tsv)"],
  },
  // Feedback on recalls and the recall weights learned from it, per tenant (sharded by tenant like the rest).
  {
    version: 6,
    statements: [
      `CREATE TABLE engram_feedback (
        tenant text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        user_id text,
        agent_id text,
        session_id text,
        query text NOT NULL,
        used json NOT NULL,
        rejected json NOT NULL,
        at bigint NOT NULL,
        recorded_at bigint NOT NULL,
        PRIMARY KEY (tenant, id)
      )`,
      "CREATE INDEX engram_feedback_recorded ON engram_feedback (tenant, recorded_at, id)",
      `CREATE TABLE engram_scorers (
        tenant text COLLATE "C" NOT NULL PRIMARY KEY,
        file json NOT NULL,
        updated_at bigint NOT NULL
      )`,
    ],
  },
  // Text hashes by user, as SQLite's schema 10: a write's exact-duplicate look-up names its user (or none), and a new
  // memory's hash goes beside that user's others instead of at a random place in the tenant's index (issue 18).
  {
    version: 7,
    statements: [
      "DROP INDEX engram_memories_text_hash",
      "CREATE INDEX engram_memories_text_hash ON engram_memories (tenant, user_id, text_hash)",
    ],
  },
  // A session's memories in time order, as SQLite's memories_session: Store.adjacent (a recalled turn's neighbours)
  // walks one row of it on each side; without it, a recall with no user scanned the tenant's memories per anchor.
  {
    version: 8,
    statements: [
      "CREATE INDEX engram_memories_session ON engram_memories (tenant, session_id, occurred_at, id)",
    ],
  },
  // Key vectors waiting outside the HNSW graph (postgres/pending-vectors.ts): a write with the index kept stores its
  // vectors' size here instead of in `dimensions`, so pgvector's graph insert (milliseconds a key in a large graph)
  // leaves the write's transaction; a search scans the pending keys exactly beside the graph, and a background
  // merge moves them into it. The partial index holds only the pending keys.
  {
    version: 9,
    statements: [
      "ALTER TABLE engram_keys ADD COLUMN pending_dimensions integer",
      "CREATE INDEX engram_keys_pending ON engram_keys (tenant, user_id) WHERE pending_dimensions IS NOT NULL",
    ],
  },
  // Key rows up to a page's size stay whole in the table. pgvector stores a vector out of line once the row passes
  // ~2 kB, so a 512-dimension key (2 kB of vector alone) was read from TOAST, two chunks a vector, in every exact
  // scan: a user's exact vector scan at 1M took 16.3 ms p50 against 11.5 ms with its rows inline (issue 18,
  // follow-up 10). A reloption only: rows written before keep their place until rewritten (VACUUM FULL, a reindex).
  { version: 10, statements: ["ALTER TABLE engram_keys SET (toast_tuple_target = 8160)"] },
  // A user's key count and total length (the BM25 statistics of a user's lexical search, postgres/lexical-search.ts)
  // from this index alone once autovacuum has marked the pages all-visible: the key rows hold their vectors now, and a
  // store where one user is a large share of the keys read the whole table for it.
  {
    version: 11,
    statements: ["CREATE INDEX engram_keys_user_length ON engram_keys (tenant, user_id) INCLUDE (length)"],
  },
];

export const POSTGRES_SCHEMA_VERSION: number =
  POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]?.version ?? 0;

/**
 * How an HNSW index reads the key vectors. Engram builds its graphs over half-precision copies (`halfvec`): half the
 * index's size (1.3 instead of 2.6 GB at a million 512-dimension keys), the same overlap with the exact top 10 once
 * the candidates are re-ranked from the full vectors, the same write cost at 1M (a fifth less a graph insert at 200k
 * keys; docs/benchmarks.md, issue 18, follow-up 14), and sizes up to 4,000 dimensions. A store made before keeps its full-precision (`vector`) graph until
 * it is rebuilt (docs/postgres.md shows how); searches read whichever graph the store has.
 */
export type GraphOperand = "halfvec" | "vector";

/** The name of a store's HNSW index over vectors of `dimensions`, by what it reads. */
export function hnswIndexName(dimensions: number, operand: GraphOperand = "halfvec"): string {
  return operand === "halfvec" ? `engram_keys_hnsw_half_${dimensions}` : `engram_keys_hnsw_${dimensions}`;
}

/** pgvector's HNSW indexes half-precision vectors of at most 4,000 dimensions; larger ones are always scanned exactly. */
export const HNSW_MAX_DIMENSIONS = 4000;

/** A key's vector as the graph of `operand` orders it: the index's own expression, so the planner can walk the index. */
export function graphExpression(column: string, dimensions: number, operand: GraphOperand): string {
  return `${column}::${operand}(${dimensions})`;
}

/**
 * How a new HNSW graph is built: neighbours kept per node (pgvector's `m`, 2 to 100) and the candidates a build
 * considers for them (`ef_construction`, 4 to 1,000, at least 2·m).
 */
export interface GraphParameters {
  m: number;
  efConstruction: number;
}

/**
 * M 16 / ef_construction 64 (pgvector's defaults). At a million 512-dimension keys, M 32 / ef_construction 128 keeps
 * more of the exact top 10 (0.951 at ef_search 600, 0.964 at 1,000, where M 16 reaches 0.916 at most) but each graph
 * insert costs about three times as much (8.7 against 2.8 ms a key), which every write pays through the background
 * merge, while a user's recall is an exact scan of that user's keys that no graph serves (docs/benchmarks.md, issue
 * 18, follow-up 15). `hnswGraph` asks for others.
 */
export const DEFAULT_GRAPH_PARAMETERS: GraphParameters = { m: 16, efConstruction: 64 };

/** The ef_construction a graph of `m` gets when none is asked for: 64, or 4·m when more (pgvector's own ratio). */
export function defaultEfConstruction(m: number): number {
  return Math.max(DEFAULT_GRAPH_PARAMETERS.efConstruction, 4 * m);
}

/** A partial, typed, half-precision HNSW index over the keys whose vectors have `dimensions` (a graph needs a fixed size). */
export function hnswIndexStatement(
  dimensions: number,
  parameters: GraphParameters = DEFAULT_GRAPH_PARAMETERS,
): string {
  return `CREATE INDEX IF NOT EXISTS ${hnswIndexName(dimensions)} ON engram_keys
    USING hnsw ((${graphExpression("embedding", dimensions, "halfvec")}) halfvec_ip_ops)
    WITH (m = ${parameters.m}, ef_construction = ${parameters.efConstruction})
    WHERE dimensions = ${dimensions}`;
}

/**
 * The graph a store has for vectors of `dimensions`, in the current schema: its half-precision one, else a
 * full-precision one an older Engram built, else none.
 */
export async function storedGraph(client: ClientBase, dimensions: number): Promise<GraphOperand | null> {
  const result = await client.query<{ name: string }>(
    `SELECT indexname AS name FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = 'engram_keys' AND indexname = ANY($1::text[])`,
    [[hnswIndexName(dimensions, "halfvec"), hnswIndexName(dimensions, "vector")]],
  );
  const names = new Set(result.rows.map((row) => row.name));
  if (names.has(hnswIndexName(dimensions, "halfvec"))) return "halfvec";
  return names.has(hnswIndexName(dimensions, "vector")) ? "vector" : null;
}

function schemaFailure(
  where: string,
  message: string,
  code: typeof ERROR_CODES.notEngramStore | typeof ERROR_CODES.storeFailure = ERROR_CODES.notEngramStore,
): EngramError {
  return new EngramError({
    code,
    category: code === ERROR_CODES.storeFailure ? "system" : "user",
    where,
    message,
  });
}

/** The schema version of the Engram tables in the current search_path, 0 when there are none. */
async function currentVersion(client: PoolClient, where: string, known: readonly PostgresMigration[]) {
  const exists = await client.query<{ found: boolean }>(
    "SELECT to_regclass('engram_meta') IS NOT NULL AS found",
  );
  if (!exists.rows[0]?.found) return 0;
  const rows = await client.query<{ key: string; value: string }>(
    "SELECT key, value FROM engram_meta WHERE key IN ($1, $2)",
    [META_KEYS.app, META_KEYS.schemaVersion],
  );
  const meta = new Map(rows.rows.map((row) => [row.key, row.value]));
  if (meta.get(META_KEYS.app) !== APP_NAME) {
    throw schemaFailure(
      where,
      "this schema has an engram_meta table that belongs to another application: point ENGRAM_DATABASE_URL at another database or schema",
    );
  }
  const version = Number(meta.get(META_KEYS.schemaVersion));
  if (!Number.isInteger(version) || version < 1) {
    throw schemaFailure(
      where,
      `the schema_version is "${meta.get(META_KEYS.schemaVersion)}", not a positive integer: restore the database from a backup`,
      ERROR_CODES.storeFailure,
    );
  }
  const newest = known[known.length - 1]?.version ?? 0;
  if (version > newest) {
    throw new EngramError({
      code: ERROR_CODES.schemaTooNew,
      category: "user",
      where,
      message: `this database has Engram schema version ${version}, newer than the ${newest} this Engram knows: upgrade Engram to open it`,
    });
  }
  return version;
}

/**
 * Brings the schema up to the newest migration in one transaction, holding a transaction-level advisory lock so
 * that two processes opening a new database at once cannot both create it. Returns the versions before and after.
 */
export async function migratePostgres(
  client: PoolClient,
  where: string,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<{ from: number; to: number }> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    const from = await currentVersion(client, where, migrations);
    let to = from;
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      if (from === 0 && to === 0) {
        await client.query("CREATE TABLE engram_meta (key text PRIMARY KEY, value text NOT NULL)");
      }
      for (const statement of migration.statements) await client.query(statement);
      to = migration.version;
    }
    if (to !== from) {
      const upsert =
        "INSERT INTO engram_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
      if (from === 0) await client.query(upsert, [META_KEYS.app, APP_NAME]);
      await client.query(upsert, [META_KEYS.schemaVersion, String(to)]);
    }
    await client.query("COMMIT");
    return { from, to };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
