/** The API key store contract on PostgreSQL (each store in a fresh schema, dropped afterwards), and where the keys live there. */
import { describe, expect, it } from "vitest";
import type { ApiKeyStore } from "../../src/spec/api-keys.js";
import { createPostgresApiKeyStore, createPostgresStore } from "../../src/stores/postgres/index.js";
import { POSTGRES_SCHEMA_VERSION } from "../../src/stores/postgres/schema.js";
import { assertOutsideTenantData, assertTenantBound } from "../../src/stores/postgres/tenant-sql.js";
import {
  adminQuery,
  dropSchema,
  SKIP_REASON,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "../stores/postgres-helpers.js";
import { runApiKeyStoreContract } from "./api-key-store-contract.js";

describe("the keys table stays outside tenant-sql's tenant-bound tables", () => {
  it("lets a key statement name engram_api_keys only, and never mistakes it for engram_keys", () => {
    expect(() => assertOutsideTenantData("SELECT id FROM engram_api_keys WHERE key_hash = $1")).not.toThrow();
    expect(() =>
      assertOutsideTenantData("SELECT m.id FROM engram_memories AS m WHERE m.tenant = $1"),
    ).toThrow("tenant-sql: engram_memories holds a tenant's rows; build this statement with tenantStatement");
    expect(() =>
      assertOutsideTenantData("SELECT a.id FROM engram_api_keys AS a JOIN engram_keys AS k ON true"),
    ).toThrow(/engram_keys holds a tenant's rows/);
    expect(() => assertTenantBound("SELECT id FROM engram_api_keys")).not.toThrow();
  });
});

if (TEST_DATABASE_URL === undefined) {
  describe("API key store contract: postgres", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const url = TEST_DATABASE_URL;

  runApiKeyStoreContract("postgres", async (now) => {
    const schema = uniqueSchema("keys");
    const open = () => createPostgresApiKeyStore({ url, schema, now, poolSize: 2 });
    const stores: ApiKeyStore[] = [open()];
    return {
      keys: stores[0] as ApiKeyStore,
      openAgain() {
        const store = open();
        stores.push(store);
        return store;
      },
      storedRows: () => adminQuery(url, `SELECT * FROM ${schema}.engram_api_keys ORDER BY created_at, id`),
      async cleanup() {
        for (const store of stores) await store.close();
        await dropSchema(url, schema);
      },
    };
  });

  describe("PostgreSQL API keys beside the memories", () => {
    it("keeps them in engram_api_keys of the memories' schema, created by the same migrations", async () => {
      const schema = uniqueSchema("keys_beside");
      const keys = createPostgresApiKeyStore({ url, schema, poolSize: 1 });
      const store = createPostgresStore({ url, schema, poolSize: 1 });
      try {
        // the key store, opened first, migrates the whole schema; the memory store then finds it current
        const { key, record } = await keys.create({ tenant: "acme" });
        expect((await store.stats()).memories).toBe(0);
        const tables = await adminQuery<{ table_name: string }>(
          url,
          "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('engram_api_keys', 'engram_memories', 'engram_meta') ORDER BY table_name",
          [schema],
        );
        expect(tables.map((row) => row.table_name)).toEqual([
          "engram_api_keys",
          "engram_memories",
          "engram_meta",
        ]);
        expect(
          await adminQuery(url, `SELECT value FROM ${schema}.engram_meta WHERE key = 'schema_version'`),
        ).toEqual([{ value: String(POSTGRES_SCHEMA_VERSION) }]);
        expect(POSTGRES_SCHEMA_VERSION).toBe(11);
        const columns = await adminQuery<{ column_name: string; data_type: string; is_nullable: string }>(
          url,
          "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'engram_api_keys' ORDER BY ordinal_position",
          [schema],
        );
        expect(columns).toEqual([
          { column_name: "id", data_type: "text", is_nullable: "NO" },
          { column_name: "key_hash", data_type: "text", is_nullable: "NO" },
          { column_name: "tenant", data_type: "text", is_nullable: "NO" },
          { column_name: "admin", data_type: "boolean", is_nullable: "NO" },
          { column_name: "name", data_type: "text", is_nullable: "YES" },
          { column_name: "prefix", data_type: "text", is_nullable: "NO" },
          { column_name: "created_at", data_type: "bigint", is_nullable: "NO" },
          { column_name: "revoked_at", data_type: "bigint", is_nullable: "YES" },
        ]);
        expect(await keys.verify(key)).toEqual(record);
      } finally {
        await keys.close();
        await store.close();
        await dropSchema(url, schema);
      }
    });
  });
}
