/** The SQLite store's schema as versioned migrations, and the checks that tell an Engram file from any other file. */
import type Database from "better-sqlite3";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { GRAPH_MIGRATION_STATEMENTS } from "./graph-schema.js";
import { LEXICAL_MIGRATION_STATEMENTS } from "./lexical-search.js";

export interface Migration {
  version: number;
  statements: string[];
}

/** The value of `meta.app` in every Engram store. */
export const APP_NAME = "engram";

/** Keys of the `meta` table. */
export const META_KEYS = {
  app: "app",
  schemaVersion: "schema_version",
  embedderId: "embedder_id",
  embedderDimensions: "embedder_dimensions",
  /** The reindex under way (a JSON ReindexJob), absent when none is. */
  reindexJob: "reindex_job",
} as const;

/** Every schema change, oldest first. Never edit a released migration: add one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      `CREATE TABLE memories (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        user_id TEXT,
        agent_id TEXT,
        session_id TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        role TEXT,
        speaker TEXT,
        occurred_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        source TEXT,
        sources TEXT NOT NULL,
        metadata TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        count INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        strength REAL NOT NULL,
        status TEXT NOT NULL
      )`,
      "CREATE INDEX memories_scope ON memories (tenant, user_id, agent_id, session_id)",
      "CREATE INDEX memories_text_hash ON memories (tenant, text_hash)",
      "CREATE INDEX memories_occurred ON memories (tenant, occurred_at, id)",
      `CREATE TABLE keys (
        id INTEGER PRIMARY KEY,
        memory_id TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
        tenant TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        terms TEXT NOT NULL,
        vector BLOB,
        scale REAL NOT NULL
      )`,
      "CREATE INDEX keys_memory ON keys (memory_id)",
      // Loads a tenant's vectors, and finds whether any vector exists, without touching lexical-only keys.
      "CREATE INDEX keys_tenant_vector ON keys (tenant) WHERE vector IS NOT NULL",
      `CREATE VIRTUAL TABLE keys_fts USING fts5(
        terms, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 2"
      )`,
    ],
  },
  // entities, facts, relations and mentions
  { version: 2, statements: [...GRAPH_MIGRATION_STATEMENTS] },
  // API keys (a SHA-256 hash of each key, never the key). Earlier versions created this table outside the
  // migrations, so a store may already have it.
  {
    version: 3,
    statements: [
      `CREATE TABLE IF NOT EXISTS api_keys (
        id TEXT PRIMARY KEY,
        key_hash TEXT NOT NULL UNIQUE,
        tenant TEXT NOT NULL,
        admin INTEGER NOT NULL,
        name TEXT,
        prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      )`,
    ],
  },
  // Neighbours and session timelines: the previous or next turn of a session is one index seek, instead of a walk
  // along the tenant's timeline past every other session's turns.
  {
    version: 4,
    statements: ["CREATE INDEX memories_session ON memories (tenant, session_id, occurred_at, id)"],
  },
  // A contentless_delete table never takes forgotten rows out of its statistics (row count, average length), so
  // BM25 kept counting forgotten memories. A plain contentless table forgets exactly through its 'delete' command,
  // given the terms it was written with (the keys table keeps them).
  {
    version: 5,
    statements: [
      "DROP TABLE keys_fts",
      `CREATE VIRTUAL TABLE keys_fts USING fts5(
        terms, content='', tokenize="unicode61 remove_diacritics 2"
      )`,
      `INSERT INTO keys_fts (rowid, terms)
         SELECT id, coalesce((SELECT group_concat(value, ' ' ORDER BY key) FROM json_each(keys.terms)), '') FROM keys`,
    ],
  },
  // Each full-text row carries its scope as tokens, so a recall walks its own scope's rows (issue 18), and the
  // vocabulary tells how many rows a term matches before a query runs.
  { version: 6, statements: [...LEXICAL_MIGRATION_STATEMENTS] },
  // Feedback on recalls and the recall weights learned from it, per tenant.
  {
    version: 7,
    statements: [
      `CREATE TABLE feedback (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        user_id TEXT,
        agent_id TEXT,
        session_id TEXT,
        query TEXT NOT NULL,
        used TEXT NOT NULL,
        rejected TEXT NOT NULL,
        at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL
      )`,
      "CREATE INDEX feedback_tenant ON feedback (tenant, recorded_at, id)",
      "CREATE TABLE scorers (tenant TEXT PRIMARY KEY, file TEXT NOT NULL, updated_at INTEGER NOT NULL)",
    ],
  },
  // What a connection caches of the store (vectors with their memories' scope, kind, status and time; full-text
  // token counts; the embedder binding) changes only with keys, those memory columns and meta. Triggers count such
  // changes, whoever writes them, so a reader that sees another connection's commit (a recall worker, after the
  // server's reinforcement of strength) keeps its caches when nothing they hold changed.
  {
    version: 8,
    statements: [
      "CREATE TABLE cache_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)",
      "INSERT INTO cache_generation (id, value) VALUES (1, 0)",
      ...["INSERT", "DELETE", "UPDATE"].flatMap((event) => [
        `CREATE TRIGGER keys_${event.toLowerCase()}_generation AFTER ${event} ON keys
           BEGIN UPDATE cache_generation SET value = value + 1; END`,
        `CREATE TRIGGER meta_${event.toLowerCase()}_generation AFTER ${event} ON meta
           BEGIN UPDATE cache_generation SET value = value + 1; END`,
      ]),
      `CREATE TRIGGER memories_update_generation AFTER UPDATE ON memories
         WHEN OLD.tenant IS NOT NEW.tenant OR OLD.user_id IS NOT NEW.user_id OR OLD.agent_id IS NOT NEW.agent_id
           OR OLD.session_id IS NOT NEW.session_id OR OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status
           OR OLD.occurred_at IS NOT NEW.occurred_at
         BEGIN UPDATE cache_generation SET value = value + 1; END`,
    ],
  },
  // A batch's writer counts its key inserts once (write.ts), instead of a trigger's update for every key row: the
  // trigger was a fifth of a bulk write's SQLite time. Keys are inserted nowhere else.
  { version: 9, statements: ["DROP TRIGGER keys_insert_generation"] },
  // Text hashes by user: a write's exact-duplicate look-up names its user (or none), and a new memory's hash goes
  // beside that user's others instead of at a random place among the whole tenant's (in a 1M store, a random leaf
  // page read and written back by each write). Issue 18.
  {
    version: 10,
    statements: [
      "DROP INDEX memories_text_hash",
      "CREATE INDEX memories_text_hash ON memories (tenant, user_id, text_hash)",
    ],
  },
];

/** The newest schema this code knows. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

function notEngramStore(path: string, what: string, cause?: unknown): EngramError {
  return new EngramError({
    code: ERROR_CODES.notEngramStore,
    category: "user",
    where: path,
    message: `${what}, so it is not an Engram store: point --db / ENGRAM_DB at an Engram file or a new path`,
    cause,
  });
}

export function readMeta(db: Database.Database, key: string): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value;
}

export function writeMeta(db: Database.Database, key: string, value: string): void {
  db.prepare(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  ).run(key, value);
}

function tableNames(db: Database.Database, path: string): string[] {
  try {
    return (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
    ).filter((name) => !name.startsWith("sqlite_"));
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_NOTADB") {
      throw notEngramStore(path, "this file is not a SQLite database", error);
    }
    throw error;
  }
}

/**
 * The schema version of an existing Engram store, 0 for an empty database; throws `not_engram_store` for any
 * other database and `schema_too_new` for a store written by a newer Engram.
 */
