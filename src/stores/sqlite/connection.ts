/**
 * One open SQLite store: its database handle, its prepared statements, and what is cached of the database (the
 * embedder binding, the stored vector size, each tenant's vector index), dropped whenever another connection commits.
 */
import type Database from "better-sqlite3";
import type { EmbedderBinding } from "../../spec/store.js";
import { termTokens } from "../runtime/bm25.js";
import type { VectorState } from "../runtime/store-rules.js";
import { createCheckpointer } from "./checkpointer.js";
import { createLexicalScopes, type LexicalScopes } from "./lexical-scopes.js";
import { openDatabase } from "./open-database.js";
import { META_KEYS, readMeta } from "./schema.js";

const STATEMENT_CACHE_LIMIT = 200;
/** Tokens whose full-text row counts are kept between writes. */
const TERM_COUNT_CACHE_LIMIT = 50_000;
/** Key rows of small scopes kept in memory for the lexical channel, all scopes together (lexical-scopes.ts). */
const LEXICAL_SCOPE_ROWS = 100_000;

/**
 * Runs synchronous database work as a promise: a throw becomes a rejection. The store runtime guards every call
 * around it (closed check, error mapping), so the graph, learning and reindex parts only need this.
 */
export function runAsync<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error);
  }
}

export interface SqliteConnection {
  readonly db: Database.Database;
  /** The path as given: errors name it. */
  readonly path: string;
  /** A prepared statement, reused for the same SQL text. */
  statement(sql: string): Database.Statement;
  /**
   * `PRAGMA data_version` changes only when another connection commits: then, if that commit changed what the caches
   * hold (the store's cache generation, counted by triggers: keys, meta, a memory's scope, kind, status or time),
   * everything cached is dropped; a commit of strength or reinforcement alone leaves the caches.
   */
  sync(): void;
  /** Drops every cache (after a commit that rewrote vectors or the binding). */
  invalidate(): void;
  /**
   * How many full-text rows hold this token (FTS5's vocabulary walks the token's whole row list for it, a cost that
   * grows with the store), cached until this connection changes the full-text index or another one commits.
   */
  termDocuments(token: string): number;
  /**
   * Full-text rows this connection added (sign 1) or removed (−1), as FTS5 was given them (terms and scope text):
   * the cached counts of their tokens follow, so a recall after a write needs no walk of a common token's rows.
   */
  termsChanged(rows: readonly { terms: string; scope: string }[], sign: 1 | -1): void;
  /**
   * Small scopes' key rows held for the lexical channel: dropped with every other cache, and by this connection's
   * own changes to keys (termsChanged) or to memories' status (statusesChanged).
   */
  readonly lexicalScopes: LexicalScopes;
  /** This connection committed a change of some memories' status. */
  statusesChanged(): void;
  /** Called whenever the caches are dropped: the vector indexes register here. */
  onInvalidate(listener: () => void): void;
  /** The binding and the stored vector size, read once and then cached. */
  vectorState(): VectorState;
  /** The vector size cached now: undefined when it must be read again. */
  cachedDimensions(): number | null | undefined;
  /** Records the vector size a commit left (undefined: read it again). */
  setDimensions(dimensions: number | null | undefined): void;
  /** Records the binding a commit saved. */
  setBinding(binding: EmbedderBinding): void;
  /** After a committed write: moves WAL checkpoints to their worker once the store has written enough (checkpointer.ts). */
  wrote(): void;
  /** Whether checkpoints run in their worker now (else in the commits, as SQLite does by default), and how many it ran. */
  walCheckpoints(): { background: boolean; runs: number };
  close(): void;
}

/** Where WAL checkpoints run: in a worker thread once the store writes (default), or inside commits as SQLite does. */
export type CheckpointMode = "background" | "inline";

/**
 * Opens the file (see openDatabase) and keeps its statements and caches.
 * @example
 * const connection = openSqliteConnection("data/engram.db", false);
 * const count = connection.statement("SELECT count(*) FROM memories").pluck().get();
 */
export function openSqliteConnection(
  path: string,
  readonly: boolean,
  checkpoints: CheckpointMode = "background",
  pageCacheMiB?: number,
): SqliteConnection {
  const db = openDatabase(path, readonly, pageCacheMiB);
  const checkpointer =
    readonly || path === ":memory:" || checkpoints === "inline" ? null : createCheckpointer(db, db.name);
  const statements = new Map<string, Database.Statement>();
  const listeners: (() => void)[] = [];
  let dimensionsCache: number | null | undefined;
  let bindingCache: EmbedderBinding | null | undefined;
  let dataVersion = -1;
  let generation: number | null = null;
  const termCounts = new Map<string, number>();
  const lexicalScopes = createLexicalScopes(LEXICAL_SCOPE_ROWS);

  function statement(sql: string): Database.Statement {
    let prepared = statements.get(sql);
    if (!prepared) {
      if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear();
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  }

  function invalidate(): void {
    for (const listener of listeners) listener();
    termCounts.clear();
    lexicalScopes.clear();
    dimensionsCache = undefined;
    bindingCache = undefined;
  }

  /** The cache generation, or null in a store opened read-only before schema 8 (then every commit invalidates). */
  function storedGeneration(): number | null {
    try {
      return statement("SELECT value FROM cache_generation").pluck().get() as number;
    } catch (error) {
      if (/no such table/.test(String((error as Error).message))) return null;
      throw error;
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

  return {
    db,
    path,
    statement,
    sync() {
      const version = statement("PRAGMA data_version").pluck().get() as number;
      if (version === dataVersion) return;
      dataVersion = version;
      // read after data_version: a commit landing in between changes data_version again, seen at the next sync
      const now = storedGeneration();
      if (now === null || now !== generation) invalidate();
      generation = now;
    },
    invalidate,
    termDocuments(token) {
      let count = termCounts.get(token);
      if (count === undefined) {
        count =
          (statement("SELECT doc FROM keys_fts_vocab WHERE term = ?").pluck().get(token) as
            | number
            | undefined) ?? 0;
        if (termCounts.size >= TERM_COUNT_CACHE_LIMIT) termCounts.clear();
        termCounts.set(token, count);
      }
      return count;
    },
    termsChanged(rows, sign) {
      if (rows.length > 0) lexicalScopes.clear();
      if (termCounts.size === 0) return;
      for (const row of rows) {
        // a row counts once per token, however often the token occurs in it
        const tokens = new Set([...termTokens(row.terms), ...termTokens(row.scope)]);
        for (const token of tokens) {
          const count = termCounts.get(token);
          if (count !== undefined) termCounts.set(token, count + sign);
        }
      }
    },
    lexicalScopes,
    statusesChanged() {
      lexicalScopes.clear();
    },
    onInvalidate(listener) {
      listeners.push(listener);
    },
    vectorState: () => ({ binding: storedBinding(), dimensions: storedDimensions() }),
    cachedDimensions: () => dimensionsCache,
    setDimensions(dimensions) {
      dimensionsCache = dimensions;
    },
    setBinding(binding) {
      bindingCache = { id: binding.id, dimensions: binding.dimensions };
    },
    wrote() {
      checkpointer?.wrote();
    },
    walCheckpoints: () => ({
      background: checkpointer?.running() ?? false,
      runs: checkpointer?.checkpoints() ?? 0,
    }),
    close() {
      for (const listener of listeners) listener();
      statements.clear();
      checkpointer?.close();
      db.close();
    },
  };
}
