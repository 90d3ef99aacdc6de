/** API keys kept in process memory: a SHA-256 hash of each key, never the key, in a table several store objects can share. */
import type { ApiKeyRecord, ApiKeyStore } from "../../spec/api-keys.js";
import { apiKeyNotFound, hashApiKey, looksLikeApiKey, newApiKey } from "../api-key-common.js";
import { storeClosed } from "../runtime/store-errors.js";
import { compareIds } from "../runtime/store-rules.js";

/** A stored key, with the columns the SQL stores have. */
export interface MemoryApiKeyRow {
  id: string;
  key_hash: string;
  tenant: string;
  admin: boolean;
  name: string | null;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

/** The keys' table: pass the same one to several stores and they share their keys, as stores over one database do. */
export interface MemoryApiKeyTable {
  readonly rows: Map<string, MemoryApiKeyRow>;
}

export interface MemoryApiKeyStoreOptions {
  /** The table to keep the keys in; a new, empty one when omitted. */
  table?: MemoryApiKeyTable;
  now?: () => number;
}

export function createMemoryApiKeyTable(): MemoryApiKeyTable {
  return { rows: new Map() };
}

function toRecord(row: MemoryApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    admin: row.admin,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * API keys in process memory, for tests and short-lived servers.
 * @example
 * const keys = createMemoryApiKeyStore();
 * const { key } = await keys.create({ tenant: "acme" }); // show `key` once; only its hash is kept
 * (await keys.verify(key))?.tenant; // "acme"
 */
export function createMemoryApiKeyStore(options: MemoryApiKeyStoreOptions = {}): ApiKeyStore {
  const table = options.table ?? createMemoryApiKeyTable();
  const now = options.now ?? Date.now;
  let closed = false;

  async function call<T>(work: () => T): Promise<T> {
    if (closed) throw storeClosed("memory:api-keys", "createMemoryApiKeyStore");
    return work();
  }

  return {
    create(input) {
      return call(() => {
        const { key, hash, record } = newApiKey(input, now());
        table.rows.set(record.id, {
          id: record.id,
          key_hash: hash,
          tenant: record.tenant,
          admin: record.admin,
          name: record.name,
          prefix: record.prefix,
          created_at: record.createdAt,
          revoked_at: null,
        });
        return { key, record };
      });
    },

    verify(key) {
      return call(() => {
        if (!looksLikeApiKey(key)) return null;
        const hash = hashApiKey(key);
        for (const row of table.rows.values()) {
          if (row.key_hash === hash && row.revoked_at === null) return toRecord(row);
        }
        return null;
      });
    },

    list() {
      return call(() =>
        [...table.rows.values()]
          .sort((a, b) => b.created_at - a.created_at || compareIds(b.id, a.id))
          .map(toRecord),
      );
    },

    revoke(id) {
      return call(() => {
        const row = table.rows.get(id);
        if (!row) throw apiKeyNotFound(id);
        if (row.revoked_at === null) table.rows.set(id, { ...row, revoked_at: now() });
        return toRecord(table.rows.get(id) as MemoryApiKeyRow);
      });
    },

    hasActiveKeys() {
      return call(() => [...table.rows.values()].some((row) => row.revoked_at === null));
    },

    async close() {
      closed = true;
    },
  };
}