export function inspectSchema(
  db: Database.Database,
  path: string,
  known: readonly Migration[] = MIGRATIONS,
): number {
  const tables = tableNames(db, path);
  if (tables.length === 0) return 0;
  if (!tables.includes("meta")) {
    throw notEngramStore(path, `this SQLite database has other tables (${tables.slice(0, 5).join(", ")})`);
  }
  let app: string | undefined;
  let version: string | undefined;
  try {
    app = readMeta(db, META_KEYS.app);
    version = readMeta(db, META_KEYS.schemaVersion);
  } catch (error) {
    throw notEngramStore(path, "this SQLite database has a `meta` table of another shape", error);
  }
  if (app !== APP_NAME) throw notEngramStore(path, "this SQLite database belongs to another application");
  const number = Number(version);
  if (!Number.isInteger(number) || number < 1) {
    throw new EngramError({
      code: ERROR_CODES.storeFailure,
      category: "system",
      where: path,
      message: `the store's schema_version is "${version}", not a positive integer: restore the file from a backup or export what you can`,
    });
  }
  const newest = known[known.length - 1]?.version ?? 0;
  if (number > newest) {
    throw new EngramError({
      code: ERROR_CODES.schemaTooNew,
      category: "user",
      where: path,
      message: `this store has schema version ${number}, newer than the ${newest} this Engram knows: upgrade Engram to open it`,
    });
  }
  return number;
}

/**
 * Brings the database up to the newest migration in one immediate transaction, so two processes opening a new
 * file at once cannot both create it. Returns the version before and after.
 */
export function migrate(
  db: Database.Database,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const run = db.transaction(() => {
    const from = inspectSchema(db, path, migrations);
    let to = from;
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      for (const statement of migration.statements) db.exec(statement);
      to = migration.version;
    }
    if (to !== from) {
      if (from === 0) writeMeta(db, META_KEYS.app, APP_NAME);
      writeMeta(db, META_KEYS.schemaVersion, String(to));
    }
    return { from, to };
  });
  return run.immediate();
}
