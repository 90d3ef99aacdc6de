/** The scale-out store: PostgreSQL with pgvector (exact scans in small scopes, HNSW in large ones) and BM25 over full-text lexemes. */
import type pg from "pg";
import { quantizeInt8 } from "../../mechanisms/quantization.js";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { JsonValue, MemoryKey, MemoryRecord, MemoryStatus, NewMemory } from "../../spec/memory.js";
import type {
  EmbedderBinding,
  KeyTexts,
  LexicalHit,
  MemoryFilter,
  MemoryPatch,
  ReindexJob,
  ReindexStore,
  Store,
  StoreStats,
  VectorHit,
  WriteBatch,
} from "../../spec/store.js";
import { type MemoryRow, memoryFromRow } from "../memory-row.js";
import { duplicateMemoryId } from "../runtime/store-errors.js";
import {
  createPostgresConnection,
  errorCode,
  isConnectionError,
  storeFailure,
  toEngramError,
} from "./connection.js";
import { createPostgresGraphStore, type PostgresGraphStore } from "./graph-store.js";
import { createPostgresLearningStore } from "./learning-store.js";
import { BM25_B, BM25_IDF_FLOOR, BM25_K1, keyLexemes, orQuery, queryLexemes } from "./lexical.js";
import { HNSW_MAX_DIMENSIONS, hnswIndexStatement, META_KEYS, MIGRATION_LOCK } from "./schema.js";
import {
  type TenantParameters,
  type TenantStatement,
  tenantParameters,
  tenantStatement,
} from "./tenant-sql.js";

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** The Postgres schema that holds Engram's tables (created when missing). Default "public". */
  schema?: string;
  /**
   * Up to this many key vectors in a search's filter, the search is an exact scan through the scope index; above
   * it, the HNSW index with iterative scanning, re-ranked exactly. Default 20,000.
   */
  exactScanLimit?: number;
  /**
   * Build the typed HNSW index when the embedder is bound. Default true. Keeping it costs write throughput (every
   * insert updates the graph); without it, a large scope is scanned exactly (correct, slower).
   */
  hnswIndex?: boolean;
  /** hnsw.ef_search for the HNSW path (at least the candidates fetched). Default 200. */
  efSearch?: number;
  /** How long an operation keeps trying to reach a server that went away (restart, failover). Default 10 s. */
  reconnectTimeoutMs?: number;
  /** The application_name the server shows for this store's connections. Default "engram". */
  applicationName?: string;
}

/** Rows in the database, for tests that check nothing is left behind. */
export interface PostgresRowCounts {
  memories: number;
  keys: number;
  vectors: number;
  termStats: number;
}

/** How the last vector search ran: an exact scan, or the HNSW index. */
export interface VectorSearchPlan {
  method: "exact" | "hnsw";
  /** Key vectors in the filter, counted up to exactScanLimit + 1. */
  counted: number;
}

export interface PostgresStore extends Store {
  readonly reindex: ReindexStore;
  countRows(): Promise<PostgresRowCounts>;
  /** The plan of the latest searchVectors call of this store object, or null before the first. */
  readonly lastVectorPlan: VectorSearchPlan | null;
  // the graph tables live in the same schema and transactions
  readonly graph: PostgresGraphStore;
}

interface KeyRow {
  memory_id: string;
  key_kind: string;
  text: string;
  terms: unknown;
  scale: number;
  embedding: string | null;
}

const DEFAULT_STATUSES: readonly MemoryStatus[] = ["active"];
const EXPORT_PAGE = 500;
/** Rows per multi-row INSERT (19 values a row stays well under Postgres's 65,535 parameters). */
const INSERT_CHUNK = 1000;
const DEFAULT_EXACT_SCAN_LIMIT = 20_000;
const DEFAULT_EF_SEARCH = 200;
/** pgvector's own ceiling for hnsw.ef_search. */
const MAX_EF_SEARCH = 1000;
/** Index tuples an iterative HNSW scan may visit before it gives up (pgvector's default is 20,000). */
const MAX_SCAN_TUPLES = 200_000;
/** A transaction that lost a deadlock or a serialization race is rolled back and run again, this many times. */
const TRANSACTION_RETRIES = 5;
const RETRY_CODES = new Set(["40P01", "40001"]);

function invalid(where: string, message: string, cause?: unknown): EngramError {
  return new EngramError({ code: ERROR_CODES.invalidInput, category: "user", where, message, cause });
}

function embedderMismatch(bound: string, wanted: string): EngramError {
  return new EngramError({
    code: ERROR_CODES.embedderMismatch,
    category: "user",
    message: `this store's vectors come from ${bound}, not ${wanted}: open it with the same embedder, or export and re-import`,
  });
}

function reindexUnderWay(job: ReindexJob): EngramError {
  return new EngramError({
    code: ERROR_CODES.embedderMismatch,
    category: "user",
    message: `a reindex to ${job.target.id} is under way (${job.done} of ${job.total} memories done), so this store's vectors come from two embedders: run engram reindex with that embedder to finish it`,
  });
}

const UPSERT_META =
  "INSERT INTO engram_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

function describeBinding(binding: EmbedderBinding | null, dimensions: number | null): string {
  if (binding) return `${binding.id} (${binding.dimensions} dims)`;
  return `an unnamed embedder (${dimensions ?? "?"} dims)`;
}

function asJson(value: unknown, field: string, memoryId: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw storeFailure(`the stored ${field} of memory ${memoryId} is not valid JSON`, memoryId, error);
  }
}

/** The dequantised vector as pgvector text: int8 × scale, rounded to float4 by the server. */
function vectorLiteral(values: ArrayLike<number>, scale: number): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = String((values[i] as number) * scale);
  return `[${parts.join(",")}]`;
}

/** Back from the stored float4 vector to the exact int8 values: |q| ≤ 127, so the float error never reaches ½. */
function int8FromVector(text: string, scale: number, memoryId: string): Int8Array {
  const floats = JSON.parse(text) as number[];
  const values = new Int8Array(floats.length);
  if (scale === 0) return values;
  for (let i = 0; i < floats.length; i++) {
    const value = Math.round((floats[i] as number) / scale);
    if (value < -127 || value > 127) {
      throw storeFailure(
        `memory ${memoryId} has a vector that is not int8 × its scale: export, fix and re-import`,
      );
    }
    values[i] = value;
  }
  return values;
}

