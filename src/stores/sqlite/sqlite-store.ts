/** The embedded default store: one SQLite file (WAL), FTS5 for terms, an in-memory int8 cache for exact vector scans. */
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
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
import { createSqliteGraphStore, type SqliteGraphStore } from "./graph-store.js";
import {
  type AnnIndexStats,
  type AnnVectorIndex,
  createAnnVectorIndex,
  type HnswOptions,
} from "./hnsw-index.js";
import { createSqliteLearningStore } from "./learning-store.js";
import {
  DEFAULT_LEXICAL_BOUNDS,
  type LexicalBounds,
  scopeText,
  searchTermsInScope,
} from "./lexical-search.js";
import { inspectSchema, META_KEYS, migrate, readMeta, SCHEMA_VERSION, writeMeta } from "./schema.js";
import { createVectorIndex } from "./vector-index.js";

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
}

/** Rows in the database itself, for tests that check nothing is left behind. */
export interface StoreRowCounts {
  memories: number;
  keys: number;
  fts: number;
  vectors: number;
}

export interface SqliteStore extends Store {
  readonly reindex: ReindexStore;
  /** `PRAGMA integrity_check`: "ok" when the file is sound, otherwise SQLite's findings, one a line. */
  integrityCheck(): Promise<string>;
  countRows(): Promise<StoreRowCounts>;
  /** Resolves once no HNSW index is being built in the background. */
  vectorIndexesIdle(): Promise<void>;
  /** Each loaded tenant's vector index: its size, its HNSW graph's, and how searches were answered. */
  vectorIndexStats(): Record<string, AnnIndexStats>;
  // the graph tables live in the same file and transactions
  readonly graph: SqliteGraphStore;
}

interface KeyRow {
  id: number;
  memory_id: string;
  kind: string;
  text: string;
  terms: string;
  vector: Buffer | null;
  scale: number;
}

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

const SQLITE_HEADER = "SQLite format 3\0";
const DEFAULT_STATUSES: readonly MemoryStatus[] = ["active"];
const EXPORT_PAGE = 500;
const STATEMENT_CACHE_LIMIT = 200;

function storeFailure(message: string, where?: string, cause?: unknown): EngramError {
  return new EngramError({ code: ERROR_CODES.storeFailure, category: "system", message, where, cause });
}

function storeUnwritable(path: string, message: string, cause?: unknown): EngramError {
  return new EngramError({
    code: ERROR_CODES.storeUnwritable,
    category: "user",
    where: path,
    message,
    cause,
  });
}

function notEngramStore(path: string, what: string, cause?: unknown): EngramError {
  return new EngramError({
    code: ERROR_CODES.notEngramStore,
    category: "user",
    where: path,
    message: `${what}, so it is not an Engram store: point --db / ENGRAM_DB at an Engram file or a new path`,
    cause,
  });
}

/** Turns whatever SQLite or the driver threw into an EngramError that says what to do. */
function toEngramError(error: unknown, path: string): EngramError {
  if (EngramError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (typeof code === "string") {
    if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN") || code === "SQLITE_PERM") {
      return storeUnwritable(
        path,
        `cannot write the store (${detail}): check the file's and folder's permissions, open it without readonly, or choose another path`,
        error,
      );
    }
    if (code === "SQLITE_FULL") {
      return storeUnwritable(path, `the disk is full (${detail}): free some space and retry`, error);
    }
    if (code === "SQLITE_NOTADB") return notEngramStore(path, "this file is not a SQLite database", error);
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
      return storeFailure(
        `the store stayed locked by another process for 5 s (${detail}): retry, or stop the other writer`,
        path,
        error,
      );
    }
  }
  return storeFailure(`the SQLite store failed: ${detail}`, path, error);
}

