/** API keys in the store's own SQLite file (table `api_keys`): a SHA-256 hash of each key, never the key. */
import Database from "better-sqlite3";
import type { ApiKeyRecord, ApiKeyStore, NewApiKeyInput } from "../../spec/api-keys.js";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { apiKeyNotFound, hashApiKey, looksLikeApiKey, newApiKey } from "../api-key-common.js";
import { migrate } from "./schema.js";
import { createSqliteStore } from "./sqlite-store.js";

export interface SqliteApiKeyStoreOptions {
  /** The Engram SQLite file; it is created (and migrated) when it does not exist yet. */
  path: string;
  now?: () => number;
}

interface ApiKeyRow {
  id: string;
  tenant: string;
  admin: number;
  name: string | null;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    admin: row.admin === 1,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

function failure(path: string, error: unknown): EngramError {
  if (EngramError.isInstance(error)) return error;
  return new EngramError({
    code: ERROR_CODES.storeFailure,
    category: "system",
    where: path,
    message: `the API key table failed: ${(error as Error)?.message ?? String(error)}`,
    cause: error,
  });
}

/**
 * Opens the API keys kept in an Engram SQLite file.
 * @example
 * const keys = createSqliteApiKeyStore({ path: "engram.db" });
 * const { key } = await keys.create({ tenant: "acme" }); // show `key` once; only its hash is kept
 * (await keys.verify(key))?.tenant; // "acme"
 */
export function createSqliteApiKeyStore(options: SqliteApiKeyStoreOptions): ApiKeyStore {
  const path = options.path;
  const now = options.now ?? Date.now;
  // Opening the memory store first checks the file is Engram's (or new) and migrates it: the `api_keys` table is
  // one of its migrations. A private in-memory database is migrated here instead.
  if (path !== ":memory:") void createSqliteStore({ path }).close();
  const db = new Database(path);
  db.pragma("busy_timeout = 5000");
  if (path === ":memory:") migrate(db, path);
  const byHash = db.prepare("SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL");
  const byId = db.prepare("SELECT * FROM api_keys WHERE id = ?");
  const all = db.prepare("SELECT * FROM api_keys ORDER BY created_at DESC, id DESC");
  const anyActive = db.prepare("SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1").pluck();
  const insert = db.prepare(
    "INSERT INTO api_keys (id, key_hash, tenant, admin, name, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const revoke = db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  let closed = false;

  function call<T>(work: () => T): Promise<T> {
    try {
      if (closed) throw failure(path, new Error("the key store is closed"));
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(failure(path, error));
    }
  }

  return {
    create(input: NewApiKeyInput) {
      return call(() => {
        const { key, hash, record } = newApiKey(input, now());
        insert.run(
          record.id,
          hash,
          record.tenant,
          record.admin ? 1 : 0,
          record.name,
          record.prefix,
          record.createdAt,
        );
        return { key, record };
      });
    },

    verify(key) {
      return call(() => {
        if (!looksLikeApiKey(key)) return null;
        const row = byHash.get(hashApiKey(key)) as ApiKeyRow | undefined;
        return row ? toRecord(row) : null;
      });
    },

    list() {
      return call(() => (all.all() as ApiKeyRow[]).map(toRecord));
    },

    revoke(id) {
      return call(() => {
        revoke.run(now(), id);
        const row = byId.get(id) as ApiKeyRow | undefined;
        if (!row) throw apiKeyNotFound(id);
        return toRecord(row);
      });
    },

    hasActiveKeys() {
      return call(() => anyActive.get() !== undefined);
    },

    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