function toKey(row: KeyRow): MemoryKey {
  const terms = asJson(row.terms, "terms", row.memory_id);
  if (!Array.isArray(terms))
    throw storeFailure(`the stored terms of a key of memory ${row.memory_id} are not an array`);
  return {
    memoryId: row.memory_id,
    kind: row.key_kind,
    text: row.text,
    terms: terms as string[],
    vector: row.embedding === null ? null : int8FromVector(row.embedding, row.scale, row.memory_id),
    scale: row.scale,
  };
}

/** A condition on one metadata entry that compares JSON types as well as values (1 ≠ "1" ≠ true), as SQLite does. */
function metadataCondition(key: string, value: JsonValue, parameters: TenantParameters): string {
  const entry = `(m.metadata -> ${parameters.bind(key)})`;
  const type = `json_typeof${entry}`;
  if (value === null) return `${type} = 'null'`;
  if (typeof value === "boolean") return `(${type} = 'boolean' AND ${entry}::text = '${value}')`;
  if (typeof value === "number") {
    return `(CASE WHEN ${type} = 'number' THEN ${entry}::text::numeric = ${parameters.bind(String(value))}::numeric ELSE false END)`;
  }
  if (typeof value === "string") {
    return `(${type} = 'string' AND (m.metadata ->> ${parameters.bind(key)}) = ${parameters.bind(value)})`;
  }
  // Arrays and objects compare as minified JSON text (key order matters), as stored.
  const kind = Array.isArray(value) ? "array" : "object";
  return `(${type} = '${kind}' AND ${entry}::text = ${parameters.bind(JSON.stringify(value))})`;
}

/** The conditions on scope, kind, time and status, over alias `m` (memories) or `k` (keys, which copy them). */
function scopeConditions(alias: "m" | "k", filter: MemoryFilter, parameters: TenantParameters): string[] {
  const conditions = [`${alias}.tenant = $1`];
  if (filter.user !== undefined) conditions.push(`${alias}.user_id = ${parameters.bind(filter.user)}`);
  if (filter.agent !== undefined) conditions.push(`${alias}.agent_id = ${parameters.bind(filter.agent)}`);
  if (filter.session !== undefined)
    conditions.push(`${alias}.session_id = ${parameters.bind(filter.session)}`);
  if (filter.kinds !== undefined)
    conditions.push(`${alias}.kind = ANY(${parameters.bind(filter.kinds)}::text[])`);
  if (filter.from !== undefined) conditions.push(`${alias}.occurred_at >= ${parameters.bind(filter.from)}`);
  if (filter.to !== undefined) conditions.push(`${alias}.occurred_at <= ${parameters.bind(filter.to)}`);
  conditions.push(`${alias}.status = ANY(${parameters.bind(filter.statuses ?? DEFAULT_STATUSES)}::text[])`);
  return conditions;
}

function memoryConditions(filter: MemoryFilter, parameters: TenantParameters): string {
  const conditions = scopeConditions("m", filter, parameters);
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    conditions.push(metadataCondition(key, value, parameters));
  }
  return conditions.join(" AND ");
}

function hasMetadata(filter: MemoryFilter): boolean {
  return filter.metadata !== undefined && Object.keys(filter.metadata).length > 0;
}

/** Placeholders for a multi-row VALUES list: ($1, $2, …), ($k, …). */
function valuesList(rows: number, columns: number, casts: readonly string[] = []): string {
  const groups: string[] = [];
  for (let row = 0; row < rows; row++) {
    const cells: string[] = [];
    for (let column = 0; column < columns; column++) {
      cells.push(`$${row * columns + column + 1}${casts[column] ?? ""}`);
    }
    groups.push(`(${cells.join(", ")})`);
  }
  return groups.join(", ");
}

/** Refuses a patch that would store an impossible state, before anything is written (as the SQLite store does). */
function checkPatch(patch: MemoryPatch, position: number): void {
  const where = `patches[${position}]`;
  if (typeof patch.id !== "string" || patch.id.length === 0) {
    throw invalid(where, "the patch has no memory id: name the memory to change");
  }
  if (patch.status !== undefined && patch.status !== "active" && patch.status !== "archived") {
    throw invalid(where, `status "${String(patch.status)}" is not a status: use "active" or "archived"`);
  }
  if (
    patch.strength !== undefined &&
    !(Number.isFinite(patch.strength) && patch.strength >= 0 && patch.strength <= 1)
  ) {
    throw invalid(where, `strength ${String(patch.strength)} is outside [0, 1]: pass a number from 0 to 1`);
  }
  if (patch.lastSeenAt !== undefined && !Number.isFinite(patch.lastSeenAt)) {
    throw invalid(
      where,
      `lastSeenAt ${String(patch.lastSeenAt)} is not a time: pass milliseconds since the epoch`,
    );
  }
}