/** Creates the folder if needed and checks that a file in it can be written. */
function prepareFolder(path: string): void {
  const folder = dirname(path);
  try {
    // a folder made here is the owner's alone, like the file
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw storeUnwritable(
      path,
      `cannot create or write the folder ${folder} (${(error as Error).message}): choose a path in a writable folder (--db / ENGRAM_DB)`,
      error,
    );
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw storeUnwritable(
      path,
      "this path is a folder: point --db / ENGRAM_DB at a file inside it, such as engram.db",
    );
  }
}

/**
 * A new store file is created readable and writable by its owner only (0600): memories and key hashes are private.
 * SQLite gives the -wal and -shm files the database file's mode. An existing file keeps the mode it has.
 */
function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
    throw storeUnwritable(
      path,
      `cannot create the store file (${(error as Error).message}): choose a path in a writable folder (--db / ENGRAM_DB)`,
      error,
    );
  }
}

/** Refuses a non-empty file that does not start with SQLite's header, before SQLite touches it. */
function checkHeader(path: string): void {
  if (!existsSync(path)) return;
  const size = statSync(path).size;
  if (size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const descriptor = openSync(path, "r");
  try {
    readSync(descriptor, header, 0, header.length, 0);
  } finally {
    closeSync(descriptor);
  }
  if (size < 100 || header.toString("latin1") !== SQLITE_HEADER) {
    throw notEngramStore(path, "this file is not a SQLite database");
  }
}

function openDatabase(path: string, readonly: boolean): Database.Database {
  const inMemory = path === ":memory:";
  const file = inMemory ? path : resolve(path);
  if (!inMemory) {
    if (readonly) {
      if (!existsSync(file)) {
        throw notEngramStore(path, "no file exists here to open read-only");
      }
    } else {
      prepareFolder(file);
      createPrivateFile(file);
    }
    checkHeader(file);
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw toEngramError(error, path);
  }
  try {
    db.pragma("busy_timeout = 5000");
    const version = inspectSchema(db, path);
    if (readonly) {
      if (version === 0) throw notEngramStore(path, "this SQLite database is empty");
      if (version < SCHEMA_VERSION) {
        throw storeUnwritable(
          path,
          `this store has schema version ${version} and needs migrating to ${SCHEMA_VERSION}: open it once without readonly`,
        );
      }
    } else {
      // Only now, once the file is known to be ours (or empty), may anything be written to it.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      migrate(db, path);
    }
    db.pragma("foreign_keys = ON");
    return db;
  } catch (error) {
    db.close();
    throw toEngramError(error, path);
  }
}

function parseJson(text: string, field: string, memoryId: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw storeFailure(
      `the stored ${field} of memory ${memoryId} is not valid JSON: restore the file from a backup, or forget this memory`,
      memoryId,
      error,
    );
  }
}

function toKey(row: KeyRow): MemoryKey {
  const terms = parseJson(row.terms, "terms", row.memory_id);
  if (!Array.isArray(terms)) {
    throw storeFailure(`the stored terms of a key of memory ${row.memory_id} are not a JSON array`);
  }
  return {
    memoryId: row.memory_id,
    kind: row.kind,
    text: row.text,
    terms: terms as string[],
    // A copy: the driver's buffer may be a view into a pool.
    vector:
      row.vector === null
        ? null
        : Int8Array.from(new Int8Array(row.vector.buffer, row.vector.byteOffset, row.vector.length)),
    scale: row.scale,
  };
}

/** A condition on one metadata entry that compares JSON types as well as values (1 ≠ "1" ≠ true). */
function metadataCondition(key: string, value: JsonValue): { sql: string; params: unknown[] } {
  const entry = "SELECT 1 FROM json_each(m.metadata) AS j WHERE j.key = ?";
  if (value === null) return { sql: `EXISTS (${entry} AND j.type = 'null')`, params: [key] };
  if (typeof value === "boolean") {
    return { sql: `EXISTS (${entry} AND j.type = '${value ? "true" : "false"}')`, params: [key] };
  }
  if (typeof value === "number") {
    return {
      sql: `EXISTS (${entry} AND j.type IN ('integer', 'real') AND j.atom = ?)`,
      params: [key, value],
    };
  }
  if (typeof value === "string") {
    return { sql: `EXISTS (${entry} AND j.type = 'text' AND j.atom = ?)`, params: [key, value] };
  }
  // Arrays and objects compare as minified JSON text (object key order matters).
  const type = Array.isArray(value) ? "array" : "object";
  return {
    sql: `EXISTS (${entry} AND j.type = '${type}' AND json(j.value) = json(?))`,
    params: [key, JSON.stringify(value)],
  };
}

