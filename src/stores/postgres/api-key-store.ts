/** API keys in the PostgreSQL database that holds the memories (table `engram_api_keys`): a SHA-256 hash of each key, never the key. */
import type pg from "pg";
import type { ApiKeyRecord, ApiKeyStore, NewApiKeyInput } from "../../spec/api-keys.js";
import { apiKeyNotFound, hashApiKey, looksLikeApiKey, newApiKey } from "../api-key-common.js";
import { createPostgresConnection } from "./connection.js";
import { assertOutsideTenantData } from "./tenant-sql.js";

export interface PostgresApiKeyStoreOptions {
  /** postgres://user:password@host:port/database: the same database (and schema) as the PostgreSQL store's. */
  url: string;
  /** The Postgres schema that holds Engram's tables (created and migrated when missing). Default "public". */
  schema?: string;
  /** Connections in the pool. Default 4: a server verifies a key per request, one short statement each. */
  poolSize?: number;
  /** How long an operation keeps trying to reach a server that went away (restart, failover). Default 10 s. */
  reconnectTimeoutMs?: number;
  /** The application_name the server shows for these connections. Default "engram-keys". */
  applicationName?: string;
  now?: () => number;
}

interface ApiKeyRow {
  id: string;
  tenant: string;
  admin: boolean;
  name: string | null;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

/**
 * The only statements of this store. Keys are not a tenant's data: a key is found by its hash before any tenant is
 * known, and names the tenant it opens. So they do not go through tenantStatement (which binds a tenant as $1);
 * instead each is checked, once, to touch no tenant-bound table, which keeps tenant-sql's guarantee for those.
 */
const COLUMNS = "id, tenant, admin, name, prefix, created_at, revoked_at";
const STATEMENTS = {
  insert: `INSERT INTO engram_api_keys (id, key_hash, tenant, admin, name, prefix, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  byHash: `SELECT ${COLUMNS} FROM engram_api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
  all: `SELECT ${COLUMNS} FROM engram_api_keys ORDER BY created_at DESC, id DESC`,
  // Revoking twice keeps the first revocation time, so a retried revoke changes nothing.
  revoke: `UPDATE engram_api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING ${COLUMNS}`,
  anyActive: "SELECT EXISTS (SELECT 1 FROM engram_api_keys WHERE revoked_at IS NULL) AS active",
} as const;
for (const text of Object.values(STATEMENTS)) assertOutsideTenantData(text);

function toRecord(row: ApiKeyRow): ApiKeyRecord {
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
 * Opens the API keys kept in an Engram PostgreSQL database, creating or migrating its tables on first use: every
 * `engram serve` over this database sees the same keys.
 * @example
 * const keys = createPostgresApiKeyStore({ url: "postgres://engram@db.internal:5432/engram" });
 * const { key } = await keys.create({ tenant: "acme" }); // show `key` once; only its hash is kept
 * (await keys.verify(key))?.tenant; // "acme"
 * await keys.close();
 */
export function createPostgresApiKeyStore(options: PostgresApiKeyStoreOptions): ApiKeyStore {
  const connection = createPostgresConnection({
    url: options.url,
    poolSize: options.poolSize ?? 4,
    schema: options.schema,
    reconnectTimeoutMs: options.reconnectTimeoutMs,
    applicationName: options.applicationName ?? "engram-keys",
    factory: "createPostgresApiKeyStore",
  });
  const now = options.now ?? Date.now;

  /** One statement (its own transaction); `retry` when running it twice is safe: reads, and the revoke. */
  async function query<Row extends pg.QueryResultRow = ApiKeyRow>(
    text: string,
    values: unknown[],
    retry: boolean,
  ): Promise<Row[]> {
    return (await connection.run((client) => client.query<Row>(text, values), retry)).rows;
  }

  return {
    async create(input: NewApiKeyInput) {
      const { key, hash, record } = newApiKey(input, now());
      // Not retried: had the INSERT committed before the connection died, a second one would fail on the id.
      await query(
        STATEMENTS.insert,
        [record.id, hash, record.tenant, record.admin, record.name, record.prefix, record.createdAt],
        false,
      );
      return { key, record };
    },

    async verify(key) {
      if (!looksLikeApiKey(key)) return null;
      const [row] = await query(STATEMENTS.byHash, [hashApiKey(key)], true);
      return row ? toRecord(row) : null;
    },

    async list() {
      return (await query(STATEMENTS.all, [], true)).map(toRecord);
    },

    async revoke(id) {
      const [row] = await query(STATEMENTS.revoke, [now(), id], true);
      if (!row) throw apiKeyNotFound(id);
      return toRecord(row);
    },

    async hasActiveKeys() {
      const [row] = await query<{ active: boolean }>(STATEMENTS.anyActive, [], true);
      return row?.active === true;
    },

    close() {
      return connection.close();
    },
  };
}