function stripUndefined(patch: MemoryPatch): MemoryPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as MemoryPatch;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
  const connection = createPostgresConnection({
    url: options.url,
    poolSize: options.poolSize ?? 10,
    schema: options.schema,
    reconnectTimeoutMs: options.reconnectTimeoutMs,
    applicationName: options.applicationName ?? "engram",
    factory: "createPostgresStore",
  });
  const { name, reconnectTimeoutMs } = connection;
  const exactScanLimit = options.exactScanLimit ?? DEFAULT_EXACT_SCAN_LIMIT;
  const efSearch = options.efSearch ?? DEFAULT_EF_SEARCH;
  let lastVectorPlan: VectorSearchPlan | null = null;

  /**
   * A read on a pooled connection. A statement that fails because its connection died is run once more on a
   * fresh connection (reads change nothing, so this is safe).
   */
  function read<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return connection.run(work, true);
  }

  /**
   * Every write runs here, in one transaction: acknowledged only once COMMIT returned. A transaction whose
   * connection died before COMMIT was sent cannot have committed, so it runs again on a fresh connection; so does
   * one that lost a deadlock. A connection lost during COMMIT is reported, never retried (it may have committed).
   */
  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      await connection.ready();
      const deadline = Date.now() + reconnectTimeoutMs;
      for (let attempt = 0; ; attempt++) {
        const client = await connection.connect(deadline);
        let committing = false;
        try {
          await client.query("BEGIN");
          const result = await work(client);
          committing = true;
          await client.query("COMMIT");
          client.release();
          return result;
        } catch (error) {
          const dead = isConnectionError(error);
          if (!dead) await client.query("ROLLBACK").catch(() => undefined);
          client.release(dead ? (error as Error) : undefined);
          // "not queryable": the driver knew the connection was dead and never sent COMMIT, so nothing committed.
          const neverSent = error instanceof Error && /not queryable/.test(error.message);
          if (dead && committing && !neverSent) {
            throw storeFailure(
              `the connection to PostgreSQL was lost while committing (${(error as Error).message}): the write may or may not be stored; check with get before writing it again`,
              name,
              error,
            );
          }
          const retry =
            (dead && Date.now() < deadline && !connection.closed) ||
            (RETRY_CODES.has(errorCode(error) ?? "") && attempt < TRANSACTION_RETRIES);
          if (!retry) throw error;
        }
      }
    } catch (error) {
      throw toEngramError(error, name);
    }
  }

  async function run(client: pg.PoolClient, statement: TenantStatement) {
    return client.query(statement.text, statement.values);
  }

  async function storedJob(client: pg.PoolClient): Promise<ReindexJob | null> {
    const rows = await client.query<{ value: string }>("SELECT value FROM engram_meta WHERE key = $1", [
      META_KEYS.reindexJob,
    ]);
    const value = rows.rows[0]?.value;
    return value === undefined ? null : (JSON.parse(value) as ReindexJob);
  }

  async function requireJob(client: pg.PoolClient): Promise<ReindexJob> {
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

  const reindex: ReindexStore = {
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
        const where = jobMemories(await requireJob(client));
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
        const job = await requireJob(client);
        for (const change of updates) {
          // positions follow the key order next() read: the position column, ascending
          await client.query(
            `UPDATE engram_keys SET embedding = $1::vector, dimensions = $2, scale = $3
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
        const job = await requireJob(client);
        await client.query(UPSERT_META, [META_KEYS.embedderId, job.target.id]);
        await client.query(UPSERT_META, [META_KEYS.embedderDimensions, String(job.target.dimensions)]);
        await client.query("DELETE FROM engram_meta WHERE key = $1", [META_KEYS.reindexJob]);
      });
    },
  };

  async function storedBinding(client: pg.PoolClient): Promise<EmbedderBinding | null> {
    const rows = await client.query<{ key: string; value: string }>(
      "SELECT key, value FROM engram_meta WHERE key IN ($1, $2)",
      [META_KEYS.embedderId, META_KEYS.embedderDimensions],
    );
    const meta = new Map(rows.rows.map((row) => [row.key, row.value]));
    const id = meta.get(META_KEYS.embedderId);
    const dimensions = meta.get(META_KEYS.embedderDimensions);
    return id === undefined || dimensions === undefined ? null : { id, dimensions: Number(dimensions) };
  }

  /** The size of the stored vectors (all tenants: one store, one embedder), or null when none is stored. */
  async function storedDimensions(client: pg.PoolClient): Promise<number | null> {
    const rows = await client.query<{ dimensions: number }>(
      "SELECT dimensions FROM engram_keys WHERE dimensions IS NOT NULL LIMIT 1",
    );
    return rows.rows[0]?.dimensions ?? null;
  }

  function checkBatch(batch: WriteBatch, binding: EmbedderBinding | null, stored: number | null): void {
    const seen = new Set<string>();
    let dimensions = stored;
    for (const [position, { record, keys }] of batch.inserts.entries()) {
      const where = `inserts[${position}]`;
      if (typeof record.tenant !== "string" || record.tenant.length === 0) {
        throw invalid(where, "the record has no tenant: resolve the scope before writing");
      }
      // ids are unique in the whole store, whatever the tenant (docs/architecture.md)
      const unique = record.id;
      if (seen.has(unique)) {
        throw invalid(
          where,
          `memory id ${record.id} appears twice in one batch: give each new memory its own id`,
        );
      }
      seen.add(unique);
      for (const [keyPosition, key] of keys.entries()) {
        if (key.memoryId !== record.id) {
          throw invalid(
            `${where}.keys[${keyPosition}]`,
            `the key points to memory ${key.memoryId}, not to ${record.id}: a new memory's keys must point to it`,
          );
        }
        if (key.vector === null) continue;
        if (
          (binding && key.vector.length !== binding.dimensions) ||
          (dimensions !== null && key.vector.length !== dimensions)
        ) {
          throw embedderMismatch(
            describeBinding(binding, dimensions),
            `a vector of ${key.vector.length} dims`,
          );
        }
        dimensions = key.vector.length;
      }
    }
  }

  /**
   * Ids are unique in the whole store, whatever the tenant (docs/architecture.md): the one look-up by id alone, so
   * it is written out here, past tenant-sql (docs/distribution.md lists it).
   */
  async function refuseTakenIds(client: pg.PoolClient, inserts: readonly NewMemory[]): Promise<void> {
    const ids = inserts.map(({ record }) => record.id);
    const taken = await client.query<{ id: string }>(
      "SELECT m.id FROM engram_memories AS m WHERE m.id = ANY($1::text[])",
      [ids],
    );
    if (taken.rows.length === 0) return;
    const found = new Set(taken.rows.map((row) => row.id));
    const position = ids.findIndex((id) => found.has(id));
    throw duplicateMemoryId(ids[position] as string, position);
  }

  async function insertMemories(client: pg.PoolClient, inserts: readonly NewMemory[]): Promise<void> {
    for (let start = 0; start < inserts.length; start += INSERT_CHUNK) {
      const chunk = inserts.slice(start, start + INSERT_CHUNK);
      const values: unknown[] = [];
      for (const { record } of chunk) {
        values.push(
          record.tenant,
          record.id,
          record.user,
          record.agent,
          record.session,
          record.kind,
          record.text,
          record.role,
          record.speaker,
          record.occurredAt,
          record.recordedAt,
          record.source,
          JSON.stringify(record.sources),
          JSON.stringify(record.metadata),
          record.textHash,
          record.count,
          record.lastSeenAt,
          record.strength,
          record.status,
        );
      }
      await client.query(
        `INSERT INTO engram_memories (tenant, id, user_id, agent_id, session_id, kind, text, role, speaker,
           occurred_at, recorded_at, source, sources, metadata, text_hash, count, last_seen_at, strength, status)
         VALUES ${valuesList(chunk.length, 19)}`,
        values,
      );
    }
  }

  interface KeyInsert {
    record: MemoryRecord;
    key: MemoryKey;
    position: number;
    lexemes: ReturnType<typeof keyLexemes>;
  }

  async function insertKeys(client: pg.PoolClient, rows: readonly KeyInsert[]): Promise<void> {
    const casts = ["", "", "", "", "", "", "::text[]", "::integer[]", "", "", "", "::vector"];
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      const values: unknown[] = [];
      for (const { record, key, position, lexemes } of chunk) {
        values.push(
          record.tenant,
          record.id,
          position,
          key.kind,
          key.text,
          JSON.stringify(key.terms),
          lexemes.lexemes,
          lexemes.frequencies,
          lexemes.length,
          key.scale,
          key.vector === null ? null : key.vector.length,
          key.vector === null ? null : vectorLiteral(key.vector, key.scale),
          record.user,
          record.agent,
          record.session,
          record.kind,
          record.status,
          record.occurredAt,
        );
      }
      await client.query(
        `INSERT INTO engram_keys (tenant, memory_id, position, key_kind, text, terms, lexemes, frequencies, length,
           scale, dimensions, embedding, user_id, agent_id, session_id, kind, status, occurred_at)
         VALUES ${valuesList(chunk.length, 18, casts)}`,
        values,
      );
    }
  }

  /**
   * Adds (or, with sign -1, removes) keys to the BM25 statistics. The tenant's row is locked first, then the
   * lexemes in sorted order, so concurrent writers of a tenant queue instead of deadlocking.
   */
  async function updateTermStats(
    client: pg.PoolClient,
    tenant: string,
    keys: number,
    tokens: number,
    documents: Map<string, number>,
    sign: 1 | -1,
  ): Promise<void> {
    if (keys === 0) return;
    await client.query(
      `INSERT INTO engram_tenant_stats AS s (tenant, keys, tokens) VALUES ($1, $2, $3)
       ON CONFLICT (tenant) DO UPDATE SET keys = s.keys + excluded.keys, tokens = s.tokens + excluded.tokens`,
      [tenant, sign * keys, sign * tokens],
    );
    if (documents.size === 0) return;
    const terms = [...documents.keys()].sort(compareIds);
    await client.query(
      `INSERT INTO engram_term_stats AS s (tenant, term, documents)
         SELECT $1, u.term, u.documents FROM unnest($2::text[], $3::bigint[]) AS u(term, documents) ORDER BY u.term
       ON CONFLICT (tenant, term) DO UPDATE SET documents = s.documents + excluded.documents`,
      [tenant, terms, terms.map((term) => sign * (documents.get(term) as number))],
    );
    if (sign < 0) {
      const parameters = tenantParameters(tenant);
      await run(
        client,
        tenantStatement(
          `DELETE FROM engram_term_stats AS s WHERE s.tenant = $1 AND s.term = ANY(${parameters.bind(terms)}::text[]) AND s.documents <= 0`,
          parameters,
        ),
      );
    }
  }

  async function selectMemories(
    client: pg.PoolClient,
    filter: MemoryFilter,
    extra: (parameters: TenantParameters) => string,
    tail: (parameters: TenantParameters) => string,
  ): Promise<MemoryRecord[]> {
    const parameters = tenantParameters(filter.tenant);
    const conditions = memoryConditions(filter, parameters);
    const more = extra(parameters);
    const result = await run(
      client,
      tenantStatement(
        `SELECT m.* FROM engram_memories AS m WHERE ${conditions}${more ? ` AND ${more}` : ""} ${tail(parameters)}`,
        parameters,
      ),
    );
    return (result.rows as MemoryRow[]).map(memoryFromRow);
  }

  /** The ids of the memories a metadata filter allows, for searches over key rows. */
  async function metadataIds(client: pg.PoolClient, filter: MemoryFilter): Promise<string[]> {
    const parameters = tenantParameters(filter.tenant);
    const result = await run(
      client,
      tenantStatement(
        `SELECT m.id FROM engram_memories AS m WHERE ${memoryConditions(filter, parameters)}`,
        parameters,
      ),
    );
    return result.rows.map((row: { id: string }) => row.id);
  }

  /** Conditions over key rows (alias k) for a filter, with metadata already resolved to memory ids. */
  function keyConditions(filter: MemoryFilter, parameters: TenantParameters, ids: string[] | null): string {
    const conditions = scopeConditions("k", filter, parameters);
    if (ids !== null) conditions.push(`k.memory_id = ANY(${parameters.bind(ids)}::text[])`);
    return conditions.join(" AND ");
  }

  async function exactVectorSearch(
    client: pg.PoolClient,
    filter: MemoryFilter,
    ids: string[] | null,
    query: string,
    limit: number,
  ): Promise<VectorHit[]> {
    const parameters = tenantParameters(filter.tenant);
    const conditions = keyConditions(filter, parameters, ids);
    const q = parameters.bind(query);
    const result = await run(
      client,
      tenantStatement(
        `SELECT best.memory_id, best.key_kind, -best.distance AS similarity FROM (
           SELECT DISTINCT ON (k.memory_id) k.memory_id, k.key_kind, k.embedding <#> ${q}::vector AS distance
             FROM engram_keys AS k
            WHERE ${conditions} AND k.embedding IS NOT NULL
            ORDER BY k.memory_id, k.embedding <#> ${q}::vector, k.position
         ) AS best
         ORDER BY best.distance, best.memory_id LIMIT ${parameters.bind(limit)}`,
        parameters,
      ),
    );
    return result.rows.map((row: { memory_id: string; key_kind: string; similarity: number }) => ({
      memoryId: row.memory_id,
      similarity: row.similarity,
      keyKind: row.key_kind,
    }));
  }

  /**
   * The HNSW path: the typed index scanned iteratively (pgvector 0.8's relaxed order keeps scanning until enough
   * rows pass the filter), candidates re-ranked exactly here; more are fetched while too few memories came back.
   */
  async function hnswVectorSearch(
    client: pg.PoolClient,
    filter: MemoryFilter,
    ids: string[] | null,
    query: string,
    dimensions: number,
    limit: number,
  ): Promise<VectorHit[]> {
    for (let fetch = Math.max(limit * 4, 40); ; fetch *= 4) {
      const parameters = tenantParameters(filter.tenant);
      const conditions = keyConditions(filter, parameters, ids);
      const q = parameters.bind(query);
      const typed = `k.embedding::vector(${dimensions}) <#> ${q}::vector(${dimensions})`;
      await client.query("BEGIN");
      let rows: { memory_id: string; key_kind: string; position: number; distance: number }[];
      try {
        await client.query(
          "SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', $1, true), set_config('hnsw.max_scan_tuples', $2, true)",
          [String(Math.min(MAX_EF_SEARCH, Math.max(efSearch, fetch))), String(MAX_SCAN_TUPLES)],
        );
        const result = await run(
          client,
          tenantStatement(
            `SELECT k.memory_id, k.key_kind, k.position, ${typed} AS distance
               FROM engram_keys AS k
              WHERE ${conditions} AND k.dimensions = ${dimensions}
              ORDER BY ${typed} LIMIT ${parameters.bind(fetch)}`,
            parameters,
          ),
        );
        rows = result.rows;
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
      const best = new Map<string, { distance: number; position: number; keyKind: string }>();
      for (const row of rows) {
        const previous = best.get(row.memory_id);
        if (
          !previous ||
          row.distance < previous.distance ||
          (row.distance === previous.distance && row.position < previous.position)
        ) {
          best.set(row.memory_id, { distance: row.distance, position: row.position, keyKind: row.key_kind });
        }
      }
      if (best.size >= limit || rows.length < fetch) {
        return [...best.entries()]
          .sort((a, b) => a[1].distance - b[1].distance || compareIds(a[0], b[0]))
          .slice(0, limit)
          .map(([memoryId, hit]) => ({ memoryId, similarity: -hit.distance, keyKind: hit.keyKind }));
      }
    }
  }

  // the graph over the same pool, written in write's transaction
  const graph = createPostgresGraphStore(read);

  const store: PostgresStore = {
    name,
    graph,
    reindex,
    learning: createPostgresLearningStore(read, transaction),

    get lastVectorPlan() {
      return lastVectorPlan;
    },

    bindEmbedder(binding) {
      return transaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
        const job = await storedJob(client);
        if (job?.mode === "all") throw reindexUnderWay(job);
        const current = await storedBinding(client);
        if (!current || current.id !== binding.id || current.dimensions !== binding.dimensions) {
          const dimensions = await storedDimensions(client);
          const extendsCurrent =
            current !== null && binding.extends === current.id && binding.dimensions === current.dimensions;
          if (
            dimensions !== null &&
            !extendsCurrent &&
            (current !== null || dimensions !== binding.dimensions)
          ) {
            throw embedderMismatch(
              describeBinding(current, dimensions),
              `${binding.id} (${binding.dimensions} dims)`,
            );
          }
          const upsert =
            "INSERT INTO engram_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
          await client.query(upsert, [META_KEYS.embedderId, binding.id]);
          await client.query(upsert, [META_KEYS.embedderDimensions, String(binding.dimensions)]);
        }
        // The typed HNSW index for this size (built once; later calls find it).
        if (
          options.hnswIndex !== false &&
          Number.isInteger(binding.dimensions) &&
          binding.dimensions > 0 &&
          binding.dimensions <= HNSW_MAX_DIMENSIONS
        ) {
          await client.query(hnswIndexStatement(binding.dimensions));
        }
      });
    },

    write(batch) {
      return transaction(async (client) => {
        const binding = await storedBinding(client);
        const stored = await storedDimensions(client);
        checkBatch(batch, binding, stored);
        if (batch.inserts.length > 0) {
          await refuseTakenIds(client, batch.inserts);
          try {
            await client.query("SAVEPOINT inserts");
            await insertMemories(client, batch.inserts);
            await client.query("RELEASE SAVEPOINT inserts");
          } catch (error) {
            if (errorCode(error) === "23505") {
              const detail = (error as { detail?: string }).detail ?? "";
              throw invalid(
                "inserts",
                `a memory with this id already exists (${detail}): reinforce it, or give the new memory another id`,
                error,
              );
            }
            throw error;
          }
          const keyRows: KeyInsert[] = [];
          const perTenant = new Map<
            string,
            { keys: number; tokens: number; documents: Map<string, number> }
          >();
          for (const { record, keys } of batch.inserts) {
            let stats = perTenant.get(record.tenant);
            if (!stats) {
              stats = { keys: 0, tokens: 0, documents: new Map() };
              perTenant.set(record.tenant, stats);
            }
            for (const [position, key] of keys.entries()) {
              const lexemes = keyLexemes(key.terms);
              keyRows.push({ record, key, position, lexemes });
              stats.keys += 1;
              stats.tokens += lexemes.length;
              for (const lexeme of lexemes.lexemes) {
                stats.documents.set(lexeme, (stats.documents.get(lexeme) ?? 0) + 1);
              }
            }
          }
          await insertKeys(client, keyRows);
          for (const tenant of [...perTenant.keys()].sort(compareIds)) {
            const stats = perTenant.get(tenant) as {
              keys: number;
              tokens: number;
              documents: Map<string, number>;
            };
            await updateTermStats(client, tenant, stats.keys, stats.tokens, stats.documents, 1);
          }
        }
        for (const [position, reinforcement] of batch.reinforcements.entries()) {
          const parameters = tenantParameters(reinforcement.tenant);
          const found = await run(
            client,
            tenantStatement(
              `SELECT m.sources, m.last_seen_at FROM engram_memories AS m
                WHERE m.tenant = $1 AND m.id = ${parameters.bind(reinforcement.memoryId)} FOR UPDATE`,
              parameters,
            ),
          );
          const row = found.rows[0] as { sources: unknown; last_seen_at: number } | undefined;
          if (!row) {
            throw new EngramError({
              code: ERROR_CODES.notFound,
              category: "user",
              where: `reinforcements[${position}]`,
              message: `no memory ${reinforcement.memoryId} in tenant ${reinforcement.tenant}: nothing was written; reinforce a memory that exists`,
            });
          }
          const sources = asJson(row.sources, "sources", reinforcement.memoryId);
          if (!Array.isArray(sources)) {
            throw storeFailure(`the stored sources of memory ${reinforcement.memoryId} are not an array`);
          }
          sources.push(reinforcement.source);
          const update = tenantParameters(reinforcement.tenant);
          await run(
            client,
            tenantStatement(
              `UPDATE engram_memories AS m SET sources = ${update.bind(JSON.stringify(sources))}::json,
                      count = m.count + 1, last_seen_at = ${update.bind(Math.max(row.last_seen_at, reinforcement.source.occurredAt))},
                      strength = ${update.bind(reinforcement.strength)}
                WHERE m.tenant = $1 AND m.id = ${update.bind(reinforcement.memoryId)}`,
              update,
            ),
          );
        }
        // the graph rows, in the same transaction
        if (batch.graph) {
          const tenants = [
            ...batch.inserts.map(({ record }) => record.tenant),
            ...batch.reinforcements.map((reinforcement) => reinforcement.tenant),
          ];
          await graph.apply(client, batch.graph, tenants);
        }
      });
    },

    keys(tenant, ids, kinds) {
      if (ids.length === 0 || kinds?.length === 0) return connection.ready().then(() => []);
      return read(async (client) => {
        const parameters = tenantParameters(tenant);
        const wanted = parameters.bind([...new Set(ids)]);
        const kindCondition = kinds ? ` AND k.key_kind = ANY(${parameters.bind(kinds)}::text[])` : "";
        const result = await run(
          client,
          tenantStatement(
            `SELECT k.memory_id, k.key_kind, k.text, k.terms, k.scale, k.embedding::text AS embedding
               FROM engram_keys AS k WHERE k.tenant = $1 AND k.memory_id = ANY(${wanted}::text[])${kindCondition}
              ORDER BY k.memory_id, k.position`,
            parameters,
          ),
        );
        return (result.rows as KeyRow[]).map(toKey);
      });
    },

    get(tenant, ids) {
      if (ids.length === 0) return connection.ready().then(() => []);
      return read(async (client) => {
        const parameters = tenantParameters(tenant);
        const result = await run(
          client,
          tenantStatement(
            `SELECT m.* FROM engram_memories AS m WHERE m.tenant = $1 AND m.id = ANY(${parameters.bind(ids)}::text[])`,
            parameters,
          ),
        );
        const byId = new Map((result.rows as MemoryRow[]).map((row) => [row.id, memoryFromRow(row)]));
        const records: MemoryRecord[] = [];
        for (const id of new Set(ids)) {
          const record = byId.get(id);
          if (record) records.push(record);
        }
        return records;
      });
    },

    findByTextHash(filter, hashes) {
      if (hashes.length === 0) return connection.ready().then(() => []);
      return read((client) =>
        selectMemories(
          client,
          filter,
          (parameters) => `m.text_hash = ANY(${parameters.bind(hashes)}::text[])`,
          () => "ORDER BY m.occurred_at, m.id",
        ),
      );
    },

    async searchVectorsMany(filter, queries, limit) {
      const results: VectorHit[][] = [];
      for (const query of queries) results.push(await store.searchVectors(filter, query, limit));
      return results;
    },

    searchVectors(filter, query, limit) {
      return read(async (client): Promise<VectorHit[]> => {
        const stored = await storedDimensions(client);
        const binding = await storedBinding(client);
        const dimensions = stored ?? binding?.dimensions ?? null;
        if (dimensions !== null && query.length !== dimensions) {
          throw embedderMismatch(
            describeBinding(binding, dimensions),
            `a query vector of ${query.length} dims`,
          );
        }
        if (limit <= 0 || stored === null) return [];
        let norm = 0;
        for (let i = 0; i < query.length; i++) norm += (query[i] as number) * (query[i] as number);
        if (norm === 0) return [];
        // The query is quantised as the SQLite store quantises it, so both compute the same similarities.
        const quantized = quantizeInt8(query);
        const literal = vectorLiteral(quantized.values, quantized.scale / Math.sqrt(norm));
        const ids = hasMetadata(filter) ? await metadataIds(client, filter) : null;
        if (ids !== null && ids.length === 0) return [];
        const parameters = tenantParameters(filter.tenant);
        const counted = await run(
          client,
          tenantStatement(
            `SELECT count(*)::integer AS n FROM (
               SELECT 1 FROM engram_keys AS k WHERE ${keyConditions(filter, parameters, ids)} AND k.embedding IS NOT NULL
               LIMIT ${parameters.bind(exactScanLimit + 1)}) AS c`,
            parameters,
          ),
        );
        const count = (counted.rows[0] as { n: number }).n;
        if (count === 0) {
          lastVectorPlan = { method: "exact", counted: 0 };
          return [];
        }
        const useIndex =
          options.hnswIndex !== false && count > exactScanLimit && stored <= HNSW_MAX_DIMENSIONS;
        lastVectorPlan = { method: useIndex ? "hnsw" : "exact", counted: count };
        return useIndex
          ? hnswVectorSearch(client, filter, ids, literal, stored, limit)
          : exactVectorSearch(client, filter, ids, literal, limit);
      });
    },

    searchTerms(filter, terms, limit) {
      const lexemes = queryLexemes(terms);
      const tsquery = orQuery(lexemes);
      if (tsquery === null || limit <= 0) return connection.ready().then(() => []);
      return read(async (client): Promise<LexicalHit[]> => {
        const ids = hasMetadata(filter) ? await metadataIds(client, filter) : null;
        if (ids !== null && ids.length === 0) return [];
        const parameters = tenantParameters(filter.tenant);
        const queryTerms = parameters.bind(lexemes);
        const match = parameters.bind(tsquery);
        const conditions = keyConditions(filter, parameters, ids);
        const k1 = `${BM25_K1}::float8`;
        const b = `${BM25_B}::float8`;
        // FTS5's bm25(), term by term: idf × tf(k1+1) / (tf + k1(1 − b + b·len/avgdl)), idf floored at 1e-6.
        const result = await run(
          client,
          tenantStatement(
            `WITH totals AS (
               SELECT s.keys::float8 AS n, s.tokens::float8 / s.keys::float8 AS avgdl
                 FROM engram_tenant_stats AS s WHERE s.tenant = $1 AND s.keys > 0
             ), query AS (
               SELECT q.lexeme, CASE WHEN x.idf <= 0 THEN ${BM25_IDF_FLOOR}::float8 ELSE x.idf END AS idf
                 FROM unnest(${queryTerms}::text[]) AS q(lexeme)
                 CROSS JOIN totals
                 LEFT JOIN engram_term_stats AS t ON t.tenant = $1 AND t.term = q.lexeme
                 CROSS JOIN LATERAL (
                   SELECT ln((totals.n - coalesce(t.documents, 0)::float8 + 0.5::float8)
                             / (coalesce(t.documents, 0)::float8 + 0.5::float8)) AS idf
                 ) AS x
             ), scored AS (
               SELECT k.memory_id, k.key_kind, k.position,
                      sum(query.idf * (f.tf::float8 * (${k1} + 1.0::float8))
                          / (f.tf::float8 + ${k1} * (1.0::float8 - ${b} + ${b} * k.length::float8 / totals.avgdl))) AS score
                 FROM engram_keys AS k
                 CROSS JOIN LATERAL unnest(k.lexemes, k.frequencies) AS f(lexeme, tf)
                 JOIN query ON query.lexeme = f.lexeme
                 CROSS JOIN totals
                WHERE ${conditions} AND k.tsv @@ ${match}::tsquery
                GROUP BY k.memory_id, k.key_kind, k.position
             )
             SELECT best.memory_id, best.key_kind, best.score FROM (
               SELECT DISTINCT ON (scored.memory_id) scored.memory_id, scored.key_kind, scored.score
                 FROM scored ORDER BY scored.memory_id, scored.score DESC, scored.position
             ) AS best
             ORDER BY best.score DESC, best.memory_id LIMIT ${parameters.bind(limit)}`,
            parameters,
          ),
        );
        return result.rows.map((row: { memory_id: string; key_kind: string; score: number }) => ({
          memoryId: row.memory_id,
          score: row.score,
          keyKind: row.key_kind,
        }));
      });
    },

    list(filter, listOptions = {}) {
      const direction = listOptions.order === "desc" ? "DESC" : "ASC";
      return read((client) =>
        selectMemories(
          client,
          filter,
          () => "",
          (parameters) =>
            `ORDER BY m.occurred_at ${direction}, m.id ${direction} LIMIT ${
              listOptions.limit === undefined ? "ALL" : parameters.bind(listOptions.limit)
            } OFFSET ${parameters.bind(listOptions.offset ?? 0)}`,
        ),
      );
    },

    forget(selector) {
      if (selector.ids !== undefined && selector.ids.length === 0) return connection.ready().then(() => []);
      return transaction(async (client) => {
        const parameters = tenantParameters(selector.tenant);
        const conditions = ["m.tenant = $1"];
        if (selector.user !== undefined) conditions.push(`m.user_id = ${parameters.bind(selector.user)}`);
        if (selector.agent !== undefined) conditions.push(`m.agent_id = ${parameters.bind(selector.agent)}`);
        if (selector.session !== undefined)
          conditions.push(`m.session_id = ${parameters.bind(selector.session)}`);
        if (selector.ids !== undefined)
          conditions.push(`m.id = ANY(${parameters.bind(selector.ids)}::text[])`);
        const found = await run(
          client,
          tenantStatement(
            `SELECT m.id FROM engram_memories AS m WHERE ${conditions.join(" AND ")}
              ORDER BY m.occurred_at, m.id FOR UPDATE`,
            parameters,
          ),
        );
        let ids = found.rows.map((row: { id: string }) => row.id);
        if (selector.ids !== undefined) {
          const present = new Set(ids);
          ids = [...new Set(selector.ids)].filter((id) => present.has(id));
        }
        // forgetting a user, agent or tenant forgets its graph too
        if (selector.ids === undefined && selector.session === undefined)
          await graph.forgetScope(client, selector);
        if (ids.length === 0) return ids;
        const gone = tenantParameters(selector.tenant);
        const deleted = await run(
          client,
          tenantStatement(
            `DELETE FROM engram_keys AS k WHERE k.tenant = $1 AND k.memory_id = ANY(${gone.bind(ids)}::text[])
             RETURNING k.lexemes, k.length`,
            gone,
          ),
        );
        let tokens = 0;
        const documents = new Map<string, number>();
        for (const row of deleted.rows as { lexemes: string[]; length: number }[]) {
          tokens += row.length;
          for (const lexeme of row.lexemes) documents.set(lexeme, (documents.get(lexeme) ?? 0) + 1);
        }
        const memories = tenantParameters(selector.tenant);
        await run(
          client,
          tenantStatement(
            `DELETE FROM engram_memories AS m WHERE m.tenant = $1 AND m.id = ANY(${memories.bind(ids)}::text[])`,
            memories,
          ),
        );
        await updateTermStats(client, selector.tenant, deleted.rows.length, tokens, documents, -1);
        return ids;
      });
    },

    async *exportAll(tenant) {
      let cursor: { tenant: string; occurredAt: number; id: string } | null = null;
      for (;;) {
        const after = cursor;
        const page: NewMemory[] = await read(async (client) => {
          const conditions: string[] = [];
          const values: unknown[] = [];
          if (tenant !== undefined) {
            values.push(tenant);
            conditions.push(`m.tenant = $${values.length}`);
          }
          if (after) {
            values.push(after.tenant, after.occurredAt, after.id);
            conditions.push(
              `(m.tenant, m.occurred_at, m.id) > ($${values.length - 2}, $${values.length - 1}, $${values.length})`,
            );
          }
          values.push(EXPORT_PAGE);
          // The one read that may span tenants on purpose (a whole-store export), so it is written out here.
          const records = await client.query(
            `SELECT m.* FROM engram_memories AS m ${conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : ""}
              ORDER BY m.tenant, m.occurred_at, m.id LIMIT $${values.length}`,
            values,
          );
          const rows = records.rows as MemoryRow[];
          if (rows.length === 0) return [];
          const keyRows = await client.query(
            `SELECT k.memory_id, k.tenant, k.key_kind, k.text, k.terms, k.scale, k.embedding::text AS embedding
               FROM engram_keys AS k JOIN unnest($1::text[], $2::text[]) AS w(tenant, id)
                 ON k.tenant = w.tenant AND k.memory_id = w.id
              ORDER BY k.tenant, k.memory_id, k.position`,
            [rows.map((row) => row.tenant), rows.map((row) => row.id)],
          );
          const keysById = new Map<string, MemoryKey[]>();
          for (const row of keyRows.rows as (KeyRow & { tenant: string })[]) {
            const id = `${row.tenant}\u0000${row.memory_id}`;
            const keys = keysById.get(id) ?? [];
            keys.push(toKey(row));
            keysById.set(id, keys);
          }
          return rows.map((row) => ({
            record: memoryFromRow(row),
            keys: keysById.get(`${row.tenant}\u0000${row.id}`) ?? [],
          }));
        });
        if (page.length === 0) return;
        yield* page;
        const last = (page[page.length - 1] as NewMemory).record;
        cursor = { tenant: last.tenant, occurredAt: last.occurredAt, id: last.id };
        if (page.length < EXPORT_PAGE) return;
      }
    },

    stats(tenant) {
      return read(async (client): Promise<StoreStats> => {
        const where = tenant === undefined ? "" : "WHERE tenant = $1";
        const values = tenant === undefined ? [] : [tenant];
        const groups = await client.query<{ kind: string; status: string; n: number }>(
          `SELECT kind, status, count(*) AS n FROM engram_memories ${where} GROUP BY kind, status ORDER BY kind, status`,
          values,
        );
        const byKind: Record<string, number> = {};
        const byStatus: Record<string, number> = {};
        let memories = 0;
        for (const group of groups.rows) {
          byKind[group.kind] = (byKind[group.kind] ?? 0) + group.n;
          byStatus[group.status] = (byStatus[group.status] ?? 0) + group.n;
          memories += group.n;
        }
        const keys = await client.query<{ keys: number; vectors: number }>(
          `SELECT count(*) AS keys, count(embedding) AS vectors FROM engram_keys ${where}`,
          values,
        );
        const people = await client.query<{ tenants: number; users: number }>(
          `SELECT count(DISTINCT tenant) AS tenants,
                  (SELECT count(*) FROM (SELECT DISTINCT tenant, user_id FROM engram_memories
                     ${where === "" ? "WHERE" : `${where} AND`} user_id IS NOT NULL) AS u) AS users
             FROM engram_memories ${where}`,
          values,
        );
        const counts = keys.rows[0] as { keys: number; vectors: number };
        return {
          memories,
          byKind,
          byStatus,
          keys: counts.keys,
          vectors: counts.vectors,
          ...(people.rows[0] as { tenants: number; users: number }),
        };
      });
    },

    updateMemories(tenant, patches) {
      try {
        patches.forEach(checkPatch);
      } catch (error) {
        return Promise.reject(error);
      }
      if (patches.length === 0) return connection.ready().then(() => []);
      // Patches of one memory apply in order: merge them, keeping the order of first mention.
      const merged = new Map<string, MemoryPatch>();
      for (const patch of patches)
        merged.set(patch.id, { ...merged.get(patch.id), ...stripUndefined(patch) });
      const list = [...merged.values()];
      return transaction(async (client) => {
        const parameters = tenantParameters(tenant);
        const ids = parameters.bind(list.map((patch) => patch.id));
        const statuses = parameters.bind(list.map((patch) => patch.status ?? null));
        const updated = await run(
          client,
          tenantStatement(
            `UPDATE engram_memories AS m SET status = coalesce(u.status, m.status),
                    strength = coalesce(u.strength, m.strength), last_seen_at = coalesce(u.last_seen_at, m.last_seen_at)
               FROM unnest(${ids}::text[], ${statuses}::text[], ${parameters.bind(
                 list.map((patch) => patch.strength ?? null),
               )}::float8[], ${parameters.bind(list.map((patch) => patch.lastSeenAt ?? null))}::bigint[])
                 AS u(id, status, strength, last_seen_at)
              WHERE m.tenant = $1 AND m.id = u.id
              RETURNING m.id`,
            parameters,
          ),
        );
        // The keys carry their memory's status, so searches see the change in the same commit.
        const keys = tenantParameters(tenant);
        await run(
          client,
          tenantStatement(
            `UPDATE engram_keys AS k SET status = u.status
               FROM unnest(${keys.bind(list.map((patch) => patch.id))}::text[], ${keys.bind(
                 list.map((patch) => patch.status ?? null),
               )}::text[]) AS u(id, status)
              WHERE k.tenant = $1 AND k.memory_id = u.id AND u.status IS NOT NULL AND k.status <> u.status`,
            keys,
          ),
        );
        const present = new Set(updated.rows.map((row: { id: string }) => row.id));
        return list.map((patch) => patch.id).filter((id) => present.has(id));
      });
    },

    close() {
      return connection.close();
    },

    countRows() {
      return read(async (client) => {
        const result = await client.query<PostgresRowCounts>(
          `SELECT (SELECT count(*) FROM engram_memories) AS memories, (SELECT count(*) FROM engram_keys) AS keys,
                  (SELECT count(embedding) FROM engram_keys) AS vectors,
                  (SELECT count(*) FROM engram_term_stats) AS "termStats"`,
        );
        return result.rows[0] as PostgresRowCounts;
      });
    },
  };
  return store;
}