/** The WHERE clause (over alias `m`) shared by list, findByTextHash and both searches. */
function filterClause(filter: MemoryFilter): { sql: string; params: unknown[] } {
  const conditions = ["m.tenant = ?"];
  const params: unknown[] = [filter.tenant];
  if (filter.user !== undefined) {
    conditions.push("m.user_id = ?");
    params.push(filter.user);
  }
  if (filter.agent !== undefined) {
    conditions.push("m.agent_id = ?");
    params.push(filter.agent);
  }
  if (filter.session !== undefined) {
    conditions.push("m.session_id = ?");
    params.push(filter.session);
  }
  if (filter.kinds !== undefined) {
    conditions.push("m.kind IN (SELECT value FROM json_each(?))");
    params.push(JSON.stringify(filter.kinds));
  }
  if (filter.from !== undefined) {
    conditions.push("m.occurred_at >= ?");
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    conditions.push("m.occurred_at <= ?");
    params.push(filter.to);
  }
  conditions.push("m.status IN (SELECT value FROM json_each(?))");
  params.push(JSON.stringify(filter.statuses ?? DEFAULT_STATUSES));
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    const condition = metadataCondition(key, value);
    conditions.push(condition.sql);
    params.push(...condition.params);
  }
  return { sql: conditions.join(" AND "), params };
}

/** The text a key's FTS row holds: its terms joined by spaces (forget must pass the same text back). */
function termsText(terms: readonly string[]): string {
  return terms.join(" ");
}

/** The FTS text of a stored key, from the JSON terms column. */
function keyTermsText(json: string, memoryId: string): string {
  const terms = parseJson(json, "terms", memoryId);
  if (!Array.isArray(terms)) {
    throw storeFailure(`the stored terms of a key of memory ${memoryId} are not a JSON array`);
  }
  return termsText(terms as string[]);
}

function vectorBlob(vector: Int8Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Refuses a patch that would store an impossible state, before anything is written. */
function checkPatch(patch: MemoryPatch, position: number): void {
  const where = `patches[${position}]`;
  const fail = (message: string) =>
    new EngramError({ code: ERROR_CODES.invalidInput, category: "user", where, message });
  if (typeof patch.id !== "string" || patch.id.length === 0)
    throw fail("the patch has no memory id: name the memory to change");
  if (patch.status !== undefined && patch.status !== "active" && patch.status !== "archived") {
    throw fail(`status "${String(patch.status)}" is not a status: use "active" or "archived"`);
  }
  if (
    patch.strength !== undefined &&
    !(Number.isFinite(patch.strength) && patch.strength >= 0 && patch.strength <= 1)
  ) {
    throw fail(`strength ${String(patch.strength)} is outside [0, 1]: pass a number from 0 to 1`);
  }
  if (patch.lastSeenAt !== undefined && !Number.isFinite(patch.lastSeenAt)) {
    throw fail(`lastSeenAt ${String(patch.lastSeenAt)} is not a time: pass milliseconds since the epoch`);
  }
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

function describeBinding(binding: EmbedderBinding | null, dimensions: number | null): string {
  if (binding) return `${binding.id} (${binding.dimensions} dims)`;
  return `an unnamed embedder (${dimensions ?? "?"} dims)`;
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
  const path = options.path;
  const db = openDatabase(path, options.readonly ?? false);
  let closed = false;

  const statements = new Map<string, Database.Statement>();
  /** A prepared statement, reused for the same SQL text. */
  function statement(sql: string): Database.Statement {
    let prepared = statements.get(sql);
    if (!prepared) {
      if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear();
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  }

  // Caches of what the database says; dropped whenever another connection commits.
  const indexes = new Map<string, AnnVectorIndex>();
  const lexicalBounds = { ...DEFAULT_LEXICAL_BOUNDS, ...options.lexical };
  const hnswFolder = path === ":memory:" || options.hnsw === false ? null : `${resolve(path)}.hnsw`;
  function dropIndexes(): void {
    for (const index of indexes.values()) index.close();
    indexes.clear();
  }
  let dimensionsCache: number | null | undefined;
  let bindingCache: EmbedderBinding | null | undefined;
  let dataVersion = -1;

  function invalidateCaches(): void {
    dropIndexes();
    dimensionsCache = undefined;
    bindingCache = undefined;
  }

  /** `PRAGMA data_version` changes only when another connection commits: then everything cached may be stale. */
  function syncWithOtherConnections(): void {
    const version = statement("PRAGMA data_version").pluck().get() as number;
    if (version !== dataVersion) {
      invalidateCaches();
      dataVersion = version;
    }
  }

  function storedDimensions(): number | null {
    if (dimensionsCache === undefined) {
      const length = statement("SELECT length(vector) FROM keys WHERE vector IS NOT NULL LIMIT 1")
        .pluck()
        .get() as number | undefined;
      dimensionsCache = length ?? null;
    }
    return dimensionsCache;
  }

  function storedBinding(): EmbedderBinding | null {
    if (bindingCache === undefined) {
      const id = readMeta(db, META_KEYS.embedderId);
      const dimensions = readMeta(db, META_KEYS.embedderDimensions);
      bindingCache =
        id === undefined || dimensions === undefined ? null : { id, dimensions: Number(dimensions) };
    }
    return bindingCache;
  }

  function call<T>(work: () => T): Promise<T> {
    try {
      if (closed) throw storeFailure("this store is closed: open it again with createSqliteStore", path);
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(toEngramError(error, path));
    }
  }

  function loadIndex(tenant: string, dimensions: number): AnnVectorIndex {
    let index = indexes.get(tenant);
    if (index) return index;
    index = createAnnVectorIndex(createVectorIndex(dimensions), {
      folder: hnswFolder,
      tenant,
      options: options.hnsw === false ? undefined : options.hnsw,
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

  function selectRecords(where: string, params: unknown[], tail = ""): MemoryRecord[] {
    const rows = statement(`SELECT m.* FROM memories AS m WHERE ${where} ${tail}`).all(
      ...params,
    ) as MemoryRow[];
    return rows.map(memoryFromRow);
  }

  /** Checks the whole batch before anything is written; returns the vector size it uses, if any. */
  function checkBatch(batch: WriteBatch): number | null {
    const seen = new Set<string>();
    let dimensions = storedDimensions();
    const binding = storedBinding();
    for (const [position, insert] of batch.inserts.entries()) {
      const record = insert.record;
      const where = `inserts[${position}]`;
      if (typeof record.tenant !== "string" || record.tenant.length === 0) {
        throw new EngramError({
          code: ERROR_CODES.invalidInput,
          category: "user",
          where,
          message: "the record has no tenant: resolve the scope before writing",
        });
      }
      if (seen.has(record.id)) {
        throw new EngramError({
          code: ERROR_CODES.invalidInput,
          category: "user",
          where,
          message: `memory id ${record.id} appears twice in one batch: give each new memory its own id`,
        });
      }
      seen.add(record.id);
      for (const [keyPosition, key] of insert.keys.entries()) {
        if (key.memoryId !== record.id) {
          throw new EngramError({
            code: ERROR_CODES.invalidInput,
            category: "user",
            where: `${where}.keys[${keyPosition}]`,
            message: `the key points to memory ${key.memoryId}, not to ${record.id}: a new memory's keys must point to it`,
          });
        }
        if (key.vector === null) continue;
        if (binding && key.vector.length !== binding.dimensions) {
          throw embedderMismatch(
            describeBinding(binding, dimensions),
            `a vector of ${key.vector.length} dims`,
          );
        }
        if (dimensions !== null && key.vector.length !== dimensions) {
          throw embedderMismatch(
            describeBinding(binding, dimensions),
            `a vector of ${key.vector.length} dims`,
          );
        }
        dimensions = key.vector.length;
      }
    }
    return dimensions;
  }

  /** The vector search of several queries under one filter: the filter's rows are selected once. */
  function searchVectorsMany(filter: MemoryFilter, queries: Float32Array[], limit: number): VectorHit[][] {
    syncWithOtherConnections();
    const dimensions = storedDimensions() ?? storedBinding()?.dimensions ?? null;
    for (const query of queries) {
      if (dimensions !== null && query.length !== dimensions) {
        throw embedderMismatch(
          describeBinding(storedBinding(), dimensions),
          `a query vector of ${query.length} dims`,
        );
      }
    }
    const none = queries.map((): VectorHit[] => []);
    if (limit <= 0 || storedDimensions() === null || queries.length === 0) return none;
    let memoryIds: Set<string> | undefined;
    if (filter.metadata !== undefined && Object.keys(filter.metadata).length > 0) {
      const clause = filterClause(filter);
      const ids = statement(`SELECT m.id FROM memories AS m WHERE ${clause.sql}`)
        .pluck()
        .all(...clause.params) as string[];
      if (ids.length === 0) return none;
      memoryIds = new Set(ids);
    }
    const index = loadIndex(filter.tenant, (queries[0] as Float32Array).length);
    const quantized: { query: Int8Array; scale: number }[] = [];
    const positions: number[] = [];
    queries.forEach((query, position) => {
      let norm = 0;
      for (let i = 0; i < query.length; i++) norm += (query[i] as number) * (query[i] as number);
      if (norm === 0) return;
      const values = quantizeInt8(query);
      quantized.push({ query: values.values, scale: values.scale / Math.sqrt(norm) });
      positions.push(position);
    });
    const found = index.searchMany(
      quantized,
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
    );
    positions.forEach((position, i) => {
      none[position] = found[i] as VectorHit[];
    });
    return none;
  }

  // the knowledge graph over the same database
  const graph = createSqliteGraphStore(db, call);

  function storedJob(): ReindexJob | null {
    const text = readMeta(db, META_KEYS.reindexJob);
    return text === undefined ? null : (JSON.parse(text) as ReindexJob);
  }

  function requireJob(): ReindexJob {
    const job = storedJob();
    if (!job) throw storeFailure("no reindex is under way: start one first", path);
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

  const reindex: ReindexStore = {
    job() {
      return call(() => storedJob());
    },

    start(target, mode) {
      return call(() =>
        db
          .transaction((): ReindexJob => {
            const existing = storedJob();
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
      return call((): KeyTexts[] => {
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
      return call(() => {
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
        invalidateCaches();
        return done;
      });
    },

    finish() {
      return call(() => {
        db.transaction(() => {
          const job = requireJob();
          writeMeta(db, META_KEYS.embedderId, job.target.id);
          writeMeta(db, META_KEYS.embedderDimensions, String(job.target.dimensions));
          db.prepare("DELETE FROM meta WHERE key = ?").run(META_KEYS.reindexJob);
        }).immediate();
        invalidateCaches();
      });
    },
  };

  const store: SqliteStore = {
    name: `sqlite:${path}`,
    graph,
    reindex,
    learning: createSqliteLearningStore(db, call),

    bindEmbedder(binding) {
      return call(() => {
        syncWithOtherConnections();
        const job = storedJob();
        if (job?.mode === "all") throw reindexUnderWay(job);
        const current = storedBinding();
        if (current && current.id === binding.id && current.dimensions === binding.dimensions) return;
        const dimensions = storedDimensions();
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
        db.transaction(() => {
          writeMeta(db, META_KEYS.embedderId, binding.id);
          writeMeta(db, META_KEYS.embedderDimensions, String(binding.dimensions));
        })();
        bindingCache = { id: binding.id, dimensions: binding.dimensions };
      });
    },

    write(batch) {
      return call(() => {
        syncWithOtherConnections();
        const dimensions = checkBatch(batch);
        const insertMemory = statement(
          `INSERT INTO memories (id, tenant, user_id, agent_id, session_id, kind, text, role, speaker, occurred_at,
             recorded_at, source, sources, metadata, text_hash, count, last_seen_at, strength, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const memoryExists = statement("SELECT 1 FROM memories WHERE id = ?").pluck();
        const insertKey = statement(
          "INSERT INTO keys (memory_id, tenant, kind, text, terms, vector, scale) VALUES (?, ?, ?, ?, ?, ?, ?)",
        );
        const insertTerms = statement("INSERT INTO keys_fts (rowid, terms, scope) VALUES (?, ?, ?)");
        const selectForReinforcement = statement(
          "SELECT tenant, sources, last_seen_at FROM memories WHERE id = ?",
        );
        const reinforce = statement(
          "UPDATE memories SET sources = ?, count = count + 1, last_seen_at = ?, strength = ? WHERE id = ?",
        );
        const keyIds: number[][] = [];
        db.transaction(() => {
          for (const [position, { record, keys }] of batch.inserts.entries()) {
            const ids: number[] = [];
            keyIds.push(ids);
            if (memoryExists.get(record.id) !== undefined) {
              throw new EngramError({
                code: ERROR_CODES.invalidInput,
                category: "user",
                where: `inserts[${position}]`,
                message: `memory ${record.id} already exists: reinforce it, or give the new memory another id`,
              });
            }
            insertMemory.run(
              record.id,
              record.tenant,
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
              insertTerms.run(keyId, termsText(key.terms), scopeText(record.tenant, record.user));
            }
          }
          for (const [position, reinforcement] of batch.reinforcements.entries()) {
            const row = selectForReinforcement.get(reinforcement.memoryId) as
              | { tenant: string; sources: string; last_seen_at: number }
              | undefined;
            if (!row || row.tenant !== reinforcement.tenant) {
              throw new EngramError({
                code: ERROR_CODES.notFound,
                category: "user",
                where: `reinforcements[${position}]`,
                message: `no memory ${reinforcement.memoryId} in tenant ${reinforcement.tenant}: nothing was written; reinforce a memory that exists`,
              });
            }
            const sources = parseJson(row.sources, "sources", reinforcement.memoryId);
            if (!Array.isArray(sources)) {
              throw storeFailure(
                `the stored sources of memory ${reinforcement.memoryId} are not a JSON array`,
              );
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
        })();

        // Committed: bring the caches up to date in place.
        if (dimensions !== null && dimensionsCache !== dimensions) {
          dropIndexes();
          dimensionsCache = dimensions;
        }
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
      });
    },

    keys(tenant, ids, kinds) {
      return call(() => {
        if (ids.length === 0 || kinds?.length === 0) return [];
        const rows = statement(
          `SELECT k.* FROM json_each(?) AS wanted CROSS JOIN keys AS k ON k.memory_id = wanted.value
            WHERE k.tenant = ?${kinds ? " AND k.kind IN (SELECT value FROM json_each(?))" : ""} ORDER BY k.id`,
        ).all(
          JSON.stringify([...new Set(ids)]),
          tenant,
          ...(kinds ? [JSON.stringify(kinds)] : []),
        ) as KeyRow[];
        return rows.map(toKey);
      });
    },

    get(tenant, ids) {
      return call(() => {
        if (ids.length === 0) return [];
        const rows = statement(
          "SELECT m.* FROM json_each(?) AS wanted CROSS JOIN memories AS m ON m.id = wanted.value WHERE m.tenant = ?",
        ).all(JSON.stringify(ids), tenant) as MemoryRow[];
        const records = rows.map(memoryFromRow);
        const byId = new Map(records.map((record) => [record.id, record]));
        const result: MemoryRecord[] = [];
        for (const id of new Set(ids)) {
          const record = byId.get(id);
          if (record) result.push(record);
        }
        return result;
      });
    },

    findByTextHash(filter, hashes) {
      return call(() => {
        if (hashes.length === 0) return [];
        const clause = filterClause(filter);
        // CROSS JOIN fixes the join order: one seek in the text-hash index per hash, never a walk over the scope.
        const rows = statement(
          `SELECT m.* FROM (SELECT DISTINCT value FROM json_each(?)) AS wanted
             CROSS JOIN memories AS m ON m.text_hash = wanted.value
            WHERE ${clause.sql} ORDER BY m.occurred_at, m.id`,
        ).all(JSON.stringify(hashes), ...clause.params) as MemoryRow[];
        return rows.map(memoryFromRow);
      });
    },

    searchVectors(filter, query, limit) {
      return call(() => searchVectorsMany(filter, [query], limit)[0] as VectorHit[]);
    },

    searchVectorsMany(filter, queries, limit) {
      return call(() => searchVectorsMany(filter, queries, limit));
    },

    searchTerms(filter, terms, limit) {
      return call((): LexicalHit[] =>
        searchTermsInScope(statement, filter, terms, limit, filterClause(filter), lexicalBounds),
      );
    },

    list(filter, listOptions = {}) {
      return call(() => {
        const clause = filterClause(filter);
        const direction = listOptions.order === "desc" ? "DESC" : "ASC";
        // A literal LIMIT lets SQLite stop after that many rows of the index walk (a bound parameter runs about
        // three times slower for the one-row look-ups neighbours make); only an integer is ever written in.
        const limit = listOptions.limit ?? -1;
        const limitSql = Number.isSafeInteger(limit) ? String(limit) : "?";
        return selectRecords(
          clause.sql,
          [...clause.params, ...(limitSql === "?" ? [limit] : []), listOptions.offset ?? 0],
          `ORDER BY m.occurred_at ${direction}, m.id ${direction} LIMIT ${limitSql} OFFSET ?`,
        );
      });
    },

    forget(selector) {
      return call((): string[] => {
        syncWithOtherConnections();
        if (selector.ids !== undefined && selector.ids.length === 0) return [];
        const conditions = ["tenant = ?"];
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
        const removed = db.transaction(() => {
          let ids = statement(
            `SELECT id FROM memories WHERE ${conditions.join(" AND ")} ORDER BY occurred_at, id`,
          )
            .pluck()
            .all(...params) as string[];
          if (selector.ids !== undefined) {
            const found = new Set(ids);
            ids = [...new Set(selector.ids)].filter((id) => found.has(id));
          }
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
          for (const row of keyRows)
            deleteTerms.run(
              row.id,
              keyTermsText(row.terms, row.memory_id),
              scopeText(row.tenant, row.user_id),
            );
          statement("DELETE FROM keys WHERE memory_id IN (SELECT value FROM json_each(?))").run(list);
          statement("DELETE FROM memories WHERE id IN (SELECT value FROM json_each(?))").run(list);
          return ids;
        })();
        if (removed.length > 0) {
          indexes.get(selector.tenant)?.removeMemories(removed);
          dimensionsCache = undefined;
        }
        return removed;
      });
    },

    async *exportAll(tenant) {
      let cursor: { tenant: string; occurredAt: number; id: string } | null = null;
      for (;;) {
        const page: NewMemory[] = await call(() => {
          const conditions: string[] = [];
          const params: unknown[] = [];
          if (tenant !== undefined) {
            conditions.push("m.tenant = ?");
            params.push(tenant);
          }
          if (cursor) {
            conditions.push("(m.tenant, m.occurred_at, m.id) > (?, ?, ?)");
            params.push(cursor.tenant, cursor.occurredAt, cursor.id);
          }
          const records = selectRecords(
            conditions.length > 0 ? conditions.join(" AND ") : "1",
            [...params, EXPORT_PAGE],
            "ORDER BY m.tenant, m.occurred_at, m.id LIMIT ?",
          );
          if (records.length === 0) return [];
          const keyRows = statement(
            "SELECT * FROM keys WHERE memory_id IN (SELECT value FROM json_each(?)) ORDER BY id",
          ).all(JSON.stringify(records.map((record) => record.id))) as KeyRow[];
          const keysById = new Map<string, MemoryKey[]>();
          for (const row of keyRows) {
            const keys = keysById.get(row.memory_id) ?? [];
            keys.push(toKey(row));
            keysById.set(row.memory_id, keys);
          }
          return records.map((record) => ({ record, keys: keysById.get(record.id) ?? [] }));
        });
        if (page.length === 0) return;
        yield* page;
        const last = (page[page.length - 1] as NewMemory).record;
        cursor = { tenant: last.tenant, occurredAt: last.occurredAt, id: last.id };
        if (page.length < EXPORT_PAGE) return;
      }
    },

    stats(tenant) {
      return call((): StoreStats => {
        const where = tenant === undefined ? "" : "WHERE tenant = ?";
        const params = tenant === undefined ? [] : [tenant];
        const groups = statement(
          `SELECT kind, status, count(*) AS n FROM memories ${where} GROUP BY kind, status`,
        ).all(...params) as { kind: string; status: string; n: number }[];
        const byKind: Record<string, number> = {};
        const byStatus: Record<string, number> = {};
        let memories = 0;
        for (const group of groups) {
          byKind[group.kind] = (byKind[group.kind] ?? 0) + group.n;
          byStatus[group.status] = (byStatus[group.status] ?? 0) + group.n;
          memories += group.n;
        }
        const keys = statement(`SELECT count(*) AS keys, count(vector) AS vectors FROM keys ${where}`).get(
          ...params,
        ) as { keys: number; vectors: number };
        const people = statement(
          `SELECT count(DISTINCT tenant) AS tenants,
                  (SELECT count(*) FROM (SELECT DISTINCT tenant, user_id FROM memories
                     ${where === "" ? "WHERE" : `${where} AND`} user_id IS NOT NULL)) AS users
             FROM memories ${where}`,
        ).get(...params, ...params) as { tenants: number; users: number };
        return { memories, byKind, byStatus, keys: keys.keys, vectors: keys.vectors, ...people };
      });
    },

    // archive, restore and strength updates
    updateMemories(tenant, patches) {
      return call((): string[] => {
        syncWithOtherConnections();
        patches.forEach(checkPatch);
        if (patches.length === 0) return [];
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
            if (!ids.includes(patch.id)) ids.push(patch.id);
          }
          return ids;
        })();
        // Committed: the vector cache filters on status, so it follows at once.
        const index = indexes.get(tenant);
        if (index) {
          for (const status of new Set(statusChanges.values())) {
            index.setStatus(
              [...statusChanges].filter(([, value]) => value === status).map(([id]) => id),
              status,
            );
          }
        }
        return updated;
      });
    },

    close() {
      if (!closed) {
        closed = true;
        dropIndexes();
        statements.clear();
        db.close();
      }
      return Promise.resolve();
    },

    async vectorIndexesIdle() {
      for (const index of indexes.values()) await index.idle();
    },

    vectorIndexStats() {
      return Object.fromEntries([...indexes].map(([tenant, index]) => [tenant, index.stats()]));
    },

    integrityCheck() {
      return call(() =>
        (db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[])
          .map((row) => row.integrity_check)
          .join("\n"),
      );
    },

    countRows() {
      return call(
        () =>
          db
            .prepare(
              `SELECT (SELECT count(*) FROM memories) AS memories, (SELECT count(*) FROM keys) AS keys,
                      (SELECT count(*) FROM keys_fts) AS fts, (SELECT count(vector) FROM keys) AS vectors`,
            )
            .get() as StoreRowCounts,
      );
    },
  };
  return store;
}
